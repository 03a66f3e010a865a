import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Answers } from '../../../core/answers.ts';
import { createBatcher, type BatcherStats, type Outcome } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import { AppError, UnauthenticatedError } from '../../errors.ts';
import { loadRollupKeysUpTo } from '../rollups/keys.ts';
import { markOverflow } from '../rollups/segments.ts';
import { explainRefused, insertAll, insertSome, type BatchRow } from './writer-sql.ts';

/**
 * Group commit of responses (docs/decisions/0004-group-commit.md). Each caller hands over a checked
 * response and awaits its promise; the writer stores whatever has queued as one statement — an
 * INSERT from arrays with the rollup increments (writer-sql.ts) — and resolves each promise only once
 * it has committed, so nothing acknowledged is lost. A duplicate idempotency key, a survey closed or
 * republished since it was read, or a row the database refuses, settles only its own caller's promise.
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
  /** The API key that sends it: it is stored only while the key is not revoked. */
  apiKeyId: string | null;
  status: 'complete' | 'partial';
  audience: string | null;
  startedAt: Date | null;
  /** The respondent session and personal link it completes (each unique: a second one fails alone). */
  sessionId: string | null;
  personalLinkId: string | null;
  /** Checked against the version its session started on: stored while the survey is live, whichever version is. */
  pinnedVersion: boolean;
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

/** The survey was republished after the answer was checked: check it again against the new version. */
export class SurveyChangedError extends AppError {
  constructor() {
    super('survey_changed', 409, 'The survey was republished while this answer was sent; send it again');
  }
}

export interface ResponseWriter {
  write(response: NewResponse): Promise<{ id: string }>;
  /** Batches (statements) and responses so far, for tests and benchmarks. */
  stats(): BatcherStats;
  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void>;
}

export interface WriterOptions {
  /** Other connections may write or recompute rollups at the same time (PostgreSQL, not PGlite). */
  concurrent: boolean;
  maxBatch?: number;
  /** Told when a row was refused because what it was checked against changed, so caches can drop it. */
  onStale?: (what: { surveyId?: string; apiKeyId?: string }) => void;
}

/** Enough to keep a batch short (a few ms) while amortising its commit. */
const MAX_BATCH = 256;
/** Version ids whose rollup keys are kept; versions are immutable, so only memory bounds it. */
const MAX_CACHED_VERSIONS = 10_000;

const keyOf = (r: { surveyId: string; idempotencyKey: string | null }) => `${r.surveyId}\u0000${r.idempotencyKey ?? ''}`;

/** Errors that belong to the rows (data exceptions, integrity violations), not to the connection. */
function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

async function findKeyed(db: Db, rows: readonly BatchRow[]): Promise<Map<string, KeyedResponse>> {
  const found = new Map<string, KeyedResponse>();
  if (rows.length === 0) return found;
  const result = await sql<{ survey_id: string; idempotency_key: string; id: string; submitted_at: Date; request_hash: string | null; number: number }>`
    select r.survey_id, r.idempotency_key, r.id, r.submitted_at, r.request_hash, v.number
    from responses r join survey_versions v on v.id = r.version_id
    where (r.survey_id, r.idempotency_key) in (select * from unnest(${rows.map((r) => r.surveyId)}::uuid[], ${rows.map((r) => r.idempotencyKey)}::text[]))
  `.execute(db);
  for (const r of result.rows) {
    found.set(keyOf({ surveyId: r.survey_id, idempotencyKey: r.idempotency_key }), { id: r.id, submittedAt: r.submitted_at, requestHash: r.request_hash, versionNumber: r.number });
  }
  return found;
}

