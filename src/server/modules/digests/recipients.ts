import type { Role } from '../../../contract/common.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

export interface Recipient {
  actor: Actor;
  email: string;
  name: string;
  companyId: string;
}

/** A user as the actor their digest is read as (their own role and unit scope); null when disabled or gone. */
export async function loadRecipient(db: Db, userId: string): Promise<Recipient | null> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('units as x', 'x.id', 'u.unit_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.unit_id', 'u.disabled_at', 'x.path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  return {
    actor: { type: 'user', id: row.id, label: row.email, role: row.role as Role, unitId: row.unit_id, unitPath: row.path },
    email: row.email,
    name: row.name,
    companyId: companyIdOf(row.path),
  };
}
