import { sql } from 'kysely';
import {
  AssessmentCreateSchema,
  type AccountDetail,
  type AccountList,
  type AccountListFilter,
  type AccountSummary,
  type Assessment,
  type AssessmentCreateInput,
} from '../../../contract/accounts.ts';
import { dayOf } from '../../../core/dates.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { npsKeysOf, npsOf } from './nps.ts';
import { companyIdOf } from '../units/service.ts';

/** Accounts within the actor's scope: the list with filters, one account in full, and its self-assessments. */

function selectAccounts(db: Db, actor: Actor) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('users as o', 'o.id', 'a.owner_user_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('account_assessments as s')
          .leftJoin('users as w', 'w.id', 's.author_user_id')
          .select(['s.id', 's.rating', 's.note', 's.assessed_on', 's.author_user_id', sql<string>`coalesce(w.name, s.author_label)`.as('author_name'), 's.created_at'])
          .whereRef('s.account_id', '=', 'a.id')
          .orderBy('s.assessed_on', 'desc')
          .orderBy('s.created_at', 'desc')
          .limit(1)
          .as('s'),
      (join) => join.onTrue(),
    )
    .select([
      'a.id', 'a.crm_id', 'a.name', 'a.code', 'a.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'a.owner_user_id', 'o.name as owner_name', 'o.email as owner_email',
      'a.billed_revenue', 'a.booked_revenue', 'a.potential_revenue', 'a.revenue_period', 'a.key_account', 'a.status', 'a.attributes', 'a.created_at', 'a.updated_at',
      's.id as s_id', 's.rating as s_rating', 's.note as s_note', 's.assessed_on as s_assessed_on', 's.author_user_id as s_author_id', 's.author_name as s_author_name', 's.created_at as s_created_at',
      sql<number>`(select count(*)::int from contacts c where c.account_id = a.id)`.as('contact_count'),
    ])
    .where('a.company_id', '=', companyIdOf(actor.unitPath))
    .where('u.path', 'like', `${actor.unitPath}%`);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

