import { sql } from 'kysely';
import type { Role } from '../../../contract/common.ts';
import { createBatcher, type BatcherStats } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from './actor.ts';
import { hashToken } from './secrets.ts';

/**
 * API keys by the hash of the bearer token. Every route reads the key afresh, in coalesced batches
 * (requests that arrive while a lookup is in flight share the next, `key_hash = any(...)`), so a key
 * revoked in any process is refused by the next request. A route whose write checks the key again
 * when it commits — taking responses, whose statement stores nothing for a revoked key
 * (responses/writer-sql.ts) — may use a key read up to TTL_MS ago: `resolve(key, now, { cached })`.
 * See docs/decisions/0004-group-commit.md. Keys never change role or unit; they are only revoked.
 */

/** last_used_at is written at most this often, so reads stay reads (as for a single key). */
const TOUCH_MS = 5 * 60_000;
/** How long a key read may serve a route that checks the key again at commit. */
export const TTL_MS = 1_000;
const MAX_CACHED_KEYS = 10_000;

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
  resolve(key: string, now: Date, opts?: { cached?: boolean }): Promise<Actor | null>;
  /** Drops a kept key (the writer found it revoked). */
  forget(apiKeyId: string): void;
  stats(): BatcherStats;
}

export function createApiKeyLookup(db: Db, opts: { maxBatch?: number; ttlMs?: number } = {}): ApiKeyLookup {
  const ttl = opts.ttlMs ?? TTL_MS;
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

  const kept = new Map<string, { until: number; actor: Promise<Actor | null> }>();
  const read = async (hash: string, now: Date): Promise<Actor | null> => {
    const row = await batch.submit({ hash, now });
    if (!row || row.revoked_at) return null;
    return { type: 'api_key', id: row.id, label: `api key "${row.name}"`, role: row.role as Role, unitId: row.unit_id, unitPath: row.path };
  };

  return {
    async resolve(key, now, how = {}) {
      const hash = hashToken(key);
      if (!how.cached || ttl <= 0) return read(hash, now);
      const t = performance.now();
      const hit = kept.get(hash);
      if (hit && hit.until > t) return hit.actor;
      if (kept.size >= MAX_CACHED_KEYS) kept.clear();
      const actor = read(hash, now);
      const entry = { until: t + ttl, actor };
      kept.set(hash, entry);
      actor.catch(() => kept.get(hash) === entry && kept.delete(hash));
      return actor;
    },
    forget(apiKeyId) {
      for (const [hash, entry] of kept) {
        void entry.actor.then((a) => a?.id === apiKeyId && kept.delete(hash), () => {});
      }
    },
    stats: batch.stats,
  };
}
