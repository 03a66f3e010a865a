/**
 * Ingestion benchmark: `npm run bench:ingest` (embedded PGlite in a temporary folder) or
 * `BENCH_DATABASE_URL=postgres://… npm run bench:ingest` (an empty PostgreSQL database).
 *
 * Corridor runs in this process with every role (web, worker, scheduler), as bench/run.ts opens it,
 * with the HiTouch demo loaded (6,400 responses). autocannon drives it from a worker thread of this
 * process (bench/load.ts) over keep-alive connections to 127.0.0.1: per scenario a warm-up, then the
 * measured run. On the same database, in the same run, two baselines (bench/bare.ts) show what the
 * database costs without Corridor: a bare Fastify route with one INSERT per request, and one with
 * group commit. The scenarios, in this order:
 *   1. bare single:  POST /single, one INSERT per request;
 *   2. bare batched: POST /batched, group commit of plain INSERTs;
 *   2b. bare batched into responses: the same into Corridor's responses table (indexes, foreign keys);
 *   3. API:          POST /api/v1/surveys/hitouch-service/responses with an API key (201);
 *   4. API, keyed:   the same with a new Idempotency-Key on every request;
 *   5. completions:  GET /s/hitouch-service (as a browser asks: gzip or brotli), then the form post
 *                    (303); a completion is the pair.
 * After each Corridor scenario it waits for the writer to go idle and checks that every acknowledged
 * response is stored (stored − acknowledged is at most the connections cut at the stop) and that the
 * dashboard's n equals a direct count of the stored responses. Prints figures; asserts nothing.
 *
 * Environment (all optional): BENCH_DATABASE_URL; BENCH_SECONDS (10), BENCH_WARMUP (3),
 * BENCH_CONNECTIONS (32); BENCH_ONLY (comma-separated scenario ids: single,batched,table,api,keyed,pages);
 * BENCH_JSON (write the figures as JSON to this file). Flag: --markdown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type autocannon from 'autocannon';
import type { Services } from '../src/server/context.ts';
import type { BatcherStats } from '../src/server/db/batcher.ts';
import { DEMO_SLUGS, loadDemo } from '../src/server/modules/demo/service.ts';
import { createApiKey } from '../src/server/modules/users/service.ts';
import { findLiveSurvey } from '../src/server/modules/responses/service.ts';
import { BARE_CHANNEL, openBareApp, type BareApp } from './bare.ts';
import { drive, type LoadResult } from './load.ts';
import { answerBody } from './scenarios.ts';
import { int, markdownTable, ms, table } from './stats.ts';
import { openBench, targetFromEnv } from './target.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const ONLY = new Set((process.env['BENCH_ONLY'] ?? 'single,batched,table,api,keyed,pages').split(','));
for (const [name, v] of Object.entries({ SECONDS, WARMUP, CONNECTIONS })) {
  if (!Number.isInteger(v) || v < 0 || v > 600) throw new Error(`BENCH_${name} takes a whole number up to 600`);
}

const JSON_ANSWER = JSON.stringify({ answers: { nps: 9, comment: 'Quick and friendly.' } });
const KEYED_REQUEST = path.join(import.meta.dirname, 'keyed-request.cjs');

interface ScenarioResult {
  id: string;
  name: string;
  load: LoadResult;
  /** Requests per unit of work (a completion is two). */
  perUnit: number;
  acknowledged: number;
  stored: number;
  /** The dashboard's n, and a direct count of the stored responses that it should equal. */
  dashboardN?: number;
  directN?: number;
  /** Batches of the measured run and their mean size: writer transactions, survey and key lookups. */
  batches?: Record<string, { batches: number; meanSize: number }>;
}

