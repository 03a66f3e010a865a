import { randomUUID } from 'node:crypto';
import type { Unit } from '../../../contract/units.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { canSeeUnit, type Actor } from '../auth/actor.ts';

export type UnitKind = 'company' | 'market' | 'region' | 'team';

export interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  path: string;
}

/** Adds a unit under a parent (or a company at the top, when parentId is null). */
export async function createUnit(db: Db, input: { name: string; kind: UnitKind; parentId: string | null }): Promise<UnitRow> {
  const id = randomUUID();
  let path = `/${id}/`;
  if (input.parentId) {
    const parent = await db.selectFrom('units').select(['path']).where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw new ValidationError('The parent unit does not exist', [{ path: 'parentId', message: 'Unknown unit' }]);
    path = `${parent.path}${id}/`;
  } else if (input.kind !== 'company') {
    throw new ValidationError('Only a company stands at the top of the hierarchy', [{ path: 'parentId', message: 'Choose a parent unit' }]);
  }
  return db
    .insertInto('units')
    .values({ id, parent_id: input.parentId, name: input.name, kind: input.kind, path })
    .returning(['id', 'parent_id', 'name', 'kind', 'path'])
    .executeTakeFirstOrThrow();
}

/** A unit the actor may see, or 404. */
export async function getVisibleUnit(db: Db, actor: Actor, unitId: string): Promise<UnitRow> {
  const unit = await db.selectFrom('units').select(['id', 'parent_id', 'name', 'kind', 'path']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || !canSeeUnit(actor, unit.path)) throw new NotFoundError('The unit');
  return unit;
}

export async function getUnitById(db: Db, unitId: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').select(['id', 'parent_id', 'name', 'kind', 'path']).where('id', '=', unitId).executeTakeFirst();
}

/** The id of the company (the top unit) a unit path lies in: the path's first id. */
export function companyIdOf(unitPath: string): string {
  return unitPath.split('/')[1] ?? '';
}

/** The company (top unit) above a unit path. */
export async function getCompanyOf(db: Db, unitPath: string): Promise<UnitRow> {
  const rootId = companyIdOf(unitPath);
  return db.selectFrom('units').select(['id', 'parent_id', 'name', 'kind', 'path']).where('id', '=', rootId).executeTakeFirstOrThrow();
}

/** The units within the actor's scope, parents before children, siblings by name. */
export async function listVisibleUnits(db: Db, actor: Actor): Promise<Unit[]> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'parent_id', 'name', 'kind', 'path'])
    .where('path', 'like', `${actor.unitPath}%`)
    .execute();
  const byParent = new Map<string | null, UnitRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const key = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    byParent.set(key, [...(byParent.get(key) ?? []), r]);
  }
  const out: Unit[] = [];
  const walk = (parent: string | null, depth: number): void => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    for (const c of children) {
      out.push({ id: c.id, parentId: c.parent_id, name: c.name, kind: c.kind as Unit['kind'], depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