export function createResponseWriter(db: Db, opts: WriterOptions): ResponseWriter {
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

  /**
   * Stores the rows: all at once when every one goes in; otherwise, in a transaction, those that pass;
   * after a row error, each row on its own savepoint, so that a bad row fails alone.
   */
  const store = async (rows: BatchRow[]): Promise<{ inserted: Set<string>; errors: Map<string, unknown> }> => {
    const errors = new Map<string, unknown>();
    let rowError = false;
    let newValues = 0;
    // New segment values (rare once a survey has run a while): check the cardinality bound.
    const bound = async () => {
      if (newValues > 0) await markOverflow(db, [...new Set(rows.map((r) => r.surveyId))]);
    };
    try {
      const all = await insertAll(db, rows, opts.concurrent);
      if (all) {
        newValues = all.newValues;
        await bound();
        return { inserted: new Set(rows.map((r) => r.id)), errors };
      }
    } catch (err) {
      if (!isRowError(err)) throw err;
      rowError = true;
    }
    const inserted = await db.transaction().execute(async (tx) => {
      if (!rowError) {
        const some = await insertSome(tx, rows, opts.concurrent);
        newValues = some.newValues;
        return some.ids;
      }
      const ok = new Set<string>();
      for (const row of rows) {
        await sql`savepoint response_row`.execute(tx);
        try {
          const some = await insertSome(tx, [row], opts.concurrent);
          for (const id of some.ids) ok.add(id);
          newValues += some.newValues;
          await sql`release savepoint response_row`.execute(tx);
        } catch (error) {
          await sql`rollback to savepoint response_row`.execute(tx);
          errors.set(row.id, error);
        }
      }
      return ok;
    });
    await bound();
    return { inserted, errors };
  };

  /** The error for each row that was not stored: a taken key, a changed survey or key, or the database's. */
  const refusals = async (rows: BatchRow[], errors: Map<string, unknown>): Promise<Map<string, unknown>> => {
    const why = new Map(errors);
    const unexplained = rows.filter((r) => !errors.has(r.id));
    const keyed = await findKeyed(db, unexplained.filter((r) => r.idempotencyKey !== null));
    const rest: BatchRow[] = [];
    for (const r of unexplained) {
      const existing = r.idempotencyKey === null ? undefined : keyed.get(keyOf(r));
      if (existing) why.set(r.id, new IdempotencyKeyUsedError(existing));
      else rest.push(r);
    }
    if (rest.length === 0) return why;
    const { surveys, revokedKeys } = await explainRefused(db, rest);
    for (const r of rest) {
      const survey = surveys.get(r.surveyId);
      if (r.apiKeyId && revokedKeys.has(r.apiKeyId)) {
        opts.onStale?.({ apiKeyId: r.apiKeyId });
        why.set(r.id, new UnauthenticatedError('That API key is unknown or revoked'));
      } else if (survey?.status !== 'live') {
        opts.onStale?.({ surveyId: r.surveyId });
        why.set(r.id, new AppError('survey_closed', 410, 'This survey is closed and no longer takes answers'));
      } else if (survey.liveVersionId !== r.versionId && !r.pinnedVersion) {
        opts.onStale?.({ surveyId: r.surveyId });
        why.set(r.id, new SurveyChangedError());
      } else {
        why.set(r.id, new Error('the response was not stored, and neither its key nor its survey says why'));
      }
    }
    return why;
  };

  const run = async (items: NewResponse[]): Promise<Outcome<{ id: string }>[]> => {
    const keys = new Map<string, string[]>();
    for (const versionId of new Set(items.map((r) => r.versionId))) keys.set(versionId, await keysOf(versionId));

    // A key twice in one batch: the first goes to the database, the others answer as its retries.
    const rows: BatchRow[] = [];
    const rowOf: number[] = [];
    const firstOf: number[] = [];
    const seen = new Map<string, number>();
    items.forEach((r, i) => {
      const at = r.idempotencyKey === null ? undefined : seen.get(keyOf(r));
      if (at !== undefined) {
        rowOf.push(at);
        return;
      }
      if (r.idempotencyKey !== null) seen.set(keyOf(r), rows.length);
      rowOf.push(rows.length);
      firstOf.push(i);
      rows.push({ ...r, id: randomUUID(), rollupKeys: keys.get(r.versionId) ?? [] });
    });

    const { inserted, errors } = await store(rows);
    const refused = inserted.size === rows.length ? new Map<string, unknown>() : await refusals(rows.filter((r) => !inserted.has(r.id)), errors);

    return items.map((_, i): Outcome<{ id: string }> => {
      const row = rows[rowOf[i]!]!;
      if (!inserted.has(row.id)) return { ok: false, error: refused.get(row.id) ?? new Error('the response was not stored') };
      if (firstOf[rowOf[i]!] === i) return { ok: true, value: { id: row.id } };
      return { ok: false, error: new IdempotencyKeyUsedError({ id: row.id, submittedAt: row.submittedAt, requestHash: row.requestHash, versionNumber: row.versionNumber }) };
    });
  };

  const batcher = createBatcher(run, { maxBatch: opts.maxBatch ?? MAX_BATCH });
  return { write: (response) => batcher.submit(response), stats: batcher.stats, idle: batcher.idle };
}
