import type { Role } from '../../../contract/common.ts';
import type { User } from '../../../contract/auth.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from './actor.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';

export const SESSION_DAYS = 14;
const DAY_MS = 86_400_000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_MS = 5 * 60_000;

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
}

function userQuery(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.unit_id as unitId',
      'units.name as unitName',
      'units.path as unitPath',
      'users.password_hash',
      'users.disabled_at',
    ]);
}

export function presentUser(row: { id: string; email: string; name: string; role: string; unitId: string; unitName: string }): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role, unitId: row.unitId, unitName: row.unitName };
}

/** Checks the password and opens a session; the same error for an unknown email and a wrong password. */
export async function login(
  db: Db,
  input: { email: string; password: string; userAgent?: string | undefined; ip?: string | undefined },
  now: Date = new Date(),
): Promise<LoginResult> {
  const row = await userQuery(db)
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  const ok = row
    ? await verifyPassword(row.password_hash, input.password)
    : await verifyPassword(await (dummyHash ??= hashPassword('not a real password')), input.password).then(() => false);
  if (!row || !ok || row.disabled_at) {
    throw new AppError('invalid_credentials', 401, 'That email and password do not match an active user');
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: row.id,
        expires_at: expiresAt,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
        ip: input.ip ?? null,
      })
      .execute();
    await recordAudit(tx, { type: 'user', id: row.id, label: row.email }, { action: 'user.login', entityType: 'user', entityId: row.id, unitId: row.unitId, details: { ip: input.ip ?? null } });
  });
  return { token, expiresAt, user: presentUser(row) };
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** The user behind a session cookie, or null when it is unknown, expired or the user is disabled. */
export async function resolveSession(db: Db, token: string, now: Date = new Date()): Promise<Actor | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([
      'sessions.id as sessionId',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.role',
      'users.unit_id',
      'users.disabled_at',
      'units.path',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled_at || row.expires_at.getTime() <= now.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.sessionId).execute();
  }
  return {
    type: 'user',
    id: row.id,
    label: row.email,
    role: row.role as Role,
    unitId: row.unit_id,
    unitPath: row.path,
    sessionId: row.sessionId,
  };
}

/** The logged-in user's own profile. */
export async function getUser(db: Db, userId: string): Promise<User> {
  const row = await userQuery(db).where('users.id', '=', userId).executeTakeFirstOrThrow();
  return presentUser(row);
}
