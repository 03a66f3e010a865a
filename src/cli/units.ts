import type { Db } from '../server/db/connect.ts';
import { AppError } from '../server/errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a unit by id or by name for a command; without one, the only company. */
export async function findUnitForCli(db: Db, ref: string | undefined): Promise<{ id: string; name: string; path: string }> {
  let q = db.selectFrom('units').select(['id', 'name', 'path']);
  if (ref === undefined) q = q.where('kind', '=', 'company');
  else if (UUID.test(ref)) q = q.where('id', '=', ref);
  else q = q.where('name', '=', ref);
  const rows = await q.orderBy('path').execute();
  if (rows.length === 0) {
    throw new AppError('unit_not_found', 404, ref === undefined ? 'There is no company yet: run "corridor demo", or create a unit first' : `No unit is called "${ref}"`);
  }
  if (rows.length > 1) {
    throw new AppError('unit_ambiguous', 409, `Several units match${ref ? ` "${ref}"` : ''}; pass --unit with one of these ids:\n${rows.map((r) => `  ${r.id}  ${r.name}`).join('\n')}`);
  }
  const [unit] = rows;
  if (!unit) throw new AppError('unit_not_found', 404, 'No unit found');
  return unit;
}
