import type { User } from '../../../contract/auth.ts';
import type { ApiKeyCreateInput, UserCreateInput } from '../../../contract/users.ts';
import { isUniqueViolation, type Db } from '../../db/connect.ts';
import { ConflictError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword, hashToken, newToken } from '../auth/secrets.ts';
import { presentUser } from '../auth/service.ts';
import { getVisibleUnit, getUnitById } from '../units/service.ts';
import { NotFoundError } from '../../errors.ts';

/** The API key prefix makes keys recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = 'cor_';

async function resolveUnit(db: Db, actor: Actor | null, unitId: string) {
  if (actor) return getVisibleUnit(db, actor, unitId);
  const unit = await getUnitById(db, unitId);
  if (!unit) throw new NotFoundError('The unit');
  return unit;
}

/**
 * Creates a user. An actor may only create users inside their own scope; with no actor (the CLI,
 * the demo loader) the caller has already been trusted by running on the server.
 */
export async function createUser(db: Db, actor: Actor | null, input: UserCreateInput): Promise<User> {
  const unit = await resolveUnit(db, actor, input.unitId);
  const exists = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  if (exists) throw new ConflictError('email_taken', `A user with the email ${input.email} already exists`);
  const passwordHash = await hashPassword(input.password);
  const auditActor: AuditActor = actor ?? { type: 'system', id: null, label: 'command line' };
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({ email: input.email, name: input.name, role: input.role, unit_id: unit.id, password_hash: passwordHash })
      .returning(['id', 'email', 'name', 'role', 'unit_id as unitId'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, auditActor, { action: 'user.create', entityType: 'user', entityId: row.id, unitId: unit.id, details: { email: input.email, role: input.role } });
    return presentUser({ ...row, unitName: unit.name });
  }).catch((err: unknown) => {
    // Two creations of one email at once: the unique index decides, and the loser hears why.
    if (isUniqueViolation(err, 'users_email_idx')) throw new ConflictError('email_taken', `A user with the email ${input.email} already exists`);
    throw err;
  });
}

export async function listUsers(db: Db, actor: Actor): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.unit_id as unitId', 'units.name as unitName'])
    .where('units.path', 'like', `${actor.unitPath}%`)
    .orderBy('users.name')
    .execute();
  return rows.map(presentUser);
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: User['role'];
  unitId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Creates an API key; the key itself is returned once and stored only as a hash. */
export async function createApiKey(
  db: Db,
  actor: Actor | null,
  input: ApiKeyCreateInput & { unitId: string },
): Promise<{ apiKey: ApiKeyView; key: string }> {
  const unit = await resolveUnit(db, actor, input.unitId);
  const key = newToken(API_KEY_PREFIX);
  const auditActor: AuditActor = actor ?? { type: 'system', id: null, label: 'command line' };
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_keys')
      .values({
        name: input.name,
        key_hash: hashToken(key),
        role: input.role,
        unit_id: unit.id,
        created_by: actor?.type === 'user' ? actor.id : null,
      })
      .returning(['id', 'name', 'role', 'unit_id', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, auditActor, { action: 'api_key.create', entityType: 'api_key', entityId: row.id, unitId: unit.id, details: { name: input.name, role: input.role } });
    return { apiKey: presentApiKey(row), key };
  });
}

function presentApiKey(row: { id: string; name: string; role: string; unit_id: string; created_at: Date; last_used_at: Date | null }): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as User['role'],
    unitId: row.unit_id,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

export async function listApiKeys(db: Db, actor: Actor): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('units', 'units.id', 'api_keys.unit_id')
    .select(['api_keys.id', 'api_keys.name', 'api_keys.role', 'api_keys.unit_id', 'api_keys.created_at', 'api_keys.last_used_at'])
    .where('units.path', 'like', `${actor.unitPath}%`)
    .where('api_keys.revoked_at', 'is', null)
    .orderBy('api_keys.created_at', 'desc')
    .execute();
  return rows.map(presentApiKey);
}
