import { sql } from 'kysely';
import {
  DEFAULT_CADENCE,
  type DigestListQuery,
  type DigestSubscription,
  type DigestSubscriptionCreateInput,
  type DigestSubscriptionList,
} from '../../../contract/digests.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { recordAudit, SYSTEM } from '../audit/service.ts';
import { authorize, can, canSeeUnit, type Actor } from '../auth/actor.ts';
import { getVisibleUnit } from '../units/service.ts';
import { loadRecipient, type Recipient } from './recipients.ts';

/**
 * Who gets which digest. Everyone manages their own subscriptions; those who manage users manage
 * the subscriptions of the users in their scope. A subscription's unit must lie within the
 * recipient's own scope, so a digest never shows what its reader could not open in the app.
 */

/** The user whose subscriptions are asked for, if the actor may manage them. */
async function subscriberFor(svc: Services, actor: Actor, userId: string | undefined): Promise<Recipient> {
  authorize(actor, 'surveys.read');
  if (actor.type !== 'user' && !userId) throw new NotFoundError('Your own subscriptions (an API key has none; name a userId)');
  const id = userId ?? actor.id;
  if (id !== actor.id) authorize(actor, 'users.manage');
  const r = await loadRecipient(svc.db, id);
  if (!r || !canSeeUnit(actor, r.actor.unitPath)) throw new NotFoundError('The user');
  return r;
}

function selectSubscriptions(db: Db) {
  return db
    .selectFrom('digest_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as x', 'x.id', 's.unit_id')
    .leftJoinLateral(
      (eb) => eb.selectFrom('digest_deliveries as d').select(['d.period', 'd.sent_at']).whereRef('d.subscription_id', '=', 's.id').orderBy('d.sent_at', 'desc').limit(1).as('last'),
      (join) => join.onTrue(),
    )
    .select(['s.id', 's.user_id', 'u.name as user_name', 's.kind', 's.unit_id', 'x.name as unit_name', 's.cadence', 'last.period', 'last.sent_at']);
}

type SubscriptionRow = Awaited<ReturnType<ReturnType<typeof selectSubscriptions>['execute']>>[number];

function presentSubscription(r: SubscriptionRow): DigestSubscription {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    kind: r.kind,
    unitId: r.unit_id,
    unitName: r.unit_name,
    cadence: r.cadence,
    lastSent: r.period && r.sent_at ? { period: r.period, sentAt: new Date(r.sent_at).toISOString() } : null,
  };
}

export async function listSubscriptions(svc: Services, actor: Actor, query: DigestListQuery): Promise<DigestSubscriptionList> {
  const user = await subscriberFor(svc, actor, query.userId);
  const rows = await selectSubscriptions(svc.db).where('s.user_id', '=', user.actor.id).orderBy('s.kind').orderBy('x.name').execute();
  return { subscriptions: rows.map(presentSubscription) };
}

export async function createSubscription(svc: Services, actor: Actor, input: DigestSubscriptionCreateInput): Promise<DigestSubscription> {
  const user = await subscriberFor(svc, actor, input.userId);
  // The unit must be one the recipient sees (and so one the actor sees, as the recipient is in their scope).
  const unit = await getVisibleUnit(svc.db, user.actor, input.unitId);
  const cadence = input.cadence ?? DEFAULT_CADENCE[input.kind];
  const id = await svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('digest_subscriptions')
      .values({ user_id: user.actor.id, kind: input.kind, unit_id: unit.id, cadence })
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'unit_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new ConflictError('already_subscribed', `${user.name} already gets this digest for ${unit.name}; remove that subscription first to change its cadence`);
    await recordAudit(tx, actor, { action: 'digest.subscribe', entityType: 'digest_subscription', entityId: row.id, unitId: unit.id, details: { userId: user.actor.id, kind: input.kind, cadence } });
    return row.id;
  });
  const row = await selectSubscriptions(svc.db).where('s.id', '=', id).executeTakeFirstOrThrow();
  return presentSubscription(row);
}

export async function deleteSubscription(svc: Services, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'surveys.read');
  const row = await svc.db.selectFrom('digest_subscriptions').select(['id', 'user_id', 'kind', 'unit_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('The subscription');
  const own = actor.type === 'user' && row.user_id === actor.id;
  if (!own) {
    if (!can(actor, 'users.manage')) throw new NotFoundError('The subscription');
    await subscriberFor(svc, actor, row.user_id);
  }
  await svc.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('digest_subscriptions').where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'digest.unsubscribe', entityType: 'digest_subscription', entityId: id, unitId: row.unit_id, details: { userId: row.user_id, kind: row.kind } });
  });
}

/** The companies a worker serves, by id; null for all. */
export type CompanyScope = readonly string[] | null;

/** Restricts a query to users or units of these companies, by a unit path column (its first id is the company). */
export function inCompanies(pathColumn: string, companies: CompanyScope) {
  return companies ? sql<boolean>`split_part(${sql.ref(pathColumn)}, '/', 2)::uuid = any(${[...companies]}::uuid[])` : sql<boolean>`true`;
}

/**
 * Gives each active user their role's default subscriptions once: managers the monthly review of
 * their unit, admins and viewers (the executives) the relationship summary each quarter. A user who
 * unsubscribes later is not subscribed again.
 */
export async function applyDefaultSubscriptions(db: Db, now: Date, companies: CompanyScope = null): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const users = await tx
      .selectFrom('users as u')
      .innerJoin('units as home', 'home.id', 'u.unit_id')
      .select(['u.id', 'u.role', 'u.unit_id'])
      .where('u.disabled_at', 'is', null)
      .where(inCompanies('home.path', companies))
      .where('u.role', 'in', ['manager', 'admin', 'viewer'])
      .where(sql<boolean>`not exists (select 1 from digest_defaults d where d.user_id = u.id)`)
      .limit(1000)
      .execute();
    if (users.length === 0) return 0;
    await tx
      .insertInto('digest_subscriptions')
      .values(
        users.map((u) =>
          u.role === 'manager'
            ? { user_id: u.id, kind: 'monthly_review' as const, unit_id: u.unit_id, cadence: 'monthly' as const }
            : { user_id: u.id, kind: 'relationship_summary' as const, unit_id: u.unit_id, cadence: 'quarterly' as const },
        ),
      )
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'unit_id']).doNothing())
      .execute();
    for (const u of users) {
      await recordAudit(tx, SYSTEM, { action: 'digest.defaults', entityType: 'user', entityId: u.id, unitId: u.unit_id, details: { kind: u.role === 'manager' ? 'monthly_review' : 'relationship_summary' } });
    }
    await tx
      .insertInto('digest_defaults')
      .values(users.map((u) => ({ user_id: u.id, applied_at: now })))
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    return users.length;
  });
}
