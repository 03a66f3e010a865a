import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Answers } from '../../../core/answers.ts';
import { createBatcher, type BatcherStats, type Outcome } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { addToRollups } from '../rollups/increment.ts';
import { loadRollupKeysUpTo } from '../rollups/keys.ts';

/**
 * Group commit of responses (docs/decisions/0004-group-commit.md). Each caller hands over a checked
 * response and awaits its promise; the writer stores whatever has queued as one transaction — one
 * INSERT from arrays, then the rollup increments — and resolves each promise only after COMMIT, so
 * nothing acknowledged is lost. A duplicate idempotency key, or a row the database refuses, settles
 * only its own caller's promise.
 */

export interface NewResponse {
  surveyId: string;
  versionId: string;
  /** Not stored (the version id is); returned to a retry that finds this response. */
  versionNumber: number;
  unitId: string;
  accountId: string | null;
  contactId: string | null;
  submittedAt: Date;
  answers: Answers;
  attributes: Record<string, string>;
  language: string;
  channel: string;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/** The response that already holds an idempotency key. */
export interface KeyedResponse {
  id: string;
  submittedAt: Date;
  requestHash: string | null;
  versionNumber: number;
}

/** The idempotency key was taken, by an earlier request or by one in the same batch. */
export class IdempotencyKeyUsedError extends AppError {
  readonly existing: KeyedResponse;
  constructor(existing: KeyedResponse) {
    super('idempotency_conflict', 409, 'This Idempotency-Key was used before; use a new key for a new response');
    this.existing = existing;
  }
}

export interface ResponseWriter {
  write(response: NewResponse): Promise<{ id: string }>;
  /** Batches (transactions) and responses so far, for tests and benchmarks. */
  stats(): BatcherStats;
  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void>;
}

/** Enough to keep a batch's transaction short (a few ms) while amortising its commit. */
const MAX_BATCH = 256;
/** Version ids whose rollup keys are kept; versions are immutable, so only memory bounds it. */
const MAX_CACHED_VERSIONS = 10_000;

type Stored = { inserted: true; id: string } | { inserted: false; existing: KeyedResponse | undefined } | { inserted: false; error: unknown };

const keyOf = (r: NewResponse) => `${r.surveyId}\u0000${r.idempotencyKey ?? ''}`;

/** Errors that belong to the rows (data exceptions, integrity violations), not to the connection. */
function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

async function insertRows(tx: Db, rows: readonly NewResponse[], ids: readonly string[]): Promise<Set<string>> {
  const col = <K extends keyof NewResponse>(k: K) => rows.map((r) => r[k]);
  const result = await sql<{ id: string }>`
    insert into responses (id, survey_id, version_id, unit_id, account_id, contact_id, submitted_at, answers, attributes, language, channel, idempotency_key, request_hash)
    select * from unnest(
      ${ids}::uuid[], ${col('surveyId')}::uuid[], ${col('versionId')}::uuid[], ${col('unitId')}::uuid[], ${col('accountId')}::uuid[],
      ${col('contactId')}::uuid[], ${rows.map((r) => r.submittedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => JSON.stringify(r.answers))}::jsonb[], ${rows.map((r) => JSON.stringify(r.attributes))}::jsonb[],
      ${col('language')}::text[], ${col('channel')}::text[], ${col('idempotencyKey')}::text[], ${col('requestHash')}::text[]
    )
    on conflict (survey_id, idempotency_key) where idempotency_key is not null do nothing
    returning id
  `.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

async function findKeyed(tx: Db, rows: readonly NewResponse[]): Promise<Map<string, KeyedResponse>> {
  const found = new Map<string, KeyedResponse>();
  if (rows.length === 0) return found;
  const result = await sql<{ survey_id: string; idempotency_key: string; id: string; submitted_at: Date; request_hash: string | null; number: number }>`
    select r.survey_id, r.idempotency_key, r.id, r.submitted_at, r.request_hash, v.number
    from responses r join survey_versions v on v.id = r.version_id
    where (r.survey_id, r.idempotency_key) in (select * from unnest(${rows.map((r) => r.surveyId)}::uuid[], ${rows.map((r) => r.idempotencyKey)}::text[]))
  `.execute(tx);
  for (const r of result.rows) {
    found.set(`${r.survey_id}\u0000${r.idempotency_key}`, { id: r.id, submittedAt: r.submitted_at, requestHash: r.request_hash, versionNumber: r.number });
  }
  return found;
}

export function createResponseWriter(db: Db, opts: { maxBatch?: number } = {}): ResponseWriter {
  const keysByVersion = new Map<string, Promise<string[]>>();
  const keysOf = (versionId: string): Promise<string[]> => {
    let keys = keysByVersion.get(versionId);
    if (!keys) {
      if (keysByVersion.size >= MAX_CACHED_VERSIONS) keysByVersion.clear();
      keys = loadRollupKeysUpTo(db, versionId);
      keys.catch(() => keysByVersion.delete(versionId));
      keysByVersion.set(versionId, keys);
    }
    return keys;
  };

  /** Stores the rows (each idempotency key at most once) with their rollup increments, in `tx`. */
  const store = async (tx: Db, rows: readonly NewResponse[], keys: ReadonlyMap<string, readonly string[]>, oneByOne: boolean): Promise<Stored[]> => {
    const ids = rows.map(() => randomUUID());
    const results: Stored[] = [];
    if (!oneByOne) {
      const inserted = await insertRows(tx, rows, ids);
      for (const id of ids) results.push(inserted.has(id) ? { inserted: true, id } : { inserted: false, existing: undefined });
    } else {
      // After a refused batch: each row on its own savepoint, so a bad row fails alone.
      for (let i = 0; i < rows.length; i++) {
        await sql`savepoint response_row`.execute(tx);
        try {
          const inserted = await insertRows(tx, [rows[i]!], [ids[i]!]);
          await sql`release savepoint response_row`.execute(tx);
          results.push(inserted.size > 0 ? { inserted: true, id: ids[i]! } : { inserted: false, existing: undefined });
        } catch (error) {
          await sql`rollback to savepoint response_row`.execute(tx);
          results.push({ inserted: false, error });
        }
      }
    }
    const losers = rows.filter((r, i) => r.idempotencyKey !== null && !results[i]!.inserted && !('error' in results[i]!));
    const existing = await findKeyed(tx, losers);
    rows.forEach((r, i) => {
      const s = results[i]!;
      if (!s.inserted && !('error' in s)) results[i] = { inserted: false, existing: existing.get(keyOf(r)) };
    });
    await addToRollups(
      tx,
      rows.flatMap((r, i) => (results[i]!.inserted ? [{ surveyId: r.surveyId, unitId: r.unitId, submittedAt: r.submittedAt, answers: r.answers, keys: keys.get(r.versionId) ?? [] }] : [])),
    );
    return results;
  };

  const run = async (items: NewResponse[]): Promise<Outcome<{ id: string }>[]> => {
    const keys = new Map<string, string[]>();
    for (const versionId of new Set(items.map((r) => r.versionId))) keys.set(versionId, await keysOf(versionId));

    // A key twice in one batch: the first goes to the database, the others answer as its retries.
    const leaders: NewResponse[] = [];
    const leaderOf: number[] = [];
    const seen = new Map<string, number>();
    for (const r of items) {
      const at = r.idempotencyKey === null ? undefined : seen.get(keyOf(r));
      if (at !== undefined) {
        leaderOf.push(at);
        continue;
      }
      if (r.idempotencyKey !== null) seen.set(keyOf(r), leaders.length);
      leaderOf.push(leaders.length);
      leaders.push(r);
    }

    let stored: Stored[];
    try {
      stored = await db.transaction().execute((tx) => store(tx, leaders, keys, false));
    } catch (err) {
      if (!isRowError(err)) throw err;
      stored = await db.transaction().execute((tx) => store(tx, leaders, keys, true));
    }

    return items.map((r, i): Outcome<{ id: string }> => {
      const leader = leaderOf[i]!;
      const s = stored[leader]!;
      const isLeader = leaders[leader] === r;
      if (s.inserted && isLeader) return { ok: true, value: { id: s.id } };
      if ('error' in s) return { ok: false, error: s.error };
      const first = leaders[leader]!;
      const existing = s.inserted
        ? { id: s.id, submittedAt: first.submittedAt, requestHash: first.requestHash, versionNumber: first.versionNumber }
        : s.existing;
      if (!existing) return { ok: false, error: new Error('an idempotency key conflicted, but no response holds it') };
      return { ok: false, error: new IdempotencyKeyUsedError(existing) };
    });
  };

  const batcher = createBatcher(run, { maxBatch: opts.maxBatch ?? MAX_BATCH });
  return { write: (response) => batcher.submit(response), stats: batcher.stats, idle: batcher.idle };
}
