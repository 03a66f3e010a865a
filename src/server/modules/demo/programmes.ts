import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Random } from '../../../core/random.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { actOnProgramme, createProgramme, putContactPolicy } from '../programmes/service.ts';

/**
 * The demo company's listening programmes — one of each kind — its contact policy, and two years of
 * invitation history behind the demo's responses: every demo response came through an invitation
 * (a service call's event, or the yearly relationship wave), beside invitations nobody answered,
 * some that bounced or were unsubscribed, and the ones the contact policy held back, with reasons.
 */

const DAY = 86_400_000;

interface Ids {
  relationshipSurveyId: string;
  serviceSurveyId: string;
}

export async function createDemoProgrammes(svc: Services, actor: Actor, rnd: Random, ids: Ids): Promise<void> {
  await putContactPolicy(svc, actor, {
    maxPerContact: { count: 4, windowDays: 365 },
    minGapDays: 30,
    newContactDelayDays: 7,
    maxPerAccount: { count: 3, windowDays: 7 },
    relationshipPriorityDays: 30,
    scoped: [{ name: 'Purchasing agents buy every week: no transactional surveys', scope: { audienceRoles: ['purchasing_agent'] }, excludeKinds: ['persistent'] }],
  });
  const companyId = actor.unitPath.split('/')[1] ?? '';
  const hasTouchPoint = async (key: string) =>
    (await svc.db.selectFrom('touch_points').select('id').where('company_id', '=', companyId).where('key', '=', key).executeTakeFirst()) !== undefined;
  const now = svc.now();

  const service = await createProgramme(svc, actor, {
    name: 'Service request follow-up',
    surveyId: ids.serviceSurveyId,
    touchPointKey: (await hasTouchPoint('service-call')) ? 'service-call' : null,
    config: { kind: 'persistent', trigger: { eventType: 'service_call.closed' }, delayMinutes: 60, unknownContacts: 'skip', reminders: { count: 1, afterDays: 3 }, expiresAfterDays: 14 },
  });
  const relationship = await createProgramme(svc, actor, {
    name: 'Key-account relationship, yearly',
    surveyId: ids.relationshipSurveyId,
    touchPointKey: (await hasTouchPoint('relationship')) ? 'relationship' : null,
    config: { kind: 'periodic', cadence: 'yearly', population: { ref: 'account:key_account', op: 'equals', value: 'true' }, ownerNoticeDays: 14, reminders: { count: 2, afterDays: 7 } },
  });
  const pulse = await createProgramme(svc, actor, {
    name: 'Reporting portal study (IT contacts)',
    surveyId: ids.relationshipSurveyId,
    touchPointKey: (await hasTouchPoint('reporting-portal')) ? 'reporting-portal' : null,
    quota: 25,
    config: {
      kind: 'pulsed',
      segment: { ref: 'audience', op: 'equals', value: 'it' },
      sample: { method: 'stratified', size: 60, stratifyBy: 'account:market' },
      // Under way: its invitations go out as soon as Corridor runs (into the outbox, without SMTP_URL).
      startAt: new Date(now.getTime() - DAY).toISOString(),
      endAt: new Date(now.getTime() + 20 * DAY).toISOString(),
      sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
      reminders: { count: 1, afterDays: 5 },
    },
  });

  // The customers have been known as long as their answers go back (the policy waits a week for new contacts).
  const known = new Date(now.getTime() - 760 * DAY);
  await svc.db.updateTable('contacts').set({ created_at: known }).where('company_id', '=', companyId).execute();
  await svc.db.updateTable('accounts').set({ created_at: known }).where('company_id', '=', companyId).execute();
  await writeHistory(svc, rnd, { serviceProgrammeId: service.id, relationshipProgrammeId: relationship.id, companyId, ...ids });
  // Activate last: planning then sees this year's relationship invitations and plans only the rest.
  for (const p of [service, relationship, pulse]) await actOnProgramme(svc, actor, p.id, 'activate');
}

const SUPPRESSIONS: readonly (readonly [string, string, number])[] = [
  ['min_gap', 'Invited 12 days ago; the policy asks for 30 days between invitations', 5],
  ['contact_cap', '4 invitations in the last 365 days; the policy allows 4', 2],
  ['account_cap', '3 contacts of this account were invited in the last 7 days; the policy allows 3', 3],
  ['excluded_by_rule', 'Rule “Purchasing agents buy every week: no transactional surveys”', 0],
  ['relationship_priority', 'A relationship survey is due within 30 days; it takes priority', 1],
];

