/**
 * Explorer benchmark: `npm run bench:analytics`. Measures, on whatever database is configured and
 * the data already in it (it never adds responses), the p50 / p95 of
 *   1. "NPS by segment × month for one survey" — each live survey with an NPS question in turn;
 *   2. "NPS by segment × month across all surveys" — every live survey of the company at once;
 * through the service (queryAnalytics) and over HTTP (POST /api/v1/analytics/query on a loopback
 * port, one request at a time), and a few runs of the same queries forced onto the raw responses.
 *
 * The database: DATABASE_URL (PostgreSQL), else the PGlite folder CORRIDOR_DATA_DIR (or the first
 * argument), as `corridor start` finds it — e.g. after `corridor demo --responses 1000000`. Over HTTP
 * it authenticates with an analyst API key it adds at the start and deletes at the end (the only
 * row it writes).
 *
 * Environment (all optional): BENCH_ITERATIONS (50), BENCH_WARMUP (5), BENCH_RAW_ITERATIONS (3, 0 to
 * skip), BENCH_DIMENSION (attr:market, or the first rolled-up attribute), BENCH_COMPANY (a company
 * unit id; the one with most responses by default), BENCH_JSON (write figures as JSON to this file).
 * Flag: --markdown.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { AnalyticsQuery, AnalyticsResult } from '../src/contract/analytics.ts';
import { findNpsQuestion, SurveyDefinitionSchema } from '../src/core/survey-definition.ts';
import { silentLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { hashToken, newToken } from '../src/server/modules/auth/secrets.ts';
import { queryAnalytics } from '../src/server/modules/analytics/service.ts';
import { API_KEY_PREFIX } from '../src/server/modules/users/service.ts';
import { openCorridor } from '../src/server/runtime.ts';
import { markdownTable, ms, summarize, table } from './stats.ts';

const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 50);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 5);
const RAW_ITERATIONS = Number(process.env['BENCH_RAW_ITERATIONS'] ?? 3);
const markdown = process.argv.includes('--markdown');
const log = (msg: string) => console.error(`[bench:analytics ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env['CORRIDOR_DATA_DIR'] ?? '.corridor');
const corridor = await openCorridor({
  config: { databaseUrl, dataDir, baseUrl: 'http://127.0.0.1', secureCookies: false },
  roles: new Set(['web']),
  log: silentLogger(),
});
const db = corridor.services.db;
const app = corridor.app!;
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// The company: the one named, else the one with the most responses.
const companyRow = await sql<{ id: string; path: string; name: string; responses: number }>`
  select u.id, u.path, u.name, (select count(*)::int from responses r join units x on x.id = r.unit_id where x.path like u.path || '%') as responses
  from units u where u.kind = 'company' ${process.env['BENCH_COMPANY'] ? sql`and u.id = ${process.env['BENCH_COMPANY']}` : sql``}
  order by responses desc limit 1`.execute(db);
const company = companyRow.rows[0];
if (!company) throw new Error('No company in this database: load one first (corridor demo --responses N)');
const actor: Actor = { type: 'user', id: '00000000-0000-4000-8000-000000000000', label: 'bench', role: 'analyst', unitId: company.id, unitPath: company.path };

const live = await sql<{ id: string; slug: string; definition: unknown }>`
  select s.id, s.slug, v.definition from surveys s join survey_versions v on v.id = s.live_version_id join units u on u.id = s.unit_id
  where u.path like ${`${company.path}%`} order by s.slug`.execute(db);
const surveys = live.rows.filter((s) => findNpsQuestion(SurveyDefinitionSchema.parse(s.definition)));
if (surveys.length === 0) throw new Error(`${company.name} has no live survey with an NPS question`);

const dims = await sql<{ dimension: string }>`
  select distinct dimension from rollup_segment_values where survey_id = any(${surveys.map((s) => s.id)}::uuid[]) and dimension like 'attr:%'
  except select dimension from rollup_segment_overflow order by 1`.execute(db);
const dimension = process.env['BENCH_DIMENSION'] ?? (dims.rows.some((d) => d.dimension === 'attr:market') ? 'attr:market' : (dims.rows[0]?.dimension ?? 'language'));

// An analyst key for the HTTP runs, deleted at the end.
const key = newToken(API_KEY_PREFIX);
const keyRow = await db.insertInto('api_keys').values({ name: 'bench:analytics (temporary)', key_hash: hashToken(key), role: 'analyst', unit_id: company.id }).returning('id').executeTakeFirstOrThrow();

async function viaHttp(body: AnalyticsQuery): Promise<AnalyticsResult> {
  const res = await fetch(`${base}/api/v1/analytics/query`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as AnalyticsResult;
}
const viaService = (body: AnalyticsQuery) => queryAnalytics(corridor.services, actor, body);

interface Figure {
  scenario: string;
  path: 'service' | 'http';
  source: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
  cells: number;
}
const figures: Figure[] = [];

/** Runs the queries round-robin (warm-up first), timing each one. */
async function measure(scenario: string, pathName: Figure['path'], bodies: AnalyticsQuery[], iterations: number): Promise<void> {
  const run = pathName === 'http' ? viaHttp : viaService;
  for (let i = 0; i < Math.min(WARMUP, iterations); i++) await run(bodies[i % bodies.length]!);
  const samples: number[] = [];
  let last: AnalyticsResult | undefined;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    last = await run(bodies[i % bodies.length]!);
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  figures.push({ scenario, path: pathName, source: last?.source ?? '', runs: iterations, p50: s.p50, p95: s.p95, max: s.max, n: last?.overall.n ?? 0, cells: last?.cells.length ?? 0 });
  log(`${scenario} (${pathName}): p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`);
}

