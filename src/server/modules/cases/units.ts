import type { UnitLevel } from '../../../core/case-routing.ts';
import type { Db } from '../../db/connect.ts';

/** The ids of a materialised path, top first ('/a/b/c/' → a, b, c). */
export function idsOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The unit at the path and its ancestors, nearest first, with their active managers. */
export async function loadUnitChain(db: Db, unitPath: string): Promise<UnitLevel[]> {
  const ids = idsOfPath(unitPath).reverse();
  if (ids.length === 0) return [];
  const managers = await db
    .selectFrom('users')
    .select(['id', 'unit_id'])
    .where('unit_id', 'in', ids)
    .where('role', '=', 'manager')
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return ids.map((unitId) => ({ unitId, managerIds: managers.filter((m) => m.unit_id === unitId).map((m) => m.id) }));
}
