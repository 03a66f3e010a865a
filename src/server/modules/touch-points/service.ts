import { sql } from 'kysely';
import type { TouchPoint, TouchPointBulkInput, TouchPointBulkResult, TouchPointCreateInput, TouchPointUpdateInput } from '../../../contract/touch-points.ts';
import { TouchPointBulkSchema, TouchPointCreateSchema, TouchPointUpdateSchema } from '../../../contract/touch-points.ts';
import type { Services } from '../../context.ts';
import { isUniqueViolation, type Db } from '../../db/connect.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { presentTouchPoint } from './presenter.ts';
import { describeUsage, findTouchPointUsage, isInUse } from './usage.ts';
import { companyIdOf } from '../units/service.ts';

/**
 * The touch-point catalogue, one per company (the first unit of the actor's path): every market
 * and team reads the same touch points, so surveys, events and programmes agree on the keys.
 */

/** A company's touch points, ordered by key. For other modules. */
export async function listTouchPoints(db: Db, companyId: string): Promise<TouchPoint[]> {
  const rows = await db.selectFrom('touch_points').selectAll().where('company_id', '=', companyId).orderBy('key').execute();
  return rows.map(presentTouchPoint);
}

/** The touch point of a company by its key, or null. For other modules (events, programmes, surveys). */
export async function resolveTouchPoint(db: Db, companyId: string, key: string): Promise<{ id: string; key: string; name: string } | null> {
  const row = await db.selectFrom('touch_points').select(['id', 'key', 'name']).where('company_id', '=', companyId).where('key', '=', key).executeTakeFirst();
  return row ?? null;
}

function keyTaken(key: string): ConflictError {
  return new ConflictError('key_taken', `A touch point with the key ${key} exists already; choose another key or edit that one`, [{ path: 'key', message: 'Already in use' }]);
}

async function loadTouchPoint(db: Db, companyId: string, id: string) {
  const row = await db.selectFrom('touch_points').selectAll().where('id', '=', id).where('company_id', '=', companyId).executeTakeFirst();
  if (!row) throw new NotFoundError('The touch point');
  return row;
}

export async function getTouchPoints(svc: Services, actor: Actor): Promise<TouchPoint[]> {
  authorize(actor, 'surveys.read');
  return listTouchPoints(svc.db, companyIdOf(actor.unitPath));
}

