import type { Corridor, CorridorPutInput } from '../../../contract/touch-points.ts';
import { CorridorPutSchema } from '../../../contract/touch-points.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { presentCorridor } from './presenter.ts';
import { companyIdOf } from '../units/service.ts';

/** Corridors: per audience role of a company, the touch points that audience meets, in order. */

/** A company's corridors by audience role, each with its touch-point keys in order. */
export async function listCorridors(db: Db, companyId: string): Promise<Corridor[]> {
  const corridors = await db.selectFrom('corridors').select(['id', 'audience_role', 'name']).where('company_id', '=', companyId).orderBy('audience_role').execute();
  if (corridors.length === 0) return [];
  const steps = await db
    .selectFrom('corridor_steps as s')
    .innerJoin('touch_points as t', 't.id', 's.touch_point_id')
    .select(['s.corridor_id', 't.key'])
    .where('s.corridor_id', 'in', corridors.map((c) => c.id))
    .orderBy('s.corridor_id')
    .orderBy('s.position')
    .execute();
  const keys = new Map<string, string[]>();
  for (const s of steps) keys.set(s.corridor_id, [...(keys.get(s.corridor_id) ?? []), s.key]);
  return corridors.map((c) => presentCorridor(c, keys.get(c.id) ?? []));
}

export async function getCorridors(svc: Services, actor: Actor): Promise<Corridor[]> {
  authorize(actor, 'surveys.read');
  return listCorridors(svc.db, companyIdOf(actor.unitPath));
}

export async function putCorridor(svc: Services, actor: Actor, audienceRole: string, raw: CorridorPutInput): Promise<Corridor> {
  authorize(actor, 'surveys.write');
  return putCorridorOf(svc, actor, companyIdOf(actor.unitPath), audienceRole, raw);
}

/** Creates the audience's corridor, or replaces its name and order. Unknown keys are refused, all named at once. */
export async function putCorridorOf(svc: Services, audit: AuditActor, companyId: string, audienceRole: string, raw: CorridorPutInput): Promise<Corridor> {
  const input = CorridorPutSchema.parse(raw);
  const known =
    input.touchPoints.length === 0
      ? []
      : await svc.db.selectFrom('touch_points').select(['id', 'key']).where('company_id', '=', companyId).where('key', 'in', input.touchPoints).execute();
  const idOf = new Map(known.map((k) => [k.key, k.id]));
  const unknown = input.touchPoints.map((key, i) => ({ key, i })).filter((k) => !idOf.has(k.key));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown touch point${unknown.length === 1 ? '' : 's'}: ${unknown.map((u) => u.key).join(', ')}. Add ${unknown.length === 1 ? 'it' : 'them'} to the catalogue first`,
      unknown.map((u) => ({ path: `touchPoints.${u.i}`, message: `${u.key} is not in the catalogue` })),
    );
  }
  await svc.db.transaction().execute(async (tx) => {
    const corridor = await tx
      .insertInto('corridors')
      .values({ company_id: companyId, audience_role: audienceRole, name: input.name, created_at: svc.now() })
      .onConflict((oc) => oc.columns(['company_id', 'audience_role']).doUpdateSet({ name: input.name }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('corridor_steps').where('corridor_id', '=', corridor.id).execute();
    if (input.touchPoints.length > 0) {
      await tx
        .insertInto('corridor_steps')
        .values(input.touchPoints.map((key, position) => ({ corridor_id: corridor.id, position, touch_point_id: idOf.get(key) ?? '' })))
        .execute();
    }
    await recordAudit(tx, audit, {
      action: 'corridor.put',
      entityType: 'corridor',
      entityId: corridor.id,
      unitId: companyId,
      details: { audienceRole, name: input.name, touchPoints: input.touchPoints },
    });
  });
  return { audienceRole, name: input.name, touchPoints: input.touchPoints };
}

export async function deleteCorridor(svc: Services, actor: Actor, audienceRole: string): Promise<void> {
  authorize(actor, 'surveys.write');
  const companyId = companyIdOf(actor.unitPath);
  await svc.db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom('corridors').where('company_id', '=', companyId).where('audience_role', '=', audienceRole).returning('id').executeTakeFirst();
    if (!gone) throw new NotFoundError(`The corridor of ${audienceRole}`);
    await recordAudit(tx, actor, { action: 'corridor.delete', entityType: 'corridor', entityId: gone.id, unitId: companyId, details: { audienceRole } });
  });
}