/** Invitations behind the demo's responses, and the ones around them. */
async function writeHistory(svc: Services, rnd: Random, ids: Ids & { serviceProgrammeId: string; relationshipProgrammeId: string; companyId: string }): Promise<void> {
  const db = svc.db;
  const responses = await db
    .selectFrom('responses as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.survey_id', 'r.contact_id', 'r.account_id', 'r.unit_id', 'r.submitted_at', 'c.audience_role'])
    .where('r.survey_id', 'in', [ids.serviceSurveyId, ids.relationshipSurveyId])
    .where('r.contact_id', 'is not', null)
    .orderBy('r.submitted_at')
    .orderBy('r.contact_id')
    .execute();
  const contacts = await db.selectFrom('contacts').select(['id', 'account_id', 'unit_id', 'audience_role', 'opted_out_at', 'bounce_state']).where('company_id', '=', ids.companyId).orderBy('id').execute();
  const events: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const invitations: Record<string, unknown>[] = [];
  const linked: { responseId: string; linkId: string }[] = [];
  const seen = new Set<string>();
  const yearOf = (d: Date) => String(d.getUTCFullYear());

  for (const r of responses) {
    const at = new Date(r.submitted_at);
    const service = r.survey_id === ids.serviceSurveyId;
    const programmeId = service ? ids.serviceProgrammeId : ids.relationshipProgrammeId;
    let wave = yearOf(at);
    let eventId: string | null = null;
    const sentAt = new Date(at.getTime() - (service ? rnd.int(1, 30) * 3_600_000 : rnd.int(1, 9) * DAY));
    if (service) {
      eventId = randomUUID();
      wave = `SR-${String(100_000 + events.length)}`;
      events.push({ id: eventId, company_id: ids.companyId, external_id: wave, type: 'service_call.closed', occurred_at: new Date(sentAt.getTime() - 3_600_000), contact_id: r.contact_id, account_id: r.account_id, attributes: JSON.stringify({ channel: rnd.pick(['phone', 'portal', 'on_site']) }), outcomes: '[]' });
    } else if (seen.has(`${r.contact_id}:${wave}`)) continue;
    seen.add(`${r.contact_id}:${wave}`);
    const linkId = randomUUID();
    links.push({ id: linkId, survey_id: r.survey_id, contact_id: r.contact_id, token_hash: hashToken(newToken()) });
    linked.push({ responseId: r.id, linkId });
    invitations.push({
      programme_id: programmeId,
      company_id: ids.companyId,
      survey_id: r.survey_id,
      contact_id: r.contact_id,
      account_id: r.account_id,
      unit_id: r.unit_id,
      wave,
      event_id: eventId,
      status: 'sent',
      scheduled_at: sentAt,
      sent_at: sentAt,
      opened_at: new Date(sentAt.getTime() + rnd.int(5, 600) * 60_000 > at.getTime() ? at.getTime() - 120_000 : sentAt.getTime() + rnd.int(5, 600) * 60_000),
      started_at: new Date(at.getTime() - rnd.int(30, 300) * 1_000),
      personal_link_id: linkId,
      expires_at: new Date(sentAt.getTime() + 14 * DAY),
    });
  }
  // Around every hundred answered invitations: about sixty unanswered, a few bounced or unsubscribed, and the policy's holds.
  const unanswered = Math.round(invitations.length * 0.6);
  const end = svc.now().getTime() - 2 * DAY;
  const start = end - 700 * DAY;
  for (let i = 0; i < unanswered && contacts.length > 0; i++) {
    const c = rnd.pick(contacts);
    const sentAt = new Date(start + rnd.next() * (end - start));
    const service = c.audience_role !== 'purchasing_agent' && rnd.chance(0.75);
    const eventId = service ? randomUUID() : null;
    const wave = service ? `SR-${String(100_000 + events.length)}` : yearOf(sentAt);
    if (!service && seen.has(`${c.id}:${wave}`)) continue;
    seen.add(`${c.id}:${wave}`);
    if (eventId) events.push({ id: eventId, company_id: ids.companyId, external_id: wave, type: 'service_call.closed', occurred_at: new Date(sentAt.getTime() - 3_600_000), contact_id: c.id, account_id: c.account_id, attributes: JSON.stringify({ channel: rnd.pick(['phone', 'portal', 'on_site']) }), outcomes: '[]' });
    const roll = rnd.next();
    const base = { programme_id: service ? ids.serviceProgrammeId : ids.relationshipProgrammeId, company_id: ids.companyId, survey_id: service ? ids.serviceSurveyId : ids.relationshipSurveyId, contact_id: c.id, account_id: c.account_id, unit_id: c.unit_id, wave, event_id: eventId, scheduled_at: sentAt };
    if (roll < 0.14) {
      const [reason, detail] = rnd.weighted(SUPPRESSIONS.filter(([r]) => service || r !== 'relationship_priority').map((s) => [s, s[2] || 0.5] as const));
      invitations.push({ ...base, status: 'suppressed', suppression_reason: reason, suppression_detail: detail });
      continue;
    }
    const linkId = randomUUID();
    links.push({ id: linkId, survey_id: base.survey_id, contact_id: c.id, token_hash: hashToken(newToken()) });
    invitations.push({
      ...base,
      status: 'sent',
      sent_at: sentAt,
      personal_link_id: linkId,
      opened_at: rnd.chance(0.45) ? new Date(sentAt.getTime() + rnd.int(10, 3000) * 60_000) : null,
      bounced_at: roll > 0.975 ? new Date(sentAt.getTime() + 60_000) : null,
      unsubscribed_at: roll > 0.96 && roll <= 0.975 ? new Date(sentAt.getTime() + rnd.int(1, 48) * 3_600_000) : null,
      reminders_sent: service ? 1 : 2,
      expires_at: new Date(sentAt.getTime() + 14 * DAY),
    });
  }
  const chunk = <T>(rows: T[], n = 1_000) => Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, (i + 1) * n));
  for (const part of chunk(events)) await db.insertInto('events').values(part as never).execute();
  for (const part of chunk(links)) await db.insertInto('personal_links').values(part as never).execute();
  for (const part of chunk(invitations)) await db.insertInto('invitations').values(part as never).onConflict((oc) => oc.columns(['programme_id', 'contact_id', 'wave']).doNothing()).execute();
  for (const part of chunk(linked)) {
    await sql`
      update responses r set personal_link_id = v.link
        from unnest(${part.map((p) => p.responseId)}::uuid[], ${part.map((p) => p.linkId)}::uuid[]) as v(id, link)
       where r.id = v.id`.execute(db);
  }
}
