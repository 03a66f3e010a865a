import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SERVER_HEAP_FLAGS } from '../bin/heap.js';
import { connectDatabase } from '../src/server/db/connect.ts';
import { pgliteDirOf } from '../src/server/runtime.ts';
import { loadConfig } from '../src/server/config.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SLUGS } from '../src/server/modules/demo/service.ts';
import { BenchClient } from './http.ts';
import { summarize } from './stats.ts';
import { describeDemo, type DemoShape } from './demo-shape.ts';

/**
 * The figures of a loaded demo (`corridor demo --responses N`): its shape and size, how fast it was
 * loaded (from the responses' created_at), and the rollup-backed dashboards over HTTP with the
 * server's memory. The server runs as a child process on the database of DATABASE_URL, or on the
 * PGlite data folder of CORRIDOR_DATA_DIR, so its RSS is its own; nothing is written but sessions.
 *
 *   DATABASE_URL=postgres://… npm run bench:demo
 *   CORRIDOR_DATA_DIR=/path/to/data npm run bench:demo
 *   BENCH_SAMPLES=50 (requests per endpoint, after 3 unmeasured warm-up requests)
 *   BENCH_SERVER_HEAP_MB=160 (the server's --max-old-space-size instead of the heap `corridor serve`
 *   gives itself, bin/heap.js)
 */

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 30);
const HEAP_MB = process.env['BENCH_SERVER_HEAP_MB'];
const config = loadConfig();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The web role only on PostgreSQL, so workers do not compete with the requests measured.
  const services = config.databaseUrl ? ['--services', 'web'] : [];
  // The heap `corridor serve` gives itself (bin/heap.js), or the one asked for.
  const heap = HEAP_MB ? [`--max-old-space-size=${Number(HEAP_MB)}`] : SERVER_HEAP_FLAGS;
  const child = spawn(process.execPath, [...heap, 'src/cli/main.ts', 'serve', ...services], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: baseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const client = new BenchClient(baseUrl, 1);
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await client.request('/healthz')).status === 200) return { child, baseUrl };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start within two minutes');
}

interface Measured {
  name: string;
  p50: number;
  p95: number;
  max: number;
  count: number;
}

/** Sequential requests (one at a time: the latency a user sees, not throughput). */
async function measure(client: BenchClient, cookie: string, name: string, url: string): Promise<Measured> {
  for (let i = 0; i < 3; i++) await client.json(url, cookie);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push((await client.json(url, cookie)).res.total);
  const s = summarize(times);
  return { name, p50: s.p50, p95: s.p95, max: s.max, count: s.count };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const handle = await connectDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : pgliteDirOf(config.dataDir), poolSize: 2 });
  let shape: DemoShape;
  try {
    shape = await describeDemo(handle);
  } finally {
    await handle.close();
  }
  const started = performance.now();
  const { child, baseUrl } = await startServer();
  const startup = performance.now() - started;
  try {
    const pid = child.pid ?? 0;
    const client = new BenchClient(baseUrl, 1);
    const cookie = await client.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const surveys = (await client.json<{ surveys: { id: string; slug: string }[] }>('/api/v1/surveys', cookie)).data.surveys;
    const idOf = (slug: string) => surveys.find((s) => s.slug === slug)?.id;
    const manager = await client.login('banking.manager@hitouch.example', DEMO_PASSWORD);
    const results: Measured[] = [];
    const afterStart = memoryOf(pid);
    results.push(await measure(client, cookie, 'home overview (admin)', '/api/v1/overview'));
    results.push(await measure(client, manager, 'home overview (one market’s manager)', '/api/v1/overview'));
    for (const slug of [DEMO_SLUGS.relationship, DEMO_SLUGS.service]) {
      const id = idOf(slug);
      if (!id) continue;
      for (const period of ['12m', 'all'] as const) {
        results.push(await measure(client, cookie, `survey dashboard ${slug}, ${period} (admin)`, `/api/v1/surveys/${id}/dashboard?period=${period}`));
      }
      results.push(await measure(client, manager, `survey dashboard ${slug}, 12m (one market’s manager)`, `/api/v1/surveys/${id}/dashboard?period=12m`));
    }
    results.push(await measure(client, cookie, 'survey list (admin)', '/api/v1/surveys'));
    const end = memoryOf(pid);

    console.log(`# Demo at scale (${shape.database})\n`);
    console.log(`- ${shape.responses.toLocaleString('en')} responses in ${shape.surveys} surveys, ${shape.accounts.toLocaleString('en')} accounts, ${shape.contacts.toLocaleString('en')} contacts, ${shape.days} days (${shape.firstDay} to ${shape.lastDay})`);
    console.log(`- database ${shape.databaseSize}; responses table with indexes ${shape.responsesSize}; rollup_daily ${shape.rollupRows.toLocaleString('en')} rows, ${shape.rollupSize}`);
    if (shape.loadSeconds !== undefined) {
      console.log(`- responses stored in ${(shape.loadSeconds / 60).toFixed(1)} min (${Math.round(shape.responses / shape.loadSeconds).toLocaleString('en')} responses/s, first to last created_at; rollups rebuilt after)`);
    }
    console.log(`- server started in ${(startup / 1000).toFixed(1)} s${HEAP_MB ? ` with --max-old-space-size=${HEAP_MB}` : ` with ${SERVER_HEAP_FLAGS.join(' ')}`}; RSS after start ${afterStart.rss.toFixed(0)} MB, at the end ${end.rss.toFixed(0)} MB, peak ${end.peak.toFixed(0)} MB`);
    console.log(`\n| request (${SAMPLES} sequential, after 3 warm-up) | p50 | p95 | max |\n|---|---|---|---|`);
    for (const r of results) console.log(`| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} |`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

await main();
