import { sql } from 'kysely';
import type { Invitation, Rates } from '../../../contract/programmes.ts';
import type { InvitationQuerySchema, RateGroupingSchema } from '../../../contract/programmes.ts';
import type { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import type { Candidate, ProgrammeRef } from './candidates.ts';

/** Invitations: planning them, listing them, and response rates over them. */

const CHUNK = 2_000;

/** Writes planned invitations; one per programme × contact × wave, so planning twice changes nothing. */
export async function insertInvitations(db: Db, p: ProgrammeRef, surveyId: string, candidates: readonly Candidate[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    const result = await db
      .insertInto('invitations')
      .values(
        chunk.map((c) => ({
          programme_id: p.id,
          company_id: p.companyId,
          survey_id: surveyId,
          contact_id: c.member.contactId,
          account_id: c.member.accountId,
          unit_id: c.member.unitId,
          wave: c.wave,
          event_id: c.eventId,
          scheduled_at: c.at,
          expires_at: c.expiresAt,
        })),
      )
      .onConflict((oc) => oc.columns(['programme_id', 'contact_id', 'wave']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

type InvitationQuery = z.infer<typeof InvitationQuerySchema>;

/** Invitations of a programme (or of a contact), within a unit path, newest planned first. */
export async function queryInvitations(
  db: Db,
  where: { programmeId?: string; contactId?: string; accountId?: string; unitPath: string },
  q: InvitationQuery,
): Promise<{ invitations: Invitation[]; total: number }> {
  let base = db
    .selectFrom('invitations as i')
    .innerJoin('programmes as p', 'p.id', 'i.programme_id')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .leftJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('responses as r', (j) => j.onRef('r.personal_link_id', '=', 'i.personal_link_id').on('r.status', '=', 'complete'))
    .where('u.path', 'like', `${where.unitPath}%`);
  if (where.programmeId) base = base.where('i.programme_id', '=', where.programmeId);
  if (where.contactId) base = base.where('i.contact_id', '=', where.contactId);
  if (where.accountId) base = base.where('i.account_id', '=', where.accountId);
  if (q.status) base = base.where('i.status', '=', q.status);
  if (q.reason) base = base.where('i.suppression_reason', '=', q.reason);
  const [rows, total] = await Promise.all([
    base
      .select([
        'i.id',
        'i.programme_id',
        'p.name as programme_name',
        'i.wave',
        'i.status',
        'i.scheduled_at',
        'i.sent_at',
        'i.opened_at',
        'i.started_at',
        'r.submitted_at as completed_at',
        'i.bounced_at',
        'i.unsubscribed_at',
        'i.reminders_sent',
        'i.suppression_reason',
        'i.suppression_detail',
        'c.id as contact_id',
        'c.email',
        'c.name',
        'c.audience_role',
        'a.id as account_id',
        'a.name as account_name',
      ])
      .orderBy('i.scheduled_at', 'desc')
      .orderBy('i.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    total: Number(total.n),
    invitations: rows.map((r) => ({
      id: r.id,
      programmeId: r.programme_id,
      programmeName: r.programme_name,
      wave: r.wave,
      status: r.status,
      scheduledAt: new Date(r.scheduled_at).toISOString(),
      sentAt: iso(r.sent_at),
      openedAt: iso(r.opened_at),
      startedAt: iso(r.started_at),
      completedAt: iso(r.completed_at),
      bouncedAt: iso(r.bounced_at),
      unsubscribedAt: iso(r.unsubscribed_at),
      remindersSent: r.reminders_sent,
      reason: (r.suppression_reason as Invitation['reason']) ?? null,
      detail: r.suppression_detail,
      contactId: r.contact_id,
      email: r.email,
      name: r.name,
      audienceRole: r.audience_role,
      accountId: r.account_id,
      accountName: r.account_name,
    })),
  };
}

/** Response rates (completed of sent) of a programme by wave, account owner, unit or audience, within a unit path. */
export async function responseRates(db: Db, programmeId: string, unitPath: string, by: z.infer<typeof RateGroupingSchema>): Promise<Rates> {
  const key = {
    wave: sql`i.wave`,
    owner: sql`coalesce(o.id::text, '')`,
    unit: sql`u.id::text`,
    audience: sql`coalesce(c.audience_role, '')`,
  }[by];
  const label = {
    wave: sql`i.wave`,
    owner: sql`coalesce(o.name, 'No owner')`,
    unit: sql`u.name`,
    audience: sql`coalesce(c.audience_role, 'No role')`,
  }[by];
  const rows = await sql<{ key: string; label: string; sent: number; completed: number }>`
    select ${key} as key, min(${label}) as label,
           count(*) filter (where i.sent_at is not null)::int as sent,
           count(r.id)::int as completed
      from invitations i
      join units u on u.id = i.unit_id
      join contacts c on c.id = i.contact_id
      left join accounts a on a.id = i.account_id
      left join users o on o.id = a.owner_user_id
      left join responses r on r.personal_link_id = i.personal_link_id and r.status = 'complete'
     where i.programme_id = ${programmeId} and u.path like ${`${unitPath}%`}
     group by 1 order by 2`.execute(db);
  return { by, groups: rows.rows.map((r) => ({ ...r, rate: r.sent > 0 ? r.completed / r.sent : null })) };
}
