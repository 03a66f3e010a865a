/**
 * The account quadrant view at scale: `node bench/account-quadrants.ts` (embedded PGlite in a temporary
 * folder) or `BENCH_DATABASE_URL=postgres://… node bench/account-quadrants.ts` (an empty database).
 *
 * Loads HiTouch (200 accounts) with BENCH_RESPONSES answers (default 100,000; a quarter of them to the
 * relationship survey, which feeds accounts), then calls the quadrant view, the perception gap, silence
 * and the quarterly trend as the demo admin (the same service functions as the API), 3 warm-up calls
 * and 20 measured calls each. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { getAccountQuadrants, getPerceptionGap } from '../src/server/modules/account-analytics/service.ts';
import { getAccountTrend, getSilence } from '../src/server/modules/account-analytics/signals.ts';
import { loadDemo } from '../src/server/modules/demo/service.ts';
import { openCorridor } from '../src/server/runtime.ts';

const responses = Number(process.env['BENCH_RESPONSES'] ?? 100_000);
const databaseUrl = process.env['BENCH_DATABASE_URL'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-bench-accounts-'));
const corridor = await openCorridor({ config: { databaseUrl, dataDir, baseUrl: 'http://127.0.0.1', secureCookies: false }, roles: new Set(['web']), log: silentLogger() });
try {
  let t = performance.now();
  await loadDemo(corridor.services, { responses });
  console.log(`demo with ${responses} responses: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const company = await corridor.services.db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'company').where('name', '=', 'HiTouch').executeTakeFirstOrThrow();
  const admin = await corridor.services.db.selectFrom('users').select(['id', 'email']).where('email', '=', 'admin@hitouch.example').executeTakeFirstOrThrow();
  const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };
  const cases: [string, () => Promise<unknown>][] = [
    ['quadrants (GET /analytics/accounts)', () => getAccountQuadrants(corridor.services, actor, {})],
    ['perception gap', () => getPerceptionGap(corridor.services, actor, {})],
    ['silence', () => getSilence(corridor.services, actor, {})],
    ['quarterly trend (8 quarters)', () => getAccountTrend(corridor.services, actor, {})],
  ];
  for (const [name, run] of cases) {
    for (let i = 0; i < 3; i++) await run();
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    console.log(`${name}: p50 ${ms[9]?.toFixed(0)} ms, p95 ${ms[18]?.toFixed(0)} ms, max ${ms[19]?.toFixed(0)} ms`);
  }
  console.log(`memory: rss ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} MB`);
} finally {
  await corridor.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
