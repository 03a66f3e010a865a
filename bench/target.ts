import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { silentLogger } from '../src/server/logger.ts';
import { openCorridor, type Corridor } from '../src/server/runtime.ts';

/**
 * Where the benchmark runs: embedded PGlite in a fresh temporary folder, or the PostgreSQL database
 * named by BENCH_DATABASE_URL. A PostgreSQL database must start empty; between the two scales the
 * bench drops what it created there (the public and pgboss schemas) so each scale starts fresh.
 */

/** Survey posts are rate-limited per address (30/min by default); the bench lifts both limits. */
export const BENCH_RATE_LIMITS = { login: 1000, respond: 1_000_000 } as const;

export interface Target {
  kind: 'pglite' | 'postgres';
  databaseUrl: string | undefined;
  /** A human description, e.g. "PostgreSQL 15.20" or "PGlite 0.5.16". */
  describe(): Promise<string>;
  /** Makes the database fresh (a new temp folder, or an emptied PostgreSQL database); returns the data folder. */
  fresh(): Promise<string>;
  cleanup(): Promise<void>;
}

export interface OpenBench {
  corridor: Corridor;
  baseUrl: string;
  stop(): Promise<void>;
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function targetFromEnv(pgliteVersion: string): Target {
  const databaseUrl = process.env['BENCH_DATABASE_URL'] || undefined;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corridor-bench-'));
    dirs.push(dir);
    return dir;
  };
  if (!databaseUrl) {
    return {
      kind: 'pglite',
      databaseUrl,
      describe: async () => `PGlite ${pgliteVersion} (embedded, data folder in ${tmpdir()})`,
      fresh: async () => {
        // One data folder at a time: drop the previous scale's before starting the next.
        for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
        return tempDir();
      },
      cleanup: async () => {
        for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
      },
    };
  }
  let used = false;
  return {
    kind: 'postgres',
    databaseUrl,
    describe: () => withPg(databaseUrl, async (c) => String((await c.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? 'PostgreSQL'),
    fresh: async () => {
      await withPg(databaseUrl, async (c) => {
        if (!used) {
          const { rows } = await c.query<{ n: number }>(
            `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'pgboss')`,
          );
          if ((rows[0]?.n ?? 0) > 0) {
            throw new Error('BENCH_DATABASE_URL must name an empty database (it has tables); create a fresh one for each run.');
          }
          used = true;
          return;
        }
        // The second scale: drop only what the first one created.
        await c.query('drop schema if exists pgboss cascade');
        await c.query('drop schema public cascade');
        await c.query('create schema public');
      });
      return tempDir();
    },
    cleanup: async () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Opens Corridor with every role in this process and listens on a free loopback port. */
export async function openBench(target: Target, dataDir: string): Promise<OpenBench> {
  const corridor = await openCorridor({
    config: { databaseUrl: target.databaseUrl, dataDir, baseUrl: 'http://127.0.0.1', secureCookies: false },
    roles: new Set(['web', 'worker', 'scheduler']),
    log: silentLogger(),
    rateLimits: { ...BENCH_RATE_LIMITS },
  });
  if (!corridor.app) throw new Error('the web role did not start');
  await corridor.app.listen({ port: 0, host: '127.0.0.1' });
  const address = corridor.app.server.address() as AddressInfo;
  return { corridor, baseUrl: `http://127.0.0.1:${address.port}`, stop: () => corridor.stop() };
}
