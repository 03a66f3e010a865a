/**
 * Corridor benchmarks: `npm run bench` (embedded PGlite in a temporary folder) or
 * `BENCH_DATABASE_URL=postgres://… npm run bench` (an empty PostgreSQL database).
 *
 * Opens Corridor in this process with every role (web, worker, scheduler), loads the HiTouch demo
 * through the same service functions as `corridor demo`, and drives the app over real HTTP on a
 * loopback port. Prints figures; asserts nothing.
 *
 * For each scale (6,400 responses, then 100,000) on a fresh database, in this order:
 *   1. demo load: wall time of loadDemo (the same call as `corridor demo --responses N`);
 *   2. dashboard latency: 200 sequential GETs of the service survey's dashboard (period=all) and of
 *      /api/v1/overview, logged in as the demo admin, after 20 unmeasured warm-up requests each;
 *   3. respondent page: body bytes of GET /s/hitouch-relationship (raw and gzip -9) and time to first
 *      byte over 300 sequential GETs (after 20 warm-up GETs);
 *   4. taking answers: 20 warm-up posts, then 1,000 sequential form posts to /s/hitouch-service, then
 *      1,000 more spread over 8 concurrent clients; then the wait until the dashboard counts them all;
 *   5. answer to dashboard: one post, then polling the dashboard every 25 ms until n grows by one
 *      (10 trials, each after a random 0-500 ms pause); then a burst of 200 posts from 8 clients.
 * Survey posts are rate-limited per address in the app (30/min); the bench opens Corridor with
 * rateLimits { login: 1000, respond: 1_000_000 } so the limiter does not answer 429.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL     PostgreSQL to run on (must be empty; the bench empties it between scales)
 *   BENCH_LARGE_RESPONSES  responses of the large demo (default 100000)
 *   BENCH_JSON             write every figure as JSON to this file
 * Flags: --markdown  also print the summary as a Markdown table
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { BenchClient } from './http.ts';
import {
  DEMO_SLUGS,
  dashboardN,
  measureAnswers,
  measureDemoLoad,
  measureGet,
  measurePageWeight,
  measureRollupLag,
  settle,
  type DashboardProbe,
} from './scenarios.ts';
import { RESULT_HEADER, resultRows, type BenchReport, type ScaleResult } from './results.ts';
import { int, markdownTable, ms, table } from './stats.ts';
import { BENCH_RATE_LIMITS, openBench, targetFromEnv, type Target } from './target.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../src/server/modules/demo/service.ts';

const DEFAULT_RESPONSES = 6_400;
const LARGE_RESPONSES = Number(process.env['BENCH_LARGE_RESPONSES'] ?? 100_000);
if (!Number.isInteger(LARGE_RESPONSES) || LARGE_RESPONSES < 0) throw new Error('BENCH_LARGE_RESPONSES takes a whole number');
const PAGE_REQUESTS = 300;
const ANSWERS = 1_000;
const CONCURRENT_CLIENTS = 8;
const LAG_TRIALS = 10;
const LAG_BURST = 200;
const DASHBOARD_REQUESTS = 200;
const WARMUP = 20;
const POLL_MS = 25;

const markdown = process.argv.includes('--markdown');

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function runScale(target: Target, responses: number): Promise<ScaleResult> {
  const dataDir = await target.fresh();
  const bench = await openBench(target, dataDir);
  const client = new BenchClient(bench.baseUrl, CONCURRENT_CLIENTS * 2);
  try {
    log(`${int(responses)} responses: loading the demo`);
    const demo = await measureDemoLoad(bench.corridor.services, responses);
    log(`  loaded in ${ms(demo.totalMs)} (${int(demo.perSecond)} responses/s): ${Object.entries(demo.steps).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);

    const cookie = await client.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const { data } = await client.json<{ surveys: { id: string; slug: string }[] }>('/api/v1/surveys', cookie);
    const surveyId = data.surveys.find((s) => s.slug === DEMO_SLUGS.service)?.id;
    if (!surveyId) throw new Error('the demo has no service survey');
    const probe: DashboardProbe = { client, cookie, surveyId };

    log('  dashboard and overview latency');
    const dashboard = await measureGet(client, cookie, `/api/v1/surveys/${surveyId}/dashboard?period=all`, DASHBOARD_REQUESTS, WARMUP);
    const overview = await measureGet(client, cookie, '/api/v1/overview', DASHBOARD_REQUESTS, WARMUP);

    log('  respondent page');
    const page = await measurePageWeight(client, DEMO_SLUGS.relationship, PAGE_REQUESTS, WARMUP);

    log('  taking answers');
    const n0 = await dashboardN(probe);
    await measureAnswers(client, DEMO_SLUGS.service, WARMUP, 1, 10_000);
    const sequential = await measureAnswers(client, DEMO_SLUGS.service, ANSWERS, 1, 20_000);
    const concurrent = await measureAnswers(client, DEMO_SLUGS.service, ANSWERS, CONCURRENT_CLIENTS, 30_000);
    const posted = WARMUP + sequential.answers + concurrent.answers;
    const drainMs = await settle(probe, n0 + posted);

    log('  rollup lag');
    const lag1 = await measureRollupLag(probe, DEMO_SLUGS.service, { burst: 1, trials: LAG_TRIALS, clients: 1, pollMs: POLL_MS, jitterMs: 500, seed: 40_000 });
    const lagBurst = await measureRollupLag(probe, DEMO_SLUGS.service, {
      burst: LAG_BURST,
      trials: 1,
      clients: CONCURRENT_CLIENTS,
      pollMs: POLL_MS,
      jitterMs: 500,
      seed: 50_000,
    });
    return { responses, demo, dashboard, overview, page, sequential, concurrent, posted, drainMs, lag1, lagBurst };
  } finally {
    client.close();
    await bench.stop();
  }
}

async function main(): Promise<void> {
  const pgliteVersion = (JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const target = targetFromEnv(pgliteVersion);
  const conditions = {
    date: new Date().toISOString(),
    database: await target.describe(),
    node: process.version,
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    loadavg: `start ${loadavg()}`,
    rateLimits: `survey posts ${int(BENCH_RATE_LIMITS.respond)}/min, logins ${int(BENCH_RATE_LIMITS.login)}/min per address (raised for the bench; defaults 30 and 10)`,
  };
  log(`running on ${conditions.database}`);
  const t0 = performance.now();
  const results: ScaleResult[] = [];
  try {
    for (const responses of [DEFAULT_RESPONSES, LARGE_RESPONSES]) results.push(await runScale(target, responses));
  } finally {
    await target.cleanup();
  }
  const elapsed = performance.now() - t0;
  conditions.loadavg += `, end ${loadavg()} (1/5/15-minute load averages; the end includes the bench itself)`;

  const header = [...RESULT_HEADER];
  const rows = results.flatMap((r) => resultRows(r, DEMO_SLUGS.relationship));
  const lines = [
    '',
    'Corridor benchmark',
    ...Object.entries(conditions).map(([k, v]) => `  ${k.padEnd(10)} ${v}`),
    `  elapsed    ${ms(elapsed)}`,
    '  client     in the same process as the server (node:http, keep-alive), over 127.0.0.1',
    '',
    table(header, rows),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (markdown) process.stdout.write(`\n${markdownTable(header, rows)}\n`);
  const jsonPath = process.env['BENCH_JSON'];
  if (jsonPath) {
    const report: BenchReport = { conditions, elapsedMs: elapsed, results };
    writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  }
}

await main();
