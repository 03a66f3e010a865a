import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../src/server/db/connect.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { openCorridor, type Corridor, type OpenOptions } from '../../src/server/runtime.ts';

/**
 * Opens a Corridor for a test file: on embedded PGlite in memory by default, or on the PostgreSQL
 * of TEST_DATABASE_URL when the test project runs against it. Each file gets its own app; data is
 * never truncated, so every test makes its own company with the factories.
 */

export const TEST_DB: 'pglite' | 'postgres' = process.env['CORRIDOR_TEST_DB'] === 'postgres' ? 'postgres' : 'pglite';

export function testDatabaseUrl(): string | undefined {
  return TEST_DB === 'postgres' ? process.env['TEST_DATABASE_URL'] : undefined;
}

export async function openTestDatabase(): Promise<DatabaseHandle> {
  return connectDatabase({ databaseUrl: testDatabaseUrl(), poolSize: 5 });
}

/**
 * A PostgreSQL database of its own beside the shared one, for a test that needs a whole database —
 * the demo company, of which a database holds one. Dropped when the test's corridor stops.
 */
async function createOwnDatabase(sharedUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = new URL(sharedUrl);
  const name = `${shared.pathname.slice(1) || 'corridor'}_own_${randomUUID().slice(0, 8)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: shared.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const own = new URL(shared);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

export interface TestCorridorOptions {
  /** A database of its own (a fresh PostgreSQL database, or PGlite in memory as always), not the shared one. */
  ownDatabase?: boolean;
  baseUrl?: string;
  now?: () => Date;
  rateLimits?: { login: number; respond: number };
  webDir?: string;
  programmeWorker?: OpenOptions['programmeWorker'];
  webhookWorker?: OpenOptions['webhookWorker'];
  /** Webhooks may call loopback receivers (the tests' own); true unless a test says otherwise. */
  webhookAllowPrivate?: boolean;
  alertWorker?: OpenOptions['alertWorker'];
  textWorker?: OpenOptions['textWorker'];
  /** An SMTP server for the corridor's mail (see startSmtpSink); without one, mail goes to the outbox. */
  smtpUrl?: string;
}

export async function openTestCorridor(opts: TestCorridorOptions = {}): Promise<Corridor & { app: NonNullable<Corridor['app']> }> {
  const shared = testDatabaseUrl();
  const own = opts.ownDatabase && shared ? await createOwnDatabase(shared) : null;
  const databaseUrl = own?.url ?? shared;
  const corridor = await openCorridor({
    config: {
      databaseUrl,
      dataDir: `/nonexistent/${randomUUID()}`,
      baseUrl: opts.baseUrl ?? 'http://corridor.test',
      secureCookies: false,
      smtpUrl: opts.smtpUrl,
      mailFrom: 'Corridor <no-reply@corridor.test>',
      webhookAllowPrivate: opts.webhookAllowPrivate ?? true,
    },
    roles: new Set(['web', 'worker', 'scheduler']),
    log: silentLogger(),
    handle: own ? await connectDatabase({ databaseUrl, poolSize: 5 }) : await openTestDatabase(),
    now: opts.now,
    rateLimits: opts.rateLimits ?? { login: 1_000, respond: 1_000 },
    webDir: opts.webDir,
    // Tests tick the programme worker themselves unless they ask for it to run on its own.
    programmeWorker: opts.programmeWorker ?? { autostart: false },
    webhookWorker: opts.webhookWorker ?? { autostart: false },
    alertWorker: opts.alertWorker ?? { autostart: false },
    textWorker: opts.textWorker ?? { autostart: false },
  });
  if (!corridor.app) throw new Error('the web role did not start');
  const app = corridor.app;
  return {
    ...corridor,
    app,
    async stop() {
      await corridor.stop();
      await corridor.handle.close();
      await own?.drop();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * A test Corridor listening on a free local port, with its base URL set to that address (so the links
 * it shows, such as a survey's public link, work in a browser). For the browser tests.
 */
export async function openServedCorridor(opts: Omit<TestCorridorOptions, 'baseUrl'> = {}): Promise<{ corridor: Awaited<ReturnType<typeof openTestCorridor>>; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const corridor = await openTestCorridor({ ...opts, baseUrl: base });
  await corridor.app.listen({ port, host: '127.0.0.1' });
  return { corridor, base };
}

/** Waits until a condition holds, for work done by background jobs (bounded, never a fixed sleep). */
export async function eventually<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