export async function createTouchPoint(svc: Services, actor: Actor, raw: TouchPointCreateInput): Promise<TouchPoint> {
  authorize(actor, 'surveys.write');
  const input = TouchPointCreateSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  if (await resolveTouchPoint(svc.db, companyId, input.key)) throw keyTaken(input.key);
  const row = await svc.db
    .transaction()
    .execute(async (tx) => {
      const created = await tx
        .insertInto('touch_points')
        .values({
          company_id: companyId,
          key: input.key,
          name: input.name,
          stage: input.stage,
          channel: input.channel,
          direct: input.direct,
          owning_function: input.owningFunction,
          description: input.description ?? null,
          created_at: svc.now(),
          updated_at: svc.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, { action: 'touch_point.create', entityType: 'touch_point', entityId: created.id, unitId: companyId, details: { key: input.key } });
      return created;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw keyTaken(input.key);
      throw err;
    });
  return presentTouchPoint(row);
}

export async function updateTouchPoint(svc: Services, actor: Actor, id: string, raw: TouchPointUpdateInput): Promise<TouchPoint> {
  authorize(actor, 'surveys.write');
  const input = TouchPointUpdateSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  const current = await loadTouchPoint(svc.db, companyId, id);
  const rekey = input.key !== undefined && input.key !== current.key;
  if (rekey && input.key !== undefined) {
    const usage = await findTouchPointUsage(svc.db, companyId, current);
    if (isInUse(usage)) {
      throw new ConflictError('key_locked', `The key ${current.key} is in use by ${describeUsage(usage)}; keys of touch points in use cannot change`, usage);
    }
    if (await resolveTouchPoint(svc.db, companyId, input.key)) throw keyTaken(input.key);
  }
  const row = await svc.db
    .transaction()
    .execute(async (tx) => {
      const updated = await tx
        .updateTable('touch_points')
        .set({
          ...(rekey ? { key: input.key } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.stage !== undefined ? { stage: input.stage } : {}),
          ...(input.channel !== undefined ? { channel: input.channel } : {}),
          ...(input.direct !== undefined ? { direct: input.direct } : {}),
          ...(input.owningFunction !== undefined ? { owning_function: input.owningFunction } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          updated_at: svc.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const fields = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
      await recordAudit(tx, actor, {
        action: 'touch_point.update',
        entityType: 'touch_point',
        entityId: id,
        unitId: companyId,
        details: { key: updated.key, fields, ...(rekey ? { previousKey: current.key } : {}) },
      });
      return updated;
    })
    .catch((err: unknown) => {
      if (input.key !== undefined && isUniqueViolation(err)) throw keyTaken(input.key);
      throw err;
    });
  return presentTouchPoint(row);
}

export async function deleteTouchPoint(svc: Services, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'surveys.write');
  const companyId = companyIdOf(actor.unitPath);
  const current = await loadTouchPoint(svc.db, companyId, id);
  const usage = await findTouchPointUsage(svc.db, companyId, current);
  if (isInUse(usage)) {
    throw new ConflictError('in_use', `${current.name} (${current.key}) is used by ${describeUsage(usage)}; remove it there first`, usage);
  }
  await svc.db
    .transaction()
    .execute(async (tx) => {
      await tx.deleteFrom('touch_points').where('id', '=', id).execute();
      await recordAudit(tx, actor, { action: 'touch_point.delete', entityType: 'touch_point', entityId: id, unitId: companyId, details: { key: current.key } });
    })
    .catch((err: unknown) => {
      // Something started using it since the check (a foreign key fired): the same answer as the check.
      if ((err as { code?: unknown }).code === '23503') throw new ConflictError('in_use', `${current.name} (${current.key}) has just come into use; reload and try again`);
      throw err;
    });
}

/** Creates or updates many touch points by key in one transaction (for setup scripts). */
export async function bulkUpsertTouchPoints(svc: Services, actor: Actor, raw: TouchPointBulkInput): Promise<TouchPointBulkResult> {
  authorize(actor, 'surveys.write');
  return upsertTouchPointsOf(svc, actor, companyIdOf(actor.unitPath), TouchPointBulkSchema.parse(raw).touchPoints);
}

/** The upsert behind the bulk route and the demo: each key is created, or its other fields replaced. */
export async function upsertTouchPointsOf(svc: Services, audit: AuditActor, companyId: string, raw: TouchPointCreateInput[]): Promise<TouchPointBulkResult> {
  const items = TouchPointBulkSchema.parse({ touchPoints: raw }).touchPoints;
  const rows = await svc.db.transaction().execute(async (tx) => {
    const out: { row: Awaited<ReturnType<typeof loadTouchPoint>>; inserted: boolean }[] = [];
    for (const t of items) {
      const values = {
        name: t.name,
        stage: t.stage,
        channel: t.channel,
        direct: t.direct,
        owning_function: t.owningFunction,
        description: t.description ?? null,
        updated_at: svc.now(),
      };
      const row = await tx
        .insertInto('touch_points')
        .values({ company_id: companyId, key: t.key, created_at: svc.now(), ...values })
        .onConflict((oc) => oc.columns(['company_id', 'key']).doUpdateSet(values))
        .returningAll()
        // xmax is 0 for a row this statement inserted, set for one it updated.
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .executeTakeFirstOrThrow();
      const { inserted, ...tp } = row;
      await recordAudit(tx, audit, {
        action: inserted ? 'touch_point.create' : 'touch_point.update',
        entityType: 'touch_point',
        entityId: tp.id,
        unitId: companyId,
        details: { key: t.key, bulk: true },
      });
      out.push({ row: tp, inserted });
    }
    return out;
  });
  return {
    created: rows.filter((r) => r.inserted).length,
    updated: rows.filter((r) => !r.inserted).length,
    touchPoints: rows.map((r) => presentTouchPoint(r.row)),
  };
}