try {
  log(`${company.name}: ${company.responses.toLocaleString('en')} responses, ${surveys.length} surveys with NPS; segment ${dimension}; ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`}`);
  const one = surveys.map((s): AnalyticsQuery => ({ surveys: [s.id], groupBy: dimension, interval: 'month' }));
  const all: AnalyticsQuery = { surveys: surveys.map((s) => s.id), groupBy: dimension, interval: 'month' };
  for (const p of ['service', 'http'] as const) {
    await measure('NPS by segment × month, one survey', p, one, ITERATIONS);
    await measure('NPS by segment × month, all surveys', p, [all], ITERATIONS);
  }
  if (RAW_ITERATIONS > 0) {
    await measure('the same from raw responses, one survey', 'service', one.map((q) => ({ ...q, source: 'raw' })), RAW_ITERATIONS);
    await measure('the same from raw responses, all surveys', 'service', [{ ...all, source: 'raw' }], RAW_ITERATIONS);
  }
} finally {
  await db.deleteFrom('api_keys').where('id', '=', keyRow.id).execute();
  await corridor.stop();
}

const version = databaseUrl ? 'PostgreSQL' : 'PGlite';
const header = ['scenario', 'path', 'source', 'runs', 'p50', 'p95', 'max', 'answers (n)', 'cells'];
const rows = figures.map((f) => [f.scenario, f.path, f.source, String(f.runs), ms(f.p50), ms(f.p95), ms(f.max), f.n.toLocaleString('en'), String(f.cells)]);
console.log(`\nCorridor explorer benchmark\n  date      ${new Date().toISOString()}\n  database  ${version}\n  node      ${process.version}\n  cpus      ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? ''}\n  data      ${company.responses.toLocaleString('en')} responses in ${company.name}, ${surveys.length} surveys with NPS, segment ${dimension}\n`);
console.log(markdown ? markdownTable(header, rows) : table(header, rows));
if (process.env['BENCH_JSON']) writeFileSync(process.env['BENCH_JSON'], JSON.stringify({ database: version, responses: company.responses, surveys: surveys.length, dimension, figures }, null, 2));
