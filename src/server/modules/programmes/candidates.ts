import { sql } from 'kysely';
import type { ProgrammeConfig } from '../../../core/programme.ts';
import { drawSample, nextInWindow, periodOf, spreadSendDates } from '../../../core/programme-schedule.ts';
import type { Db } from '../../db/connect.ts';
import { loadPopulation, loadMembers, matchesFilter, type Member } from './population.ts';

/**
 * Who a programme would invite, and when: the periodic population spread over the period, the
 * pulsed segment's sample, or (for a dry run of a persistent programme) the contacts of recent
 * events. Planning writes these as scheduled invitations; a dry run passes them through the policy.
 */

export interface ProgrammeRef {
  id: string;
  companyId: string;
  unitPath: string;
  kind: ProgrammeConfig['kind'];
  config: ProgrammeConfig;
}

export interface Candidate {
  member: Member;
  wave: string;
  at: Date;
  eventId: string | null;
  expiresAt: Date | null;
}

export interface CandidateSet {
  /** What was looked at, in words. */
  basis: string;
  candidates: Candidate[];
}

const DAY = 86_400_000;

/** The stratum a member falls in, for a stratified sample. */
function stratumOf(field: string | undefined): (m: Member) => string {
  if (!field) return () => '';
  if (field === 'audience') return (m) => m.audienceRole ?? '';
  const [kind, name = ''] = field.split(':');
  return (m) => (kind === 'contact' ? m.fields.contact[name] : m.fields.account[name]) ?? '';
}

/** Who already has an invitation of this wave. */
async function plannedContacts(db: Db, programmeId: string, wave: string): Promise<Set<string>> {
  const rows = await db.selectFrom('invitations').select('contact_id').where('programme_id', '=', programmeId).where('wave', '=', wave).execute();
  return new Set(rows.map((r) => r.contact_id));
}

/** The members of a periodic or pulsed programme still to be planned now; persistent programmes replay recent events. */
export async function programmeCandidates(db: Db, p: ProgrammeRef, now: Date, opts: { onlyUnplanned: boolean }): Promise<CandidateSet> {
  const c = p.config;
  if (c.kind === 'periodic') {
    const period = periodOf(c.cadence, now);
    const from = new Date(Math.max(period.start.getTime(), now.getTime()));
    const members = await loadPopulation(db, p.companyId, p.unitPath, c.population);
    const planned = opts.onlyUnplanned ? await plannedContacts(db, p.id, period.key) : new Set<string>();
    const fresh = members.filter((m) => !planned.has(m.contactId));
    const dates = spreadSendDates(
      fresh.map((m) => m.contactId),
      `${p.id}:${period.key}`,
      from,
      period.end,
    );
    return {
      basis: `${members.length} contacts in the population for ${period.key}${planned.size ? `, ${planned.size} already planned` : ''}`,
      candidates: fresh.map((m) => ({
        member: m,
        wave: period.key,
        at: nextInWindow(dates.get(m.contactId) ?? from, m.timeZone, c.sendWindow),
        eventId: null,
        expiresAt: null,
      })),
    };
  }
  if (c.kind === 'pulsed') {
    const start = new Date(c.startAt);
    const end = new Date(c.endAt);
    if (opts.onlyUnplanned && (await plannedContacts(db, p.id, 'once')).size > 0) return { basis: 'The pulse is planned already', candidates: [] };
    const members = await loadPopulation(db, p.companyId, p.unitPath, c.segment);
    const chosen = drawSample(members, c.sample, p.id, stratumOf(c.sample.stratifyBy));
    const from = new Date(Math.max(start.getTime(), now.getTime()));
    return {
      basis: `${members.length} contacts in the segment; ${c.sample.method === 'all' ? 'all of them' : `a ${c.sample.method} sample of ${chosen.length}`}`,
      candidates: from >= end ? [] : chosen.map((m) => ({ member: m, wave: 'once', at: nextInWindow(from, m.timeZone, c.sendWindow), eventId: null, expiresAt: end })),
    };
  }
  // Persistent: replay the last 30 days of the trigger's events.
  const since = new Date(now.getTime() - 30 * DAY);
  const events = await sql<{ id: string; contact_id: string | null; occurred_at: Date; attributes: Record<string, string> }>`
    select id, contact_id, occurred_at, attributes from events
     where company_id = ${p.companyId} and type = ${c.trigger.eventType} and occurred_at >= ${since}
     order by occurred_at limit 5000`.execute(db);
  const members = await loadMembers(db, events.rows.flatMap((e) => (e.contact_id ? [e.contact_id] : [])));
  const candidates: Candidate[] = [];
  for (const e of events.rows) {
    const m = e.contact_id ? members.get(e.contact_id) : undefined;
    if (!m || !matchesFilter(c.trigger.filter, m, stringAttributes(e.attributes))) continue;
    candidates.push({ member: m, wave: e.id, at: persistentSendTime(c, new Date(e.occurred_at), m.timeZone, now), eventId: e.id, expiresAt: null });
  }
  return { basis: `${events.rows.length} ${c.trigger.eventType} events of the last 30 days, replayed`, candidates };
}

/** An event's invitation time: its delay after the event, not in the past, moved into the send window. */
export function persistentSendTime(c: Extract<ProgrammeConfig, { kind: 'persistent' }>, occurredAt: Date, timeZone: string, now: Date): Date {
  const due = Math.max(occurredAt.getTime() + c.delayMinutes * 60_000, now.getTime());
  return nextInWindow(new Date(due), timeZone, c.sendWindow);
}

export function stringAttributes(attrs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)]));
}
