import type { Condition } from '../../../core/conditions.ts';
import type { Cadence, ProgrammeConfigInput } from '../../../core/programme.ts';
import type { Programme, ProgrammeCreateInput } from '../api.ts';
import type { ProgrammeKind } from './describe.ts';

/**
 * The programme form's state and its translation to and from the API's shapes. Numbers the person
 * clears are undefined here; the server's validation names what is missing.
 */

export type OverrideMode = 'policy' | 'own' | 'none';

export interface ProgrammeFormState {
  name: string;
  surveyId: string;
  unitId: string;
  /** '' for none. */
  touchPointKey: string;
  quota: number | undefined;
  kind: ProgrammeKind | undefined;
  // persistent
  eventType: string;
  triggerFilter: Condition | undefined;
  delay: number | undefined;
  delayUnit: 'minutes' | 'hours';
  unknownContacts: 'create' | 'skip';
  // periodic
  cadence: Cadence;
  population: Condition | undefined;
  ownerNoticeDays: number | undefined;
  // pulsed
  segment: Condition | undefined;
  sampleMethod: 'all' | 'random' | 'stratified';
  sampleSize: number | undefined;
  stratifyBy: string;
  /** datetime-local values, in the browser's time zone. */
  startAt: string;
  endAt: string;
  // shared
  days: number[];
  startHour: number;
  endHour: number;
  reminderCount: number | undefined;
  reminderAfterDays: number | undefined;
  excludeRoles: string[];
  expiresAfterDays: number | undefined;
  capMode: OverrideMode;
  capCount: number | undefined;
  capWindowDays: number | undefined;
  gapMode: OverrideMode;
  gapDays: number | undefined;
  newContactDelayDays: number | undefined;
  ignoreAccountCap: boolean;
}

