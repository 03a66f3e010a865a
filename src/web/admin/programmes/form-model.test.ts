import { describe, expect, it } from 'vitest';
import { ProgrammeCreateSchema, type Programme } from '../../../contract/programmes.ts';
import { ProgrammeConfigSchema } from '../../../core/programme.ts';
import { emptyProgrammeForm, fromProgramme, isoToLocal, localToIso, toCreateInput, type ProgrammeFormState } from './form-model.ts';

const UNIT = '00000000-0000-4000-8000-000000000001';
const SURVEY = '00000000-0000-4000-8000-000000000002';

function form(patch: Partial<ProgrammeFormState>): ProgrammeFormState {
  return { ...emptyProgrammeForm(UNIT), name: 'After service calls', surveyId: SURVEY, ...patch };
}

/** A saved programme as the API would present the body the form sent. */
function saved(state: ProgrammeFormState): Programme {
  const body = ProgrammeCreateSchema.parse(JSON.parse(JSON.stringify(toCreateInput(state))));
  return {
    id: '00000000-0000-4000-8000-000000000003',
    name: body.name,
    kind: body.config.kind,
    status: 'draft',
    survey: { id: body.surveyId, title: 'Service', slug: 'service', status: 'live' },
    unitId: body.unitId ?? UNIT,
    unitName: 'Company',
    touchPoint: body.touchPointKey ? { key: body.touchPointKey, name: body.touchPointKey } : null,
    quota: body.quota ?? null,
    quotaReached: false,
    config: ProgrammeConfigSchema.parse(body.config),
    stats: { scheduled: 0, suppressed: 0, sent: 0, failed: 0, cancelled: 0, opened: 0, started: 0, completed: 0, bounced: 0, unsubscribed: 0, responseRate: null },
    createdAt: '2026-01-01T00:00:00Z',
    activatedAt: null,
  };
}

describe('the programme form model', () => {
  it('sends a persistent programme the create schema accepts, the delay in minutes', () => {
    const body = ProgrammeCreateSchema.parse(
      toCreateInput(form({ kind: 'persistent', delay: 2, delayUnit: 'hours', excludeRoles: ['purchasing_agent'], triggerFilter: { ref: 'event:outcome', op: 'equals', value: 'resolved' } })),
    );
    expect(body.config).toMatchObject({
      kind: 'persistent',
      trigger: { eventType: 'service_call.closed', filter: { ref: 'event:outcome', op: 'equals', value: 'resolved' } },
      delayMinutes: 120,
      unknownContacts: 'skip',
      excludeRoles: ['purchasing_agent'],
      overrides: {},
    });
    expect(body.touchPointKey).toBeNull();
    expect(body.quota).toBeNull();
  });

  it('sends overrides only where the programme departs from the policy', () => {
    const body = ProgrammeCreateSchema.parse(toCreateInput(form({ kind: 'periodic', capMode: 'own', capCount: 1, capWindowDays: 180, gapMode: 'none', ignoreAccountCap: true })));
    expect(body.config.overrides).toEqual({ maxPerContact: { count: 1, windowDays: 180 }, minGapDays: null, ignoreAccountCap: true });
  });

  it('leaves a cleared required number out, so the server names it', () => {
    const result = ProgrammeCreateSchema.safeParse(JSON.parse(JSON.stringify(toCreateInput(form({ kind: 'pulsed', sampleMethod: 'random', sampleSize: undefined, startAt: '2026-05-04T09:00', endAt: '2026-05-05T09:00' })))));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('config.sample.size');
  });

  it('turns datetime-local values into ISO with the browser’s offset, and back', () => {
    const iso = localToIso('2026-05-04T09:30');
    expect(iso).toMatch(/^2026-05-04T09:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso).getTime()).toBe(new Date('2026-05-04T09:30').getTime());
    expect(isoToLocal(iso)).toBe('2026-05-04T09:30');
    expect(localToIso('')).toBe('');
  });

  it('edits what it saved: a saved programme comes back as the same form', () => {
    const cases: ProgrammeFormState[] = [
      form({ kind: 'persistent', delay: 90, delayUnit: 'minutes', unknownContacts: 'create', quota: 50, touchPointKey: 'service-call', days: [1, 2, 3], startHour: 8, endHour: 18 }),
      form({ kind: 'periodic', cadence: 'quarterly', ownerNoticeDays: 7, gapMode: 'own', gapDays: 60, newContactDelayDays: 10 }),
      form({ kind: 'pulsed', segment: { ref: 'account:market', op: 'equals', value: 'healthcare' }, sampleMethod: 'stratified', sampleSize: 40, stratifyBy: 'audience', startAt: '2026-05-04T09:00', endAt: '2026-05-18T17:00', capMode: 'none' }),
    ];
    for (const state of cases) {
      const again = fromProgramme(saved(state));
      expect(toCreateInput(again)).toEqual(toCreateInput(state));
    }
  });
});
