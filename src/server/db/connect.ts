import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/**
 * One code path for both databases: Kysely over PGlite (embedded, the zero-setup default) or over a
 * pg pool (PostgreSQL, for production). Both parse values the same way: bigint and numeric as
 * numbers (counts and money here stay far below 2^53), dates as 'YYYY-MM-DD' strings, never as
 * local-midnight Date objects.
 */

export type Db = Kysely<Database>;

export type DatabaseHandle =
  | { kind: 'pglite'; db: Db; pglite: PGlite; close(): Promise<void> }
  | { kind: 'postgres'; db: Db; pool: pg.Pool; connectionString: string; close(): Promise<void> };

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

export interface ConnectOptions {
  /** PostgreSQL URL; absent means embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; absent means in memory (tests). */
  pgliteDir?: string | undefined;
  poolSize?: number;
}

function createPgPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    // Corridor's queries are short; PostgreSQL's JIT compiled the dashboards' larger plans for
    // 100–360 ms each, longer than the queries ran (docs/BENCHMARKS.md). Off for our sessions only.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
        if (oid === DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Opens the database named by the options. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = createPgPool(options.databaseUrl, options.poolSize ?? 10);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      db,
      pool,
      connectionString: options.databaseUrl,
      close: () => db.destroy(),
    };
  }
  const releaseLock = options.pgliteDir ? lockDataDir(options.pgliteDir) : () => {};
  const pglite = await PGlite.create({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    parsers: {
      [pgliteTypes.INT8]: (v: string) => Number(v),
      [pgliteTypes.NUMERIC]: (v: string) => Number(v),
      [pgliteTypes.DATE]: (v: string) => v,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    db,
    pglite,
    close: async () => {
      await db.destroy();
      releaseLock();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database belongs to one process at a time: two PGlite instances on one folder would
 * corrupt it. A lock file holds the owner's process id; a stale one (its process gone) is taken over.
 */
export function lockDataDir(pgliteDir: string): () => void {
  const parent = path.dirname(pgliteDir);
  mkdirSync(parent, { recursive: true });
  const lock = path.join(parent, 'pgdata.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new DatabaseInUseError(
          `The embedded database in ${pgliteDir} is in use by process ${owner} (a running "corridor serve"?). ` +
            'Stop that process first, run this command against PostgreSQL (DATABASE_URL), or use another CORRIDOR_DATA_DIR.',
        );
      }
      rmSync(lock, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not lock the embedded database in ${pgliteDir}`);
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/** Applies every migration not yet applied; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'corridor_migrations',
    migrationLockTableName: 'corridor_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return results ?? [];
}

/** True for PostgreSQL's unique_violation (23505), from pg or PGlite, optionally on one constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint || String(e.message).includes(constraint);
}