function presentAccount(r: AccountRow): AccountSummary {
  return {
    id: r.id,
    crmId: r.crm_id,
    name: r.name,
    code: r.code,
    unitId: r.unit_id,
    unitName: r.unit_name,
    owner: r.owner_user_id && r.owner_name && r.owner_email ? { id: r.owner_user_id, name: r.owner_name, email: r.owner_email } : null,
    billedRevenue: r.billed_revenue,
    bookedRevenue: r.booked_revenue,
    potentialRevenue: r.potential_revenue,
    revenuePeriod: r.revenue_period,
    keyAccount: r.key_account,
    status: r.status as AccountSummary['status'],
    assessment:
      r.s_id && r.s_rating && r.s_assessed_on && r.s_created_at
        ? { id: r.s_id, rating: r.s_rating, note: r.s_note ?? null, assessedOn: r.s_assessed_on, authorId: r.s_author_id ?? null, authorName: r.s_author_name ?? '', createdAt: new Date(r.s_created_at).toISOString() }
        : null,
    contactCount: r.contact_count,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The route has parsed the query (AccountListQuerySchema). */
export async function listAccounts(svc: Services, actor: Actor, query: AccountListFilter): Promise<AccountList> {
  authorize(actor, 'customers.read');
  let q = selectAccounts(svc.db, actor);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(a.name)`, 'like', like), eb(sql`lower(coalesce(a.code, ''))`, 'like', like), eb(sql`lower(a.crm_id)`, 'like', like)]));
  }
  if (query.unitId) q = q.where('u.path', 'like', sql<string>`(select x.path from units x where x.id = ${query.unitId}) || '%'`);
  if (query.ownerId) q = q.where('a.owner_user_id', '=', query.ownerId);
  if (query.status) q = q.where('a.status', '=', query.status);
  if (query.keyAccount !== undefined) q = q.where('a.key_account', '=', query.keyAccount);
  if (query.assessment === 'none') q = q.where('s.id', 'is', null);
  else if (query.assessment) q = q.where('s.rating', '=', query.assessment);
  const total = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const desc = query.sort.startsWith('-');
  const sorted =
    query.sort.endsWith('illedRevenue')
      ? q.orderBy(sql`a.billed_revenue ${sql.raw(desc ? 'desc' : 'asc')} nulls last`).orderBy('a.name')
      : q.orderBy('a.name', desc ? 'desc' : 'asc');
  const rows = await sorted.orderBy('a.id').limit(query.limit).offset(query.offset).execute();
  return { accounts: rows.map(presentAccount), total: total.n, limit: query.limit, offset: query.offset };
}

/** An account in the actor's scope, or 404. */
async function findAccount(svc: Services, actor: Actor, id: string): Promise<AccountRow> {
  const row = await selectAccounts(svc.db, actor).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('The account');
  return row;
}

async function listAssessments(db: Db, accountId: string): Promise<Assessment[]> {
  const rows = await db
    .selectFrom('account_assessments as s')
    .leftJoin('users as w', 'w.id', 's.author_user_id')
    .select(['s.id', 's.rating', 's.note', 's.assessed_on', 's.author_user_id', sql<string>`coalesce(w.name, s.author_label)`.as('author_name'), 's.created_at'])
    .where('s.account_id', '=', accountId)
    .orderBy('s.assessed_on', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute();
  return rows.map((s) => ({ id: s.id, rating: s.rating, note: s.note, assessedOn: s.assessed_on, authorId: s.author_user_id, authorName: s.author_name, createdAt: s.created_at.toISOString() }));
}

const mayAssess = (actor: Actor, row: AccountRow) => can(actor, 'customers.write') || (actor.type === 'user' && row.owner_user_id === actor.id);

export async function getAccount(svc: Services, actor: Actor, id: string): Promise<AccountDetail> {
  authorize(actor, 'customers.read');
  const row = await findAccount(svc, actor, id);
  const contacts = await svc.db
    .selectFrom('contacts')
    .select(['id', 'email', 'name', 'audience_role', 'locale', 'time_zone', 'consent', 'opted_out_at', 'bounce_state'])
    .where('account_id', '=', id)
    .orderBy('name')
    .orderBy('email')
    .execute();
  const invitations = await svc.db
    .selectFrom('invitations')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('account_id', '=', id)
    .groupBy('status')
    .execute();
  const responses = await svc.db
    .selectFrom('responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['r.id', 'r.survey_id', 's.title', 'r.contact_id', 'c.name as contact_name', 'r.submitted_at', 'r.status', 'r.version_id', 'r.answers'])
    .where('r.account_id', '=', id)
    .orderBy('r.submitted_at', 'desc')
    .limit(20)
    .execute();
  const npsKeys = await npsKeysOf(svc.db, responses.map((r) => r.version_id));
  return {
    ...presentAccount(row),
    unitPath: row.unit_path,
    attributes: row.attributes,
    createdAt: row.created_at.toISOString(),
    contacts: contacts.map((c) => ({
      id: c.id,
      email: c.email,
      name: c.name,
      audienceRole: c.audience_role,
      locale: c.locale,
      timeZone: c.time_zone,
      consent: c.consent,
      optedOut: c.opted_out_at !== null,
      bounceState: c.bounce_state,
    })),
    assessments: await listAssessments(svc.db, id),
    invitations: Object.fromEntries(invitations.map((i) => [i.status, i.n])),
    recentResponses: responses.map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      surveyTitle: r.title,
      contactId: r.contact_id,
      contactName: r.contact_name,
      submittedAt: new Date(r.submitted_at).toISOString(),
      status: r.status,
      nps: npsOf(r.answers, npsKeys.get(r.version_id)),
    })),
    canAssess: mayAssess(actor, row),
  };
}

/**
 * Records the account team's assessment of a relationship. Those who may change customer data may,
 * and so may the account's owner (an account executive in any role). Kept as history: the latest is current.
 */
export async function createAssessment(svc: Services, actor: Actor, accountId: string, raw: AssessmentCreateInput): Promise<Assessment> {
  authorize(actor, 'customers.read');
  const input = AssessmentCreateSchema.parse(raw);
  const account = await findAccount(svc, actor, accountId);
  if (!mayAssess(actor, account)) throw new ForbiddenError('Only the account’s owner, or a role that may change customer data ("customers.write"), records its assessment');
  const assessedOn = input.assessedOn ?? dayOf(svc.now());
  return svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('account_assessments')
      .values({ account_id: accountId, rating: input.rating, note: input.note || null, assessed_on: assessedOn, author_user_id: actor.type === 'user' ? actor.id : null, author_label: actor.label, created_at: svc.now() })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'account.assess', entityType: 'account', entityId: accountId, unitId: account.unit_id, details: { rating: input.rating, assessedOn } });
    const author = actor.type === 'user' ? await tx.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst() : undefined;
    return { id: row.id, rating: input.rating, note: input.note || null, assessedOn, authorId: actor.type === 'user' ? actor.id : null, authorName: author?.name ?? actor.label, createdAt: row.created_at.toISOString() };
  });
}