const log = (line: string) => process.stderr.write(`[bench:ingest ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const version = (pkg: string) => (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

/** Waits until requests cut off by the end of a run have been written (they may still commit). */
async function settled(idle: () => Promise<void>): Promise<void> {
  await idle();
  await new Promise((r) => setTimeout(r, 250));
  await idle();
}

function batchStats(svc: Services): Record<string, BatcherStats> {
  return { writer: svc.writer.stats(), surveys: svc.liveSurveys.stats(), keys: svc.apiKeys.stats() };
}

/** Stored responses with an NPS answer: Corridor's, or (bare) those the bare route put in responses. */
async function countNps(svc: Services, surveyId: string, bare = false): Promise<number> {
  const channel = bare ? sql`channel = ${BARE_CHANNEL}` : sql`channel <> ${BARE_CHANNEL}`;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from responses where survey_id = ${surveyId} and answers ? 'nps' and ${channel}`.execute(svc.db);
  return rows[0]?.n ?? 0;
}

async function main(): Promise<void> {
  const target = targetFromEnv(version('@electric-sql/pglite'));
  const conditions: Record<string, string> = {
    date: new Date().toISOString(),
    database: await target.describe(),
    node: process.version,
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    libraries: ['fastify', 'kysely', 'pg-boss', 'pg', 'autocannon'].map((p) => `${p} ${version(p)}`).join(', '),
    load: `autocannon in a worker thread of the bench process, ${CONNECTIONS} connections, ${WARMUP} s warm-up, ${SECONDS} s measured`,
    loadavg: `start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  };
  log(`running on ${conditions['database']}`);
  const dataDir = await target.fresh();
  const bench = await openBench(target, dataDir);
  const svc = bench.corridor.services;
  const results: ScenarioResult[] = [];
  let bare: BareApp | undefined;
  try {
    log('loading the demo (6,400 responses)');
    await loadDemo(svc, {});
    const live = await findLiveSurvey(svc, DEMO_SLUGS.service);
    const bareApp = await openBareApp(svc.db, { surveyId: live.surveyId, versionId: live.versionId, unitId: live.unitId });
    bare = bareApp;
    const company = await svc.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const { key } = await createApiKey(svc.db, null, { name: 'bench', role: 'admin', unitId: company.id });
    const survey = await svc.db.selectFrom('surveys').select('id').where('slug', '=', DEMO_SLUGS.service).executeTakeFirstOrThrow();
    const auth = { authorization: `Bearer ${key}` };
    const dashboardN = async () => {
      const res = await fetch(`${bench.baseUrl}/api/v1/surveys/${survey.id}/dashboard?period=all`, { headers: auth });
      return ((await res.json()) as { nps: { n: number } }).nps.n;
    };

    const bareScenario = async (id: string, name: string, url: string, stored: () => Promise<number>) => {
      log(name);
      let before = 0;
      const afterWarmup = async () => {
        await settled(() => bareApp.idle());
        before = await stored();
      };
      const requests: autocannon.Request[] = [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON_ANSWER }];
      const load = await drive({ url, connections: CONNECTIONS, warmupSeconds: WARMUP, seconds: SECONDS, requests, afterWarmup });
      await settled(() => bareApp.idle());
      results.push({ id, name, load, perUnit: 1, acknowledged: load.statuses['201'] ?? 0, stored: (await stored()) - before });
    };
    const corridorScenario = async (id: string, name: string, requests: autocannon.Request[], url: string, ackStatus: string, perUnit: number) => {
      log(name);
      // The warm-up's responses are stored too: count only the measured run's against its acknowledgements.
      let before = 0;
      let statsBefore = batchStats(svc);
      const afterWarmup = async () => {
        await settled(() => svc.writer.idle());
        before = await countNps(svc, survey.id);
        statsBefore = batchStats(svc);
      };
      const load = await drive({ url, connections: CONNECTIONS, warmupSeconds: WARMUP, seconds: SECONDS, requests, afterWarmup });
      await settled(() => svc.writer.idle());
      const directN = await countNps(svc, survey.id);
      const statsAfter = batchStats(svc);
      const batches = Object.fromEntries(
        Object.entries(statsAfter).map(([k, s]) => {
          const b = s.batches - (statsBefore[k]?.batches ?? 0);
          return [k, { batches: b, meanSize: b > 0 ? (s.items - (statsBefore[k]?.items ?? 0)) / b : 0 }];
        }),
      );
      log(`  batches: ${Object.entries(batches).map(([k, s]) => `${k} ${int(s.batches)} × ${s.meanSize.toFixed(1)}`).join(', ')}`);
      results.push({ id, name, load, perUnit, acknowledged: load.statuses[ackStatus] ?? 0, stored: directN - before, dashboardN: await dashboardN(), directN, batches });
    };

    const bareCount = () => bareApp.stored();
    const tableCount = () => countNps(svc, survey.id, true);
    if (ONLY.has('single')) await bareScenario('single', 'bare Fastify, one INSERT per request', `${bareApp.baseUrl}/single`, bareCount);
    if (ONLY.has('batched')) await bareScenario('batched', 'bare Fastify, group commit', `${bareApp.baseUrl}/batched`, bareCount);
    if (ONLY.has('table')) await bareScenario('table', 'bare Fastify, group commit into responses', `${bareApp.baseUrl}/batched-responses`, tableCount);
    const api = `${bench.baseUrl}/api/v1/surveys/${DEMO_SLUGS.service}/responses`;
    const apiRequest = { method: 'POST' as const, headers: { ...auth, 'content-type': 'application/json' }, body: JSON_ANSWER };
    if (ONLY.has('api')) await corridorScenario('api', 'Corridor API, API key', [apiRequest], api, '201', 1);
    if (ONLY.has('keyed')) await corridorScenario('keyed', 'Corridor API, API key + Idempotency-Key', [{ ...apiRequest, setupRequest: KEYED_REQUEST }], api, '201', 1);
    if (ONLY.has('pages')) {
      const page = `/s/${DEMO_SLUGS.service}`;
      await corridorScenario(
        'pages',
        'Corridor completions (GET page + POST form)',
        [
          { method: 'GET', path: page, headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' } },
          { method: 'POST', path: page, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: answerBody(7) },
        ],
        bench.baseUrl,
        '303',
        2,
      );
    }
  } finally {
    await bare?.stop().catch(() => {});
    await bench.stop();
    await target.cleanup();
  }
  conditions['loadavg'] += `, end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15-minute load averages)`;
  const single = results.find((r) => r.id === 'single')?.load.perSecond;
  const batched = results.find((r) => r.id === 'batched')?.load.perSecond;
  const header = ['scenario', 'per s', 'p50', 'p99', 'max', '÷ bare single', '÷ bare batched', 'acknowledged', 'stored', 'dashboard n = count', 'load avg'];
  const rows = results.map((r) => {
    const units = r.load.perSecond / r.perUnit;
    return [
      r.name,
      int(units),
      ms(r.load.latencyMs.p50),
      ms(r.load.latencyMs.p99),
      ms(r.load.latencyMs.max),
      single ? (units / single).toFixed(2) : '',
      batched ? (units / batched).toFixed(2) : '',
      int(r.acknowledged) + (r.load.responses !== r.acknowledged * r.perUnit ? ` (other: ${JSON.stringify(r.load.statuses)}, errors ${r.load.errors})` : ''),
      `${int(r.stored)} (${r.stored >= r.acknowledged ? '+' : ''}${int(r.stored - r.acknowledged)})`,
      r.dashboardN === undefined ? '' : `${int(r.dashboardN)} ${r.dashboardN === r.directN ? '=' : '≠'} ${int(r.directN ?? 0)}`,
      `${r.load.loadBefore.toFixed(2)} → ${r.load.loadAfter.toFixed(2)}`,
    ];
  });
  const lines = ['', 'Corridor ingestion benchmark', ...Object.entries(conditions).map(([k, v]) => `  ${k.padEnd(10)} ${v}`), '', table(header, rows), ''];
  process.stdout.write(lines.join('\n'));
  if (process.argv.includes('--markdown')) process.stdout.write(`\n${markdownTable(header, rows)}\n`);
  const jsonPath = process.env['BENCH_JSON'];
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ conditions, results }, null, 2));
}

await main();