export function emptyProgrammeForm(unitId: string): ProgrammeFormState {
  return {
    name: '',
    surveyId: '',
    unitId,
    touchPointKey: '',
    quota: undefined,
    kind: undefined,
    eventType: 'service_call.closed',
    triggerFilter: undefined,
    delay: 1,
    delayUnit: 'hours',
    unknownContacts: 'skip',
    cadence: 'yearly',
    population: { all: [{ ref: 'account:key_account', op: 'equals', value: 'true' }] },
    ownerNoticeDays: 14,
    segment: undefined,
    sampleMethod: 'all',
    sampleSize: undefined,
    stratifyBy: '',
    startAt: '',
    endAt: '',
    days: [1, 2, 3, 4, 5],
    startHour: 9,
    endHour: 17,
    reminderCount: 1,
    reminderAfterDays: 5,
    excludeRoles: [],
    expiresAfterDays: 30,
    capMode: 'policy',
    capCount: 2,
    capWindowDays: 365,
    gapMode: 'policy',
    gapDays: 30,
    newContactDelayDays: undefined,
    ignoreAccountCap: false,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A datetime-local value ("2026-05-04T09:00") as ISO with the browser's offset ("2026-05-04T09:00:00+02:00"); '' stays ''. */
export function localToIso(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return local;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An ISO date-time as a datetime-local value in the browser's time zone. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A cleared number is left out of the body (JSON drops undefined): the server applies its default or names the field.
const num = (n: number | undefined): number => n as number;

/** The programme's config as the API takes it. */
export function toConfig(s: ProgrammeFormState): ProgrammeConfigInput {
  const overrides: NonNullable<ProgrammeConfigInput['overrides']> = {};
  if (s.capMode === 'own') overrides.maxPerContact = { count: num(s.capCount), windowDays: num(s.capWindowDays) };
  if (s.capMode === 'none') overrides.maxPerContact = null;
  if (s.gapMode === 'own') overrides.minGapDays = num(s.gapDays);
  if (s.gapMode === 'none') overrides.minGapDays = null;
  if (s.newContactDelayDays !== undefined) overrides.newContactDelayDays = s.newContactDelayDays;
  if (s.ignoreAccountCap) overrides.ignoreAccountCap = true;
  const shared = {
    sendWindow: { days: [...s.days].sort((a, b) => a - b), startHour: s.startHour, endHour: s.endHour },
    reminders: { count: num(s.reminderCount), afterDays: num(s.reminderAfterDays) },
    excludeRoles: s.excludeRoles,
    expiresAfterDays: num(s.expiresAfterDays),
    overrides,
  };
  if (s.kind === 'periodic') {
    return { kind: 'periodic', cadence: s.cadence, ...(s.population ? { population: s.population } : {}), ownerNoticeDays: num(s.ownerNoticeDays), ...shared };
  }
  if (s.kind === 'pulsed') {
    const sample =
      s.sampleMethod === 'all'
        ? { method: 'all' as const }
        : { method: s.sampleMethod, size: num(s.sampleSize), ...(s.sampleMethod === 'stratified' ? { stratifyBy: s.stratifyBy } : {}) };
    return { kind: 'pulsed', ...(s.segment ? { segment: s.segment } : {}), sample, startAt: localToIso(s.startAt), endAt: localToIso(s.endAt), ...shared };
  }
  const delayMinutes = s.delay === undefined ? num(undefined) : s.delayUnit === 'hours' ? s.delay * 60 : s.delay;
  return {
    kind: 'persistent',
    trigger: { eventType: s.eventType.trim(), ...(s.triggerFilter ? { filter: s.triggerFilter } : {}) },
    delayMinutes,
    unknownContacts: s.unknownContacts,
    ...shared,
  };
}

/** The whole form as a create body (also the body of a dry run of an unsaved programme). */
export function toCreateInput(s: ProgrammeFormState): ProgrammeCreateInput {
  return {
    name: s.name,
    surveyId: s.surveyId,
    ...(s.unitId ? { unitId: s.unitId } : {}),
    touchPointKey: s.touchPointKey === '' ? null : s.touchPointKey,
    quota: s.quota ?? null,
    config: toConfig(s),
  };
}

/** A saved programme as form state, to edit it. */
export function fromProgramme(p: Programme): ProgrammeFormState {
  const base = emptyProgrammeForm(p.unitId);
  const c = p.config;
  const o = c.overrides;
  const s: ProgrammeFormState = {
    ...base,
    name: p.name,
    surveyId: p.survey.id,
    unitId: p.unitId,
    touchPointKey: p.touchPoint?.key ?? '',
    quota: p.quota ?? undefined,
    kind: c.kind,
    days: [...c.sendWindow.days],
    startHour: c.sendWindow.startHour,
    endHour: c.sendWindow.endHour,
    reminderCount: c.reminders.count,
    reminderAfterDays: c.reminders.afterDays,
    excludeRoles: [...c.excludeRoles],
    expiresAfterDays: c.expiresAfterDays,
    capMode: o.maxPerContact === undefined ? 'policy' : o.maxPerContact === null ? 'none' : 'own',
    capCount: o.maxPerContact?.count ?? base.capCount,
    capWindowDays: o.maxPerContact?.windowDays ?? base.capWindowDays,
    gapMode: o.minGapDays === undefined ? 'policy' : o.minGapDays === null ? 'none' : 'own',
    gapDays: o.minGapDays ?? base.gapDays,
    newContactDelayDays: o.newContactDelayDays,
    ignoreAccountCap: o.ignoreAccountCap === true,
  };
  if (c.kind === 'persistent') {
    const hours = c.delayMinutes % 60 === 0;
    return { ...s, eventType: c.trigger.eventType, triggerFilter: c.trigger.filter, delay: hours ? c.delayMinutes / 60 : c.delayMinutes, delayUnit: hours ? 'hours' : 'minutes', unknownContacts: c.unknownContacts };
  }
  if (c.kind === 'periodic') return { ...s, cadence: c.cadence, population: c.population, ownerNoticeDays: c.ownerNoticeDays };
  return {
    ...s,
    segment: c.segment,
    sampleMethod: c.sample.method,
    sampleSize: c.sample.size,
    stratifyBy: c.sample.stratifyBy ?? '',
    startAt: isoToLocal(c.startAt),
    endAt: isoToLocal(c.endAt),
  };
}
