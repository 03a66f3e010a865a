import { sql } from 'kysely';
import type { Role } from '../../../contract/common.ts';
import { createBatcher } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from './actor.ts';
import { hashToken } from './secrets.ts';

/**
 * API keys resolved for every request, in coalesced batches: the requests that arrive while a lookup
 * is in flight share the next one (`key_hash = any(...)`). Nothing is cached, so a key revoked by any
 * process is refused by the next request (docs/decisions/0004-group-commit.md).
 */

/** last_used_at is written at most this often, so reads stay reads (as for a single key). */
const TOUCH_MS = 5 * 60_000;

interface KeyRow {
  id: string;
  name: string;
  role: string;
  unit_id: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  key_hash: string;
  path: string;
}

export interface ApiKeyLookup {
  /** The API key behind a bearer token, or null when it is unknown or revoked. */
  resolve(key: string, now: Date): Promise<Actor | null>;
}

export function createApiKeyLookup(db: Db, opts: { maxBatch?: number } = {}): ApiKeyLookup {
  const batch = createBatcher<{ hash: string; now: Date }, KeyRow | undefined>(
    async (items) => {
      const { rows } = await sql<KeyRow>`
        select k.id, k.name, k.role, k.unit_id, k.revoked_at, k.last_used_at, k.key_hash, u.path
        from api_keys k join units u on u.id = k.unit_id
        where k.key_hash = any(${[...new Set(items.map((i) => i.hash))]}::text[])
      `.execute(db);
      const now = items[0]?.now ?? new Date();
      const stale = rows.filter((r) => !r.revoked_at && (!r.last_used_at || now.getTime() - r.last_used_at.getTime() > TOUCH_MS));
      if (stale.length > 0) {
        await db.updateTable('api_keys').set({ last_used_at: now }).where('id', 'in', stale.map((r) => r.id)).execute();
      }
      const byHash = new Map(rows.map((r) => [r.key_hash, r]));
      return items.map((i) => ({ ok: true, value: byHash.get(i.hash) }));
    },
    { maxBatch: opts.maxBatch ?? 256 },
  );

  return {
    async resolve(key, now) {
      const row = await batch.submit({ hash: hashToken(key), now });
      if (!row || row.revoked_at) return null;
      return { type: 'api_key', id: row.id, label: `api key "${row.name}"`, role: row.role as Role, unitId: row.unit_id, unitPath: row.path };
    },
  };
}
