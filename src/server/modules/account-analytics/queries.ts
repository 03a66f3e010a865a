import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AssessmentRating } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/** The SQL of account analytics: accounts in the reader's scope, their responses, assessments and invitations. */

export interface ScopedAccount {
  id: string;
  code: string | null;
  name: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  ownerId: string | null;
  ownerName: string | null;
  keyAccount: boolean;
  billedRevenue: number | null;
  bookedRevenue: number | null;
  potentialRevenue: number | null;
}

/** Every account the actor may see (customers/accounts.ts uses the same rule: the account's unit under the actor's). */
export async function loadScopedAccounts(db: Db, actor: Actor): Promise<ScopedAccount[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('users as o', 'o.id', 'a.owner_user_id')
    .select(['a.id', 'a.code', 'a.name', 'a.unit_id', 'u.name as unit_name', 'u.path', 'a.owner_user_id', 'o.name as owner_name', 'a.key_account', 'a.billed_revenue', 'a.booked_revenue', 'a.potential_revenue'])
    .where('a.company_id', '=', companyIdOf(actor.unitPath))
    .where('u.path', 'like', `${actor.unitPath}%`)
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitPath: r.path,
    ownerId: r.owner_user_id,
    ownerName: r.owner_name,
    keyAccount: r.key_account,
    billedRevenue: r.billed_revenue === null ? null : Number(r.billed_revenue),
    bookedRevenue: r.booked_revenue === null ? null : Number(r.booked_revenue),
    potentialRevenue: r.potential_revenue === null ? null : Number(r.potential_revenue),
  }));
}

export interface AccountResponseRow {
  id: string;
  surveyId: string;
  versionId: string;
  accountId: string;
  contactId: string | null;
  role: string | null;
  audience: string | null;
  answers: Record<string, unknown>;
  submittedAt: Date;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/**
 * Responses of these accounts (the caller's, already scoped) to these surveys, submitted from the first
 * day to the last (inclusive). By account id rather than a join on units: the planner cannot misjudge it.
 */
export async function loadAccountResponses(db: Db, accountIds: readonly string[], surveyIds: readonly string[], from: string, to: string): Promise<AccountResponseRow[]> {
  if (surveyIds.length === 0 || accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('responses as r')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.survey_id', 'r.version_id', 'r.account_id', 'r.contact_id', sql<string | null>`coalesce(c.audience_role, r.audience)`.as('role'), 'r.audience', 'r.answers', 'r.submitted_at'])
    .where('r.account_id', '=', sql<string>`any(${[...accountIds]}::uuid[])`)
    .where('r.survey_id', '=', sql<string>`any(${[...surveyIds]}::uuid[])`)
    .where('r.submitted_at', '>=', startOfDay(from))
    .where('r.submitted_at', '<', endOfDay(to))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    versionId: r.version_id,
    accountId: r.account_id ?? '',
    contactId: r.contact_id,
    role: r.role,
    audience: r.audience,
    answers: r.answers,
    submittedAt: new Date(r.submitted_at),
  }));
}

export interface LatestAssessment {
  rating: AssessmentRating;
  assessedOn: string;
}

/** Each account's latest assessment made on or before a day. */
export async function loadLatestAssessments(db: Db, accountIds: readonly string[], onOrBefore: string): Promise<Map<string, LatestAssessment>> {
  const latest = new Map<string, LatestAssessment>();
  if (accountIds.length === 0) return latest;
  const rows = await db
    .selectFrom('account_assessments')
    .select(['account_id', 'rating', 'assessed_on'])
    .where('account_id', '=', sql<string>`any(${[...accountIds]}::uuid[])`)
    .where('assessed_on', '<=', onOrBefore)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  for (const r of rows) if (!latest.has(r.account_id)) latest.set(r.account_id, { rating: r.rating, assessedOn: String(r.assessed_on).slice(0, 10) });
  return latest;
}

export interface InvitationSilence {
  accountId: string;
  sent: number;
  lastInvitedAt: Date;
  answeredInWindow: boolean;
  lastResponseAt: Date | null;
}

/**
 * Invitations to these surveys sent to these accounts in the window, whether the account answered any of
 * the surveys in the window, and its last response ever (to any survey).
 */
export async function loadInvitationSilence(db: Db, accountIds: readonly string[], surveyIds: readonly string[], from: string, to: string): Promise<InvitationSilence[]> {
  if (accountIds.length === 0 || surveyIds.length === 0) return [];
  const res = await sql<{ account_id: string; sent: number; last_invited: Date; answered: boolean; last_response: Date | null }>`
    select i.account_id, count(*)::int as sent, max(i.sent_at) as last_invited,
           exists (select 1 from responses r where r.account_id = i.account_id and r.survey_id = any(${[...surveyIds]}::uuid[])
                      and r.submitted_at >= ${startOfDay(from)} and r.submitted_at < ${endOfDay(to)}) as answered,
           (select max(r.submitted_at) from responses r where r.account_id = i.account_id) as last_response
      from invitations i
     where i.account_id = any(${[...accountIds]}::uuid[]) and i.survey_id = any(${[...surveyIds]}::uuid[])
       and i.status = 'sent' and i.sent_at >= ${startOfDay(from)} and i.sent_at < ${endOfDay(to)}
     group by i.account_id`.execute(db);
  return res.rows.map((r) => ({
    accountId: r.account_id,
    sent: r.sent,
    lastInvitedAt: new Date(r.last_invited),
    answeredInWindow: r.answered,
    lastResponseAt: r.last_response ? new Date(r.last_response) : null,
  }));
}

/** Survey version definitions by id. */
export async function loadDefinitions(db: Db, versionIds: readonly string[]): Promise<Map<string, unknown>> {
  const ids = [...new Set(versionIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('survey_versions').select(['id', 'definition']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.definition]));
}

/** The newest responses of these accounts (any survey), with the contact's name, for their comments. */
export async function loadRecentResponses(db: Db, accountIds: readonly string[], limit: number) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('responses as r')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.account_id', 'r.version_id', 'r.answers', 'r.submitted_at', 'c.name as contact_name'])
    .where('r.account_id', '=', sql<string>`any(${[...accountIds]}::uuid[])`)
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}
