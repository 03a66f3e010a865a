/**
 * Alert benchmark: `npm run bench:alerts` (embedded PGlite in a temporary folder) or
 * `BENCH_DATABASE_URL=postgres://… npm run bench:alerts` (an empty PostgreSQL database).
 *
 * From a detractor's submit to the case's email at a real SMTP server. Corridor runs in this
 * process with every role (as `corridor serve` does), listening on a local port, with the alert
 * worker at its default pace; the SMTP sink runs in a child process (bench/alert-sink.ts) and stamps
 * each message as it arrives. BENCH_ALERTS (120) contacts, each of an account with its own owner,
 * answer NPS 0–6 through their personal links over HTTP, one every BENCH_GAP_MS (200) ms; each
 * latency is from just before the respondent's POST to the arrival of the owner's message, matched
 * by the account name in the subject. Prints p50/p95/max; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { createRule } from '../src/server/modules/cases/rules.ts';
import { createPersonalLink } from '../src/server/modules/links/service.ts';
import { createSurvey, publishSurvey } from '../src/server/modules/surveys/service.ts';
import { createUnit } from '../src/server/modules/units/service.ts';
import { createUser } from '../src/server/modules/users/service.ts';
import { openCorridor } from '../src/server/runtime.ts';
import { summarize } from './stats.ts';

const N = Number(process.env['BENCH_ALERTS'] ?? 120);
const GAP_MS = Number(process.env['BENCH_GAP_MS'] ?? 200);
const databaseUrl = process.env['BENCH_DATABASE_URL'] || undefined;

const child = spawn(process.execPath, [path.join(import.meta.dirname, 'alert-sink.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
const arrivals = new Map<string, number>();
let onArrival: (() => void) | null = null;
const smtpUrl = await new Promise<string>((resolve) => {
  lines.once('line', resolve);
});
lines.on('line', (line) => {
  const [at, subject = ''] = line.split('\t');
  const account = /: (Bench \d+ GmbH): /.exec(subject)?.[1];
  if (account && !arrivals.has(account)) arrivals.set(account, Number(at));
  onArrival?.();
});

const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-alerts-'));
const port = 4900 + Math.floor(Math.random() * 80);
const base = `http://127.0.0.1:${port}`;
const corridor = await openCorridor({
  config: { databaseUrl, dataDir, baseUrl: base, secureCookies: false, smtpUrl },
  roles: new Set(['web', 'worker', 'scheduler']),
  log: silentLogger(),
  rateLimits: { login: 1_000, respond: 100_000 },
  programmeWorker: { autostart: false },
});
await corridor.app?.listen({ port, host: '127.0.0.1' });
const svc = corridor.services;
const db = svc.db;

const company = await createUnit(db, { name: `Alerts ${Date.now()}`, kind: 'company', parentId: null });
const market = await createUnit(db, { name: 'Market', kind: 'market', parentId: company.id });
const admin = await createUser(db, null, { email: `admin-${Date.now()}@bench.example`, name: 'Bench admin', password: 'bench-password-1', role: 'admin', unitId: company.id });
const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };
const survey = await createSurvey(svc, actor, {
  title: 'After delivery',
  unitId: company.id,
  definition: {
    questions: [
      { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
      { id: 'comment', type: 'text', text: 'What should we fix first?' },
    ],
    pages: [{ id: 'p1', questions: ['nps', 'comment'] }],
  },
});
await publishSurvey(svc, actor, survey.id);
await createRule(svc, actor, { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case' }] });

console.log(`alert benchmark: ${N} detractors, one every ${GAP_MS} ms, ${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${os.cpus().length} cores`);
const links: { account: string; url: string }[] = [];
for (let i = 0; i < N; i++) {
  const account = `Bench ${String(i).padStart(4, '0')} GmbH`;
  const owner = await createUser(db, null, { email: `owner-${i}-${Date.now()}@bench.example`, name: `Owner ${i}`, password: 'bench-password-1', role: 'agent', unitId: market.id });
  const a = await db.insertInto('accounts').values({ company_id: company.id, unit_id: market.id, crm_id: `B-${i}`, name: account, owner_user_id: owner.id, attributes: '{}' }).returning('id').executeTakeFirstOrThrow();
  const c = await db.insertInto('contacts').values({ company_id: company.id, account_id: a.id, unit_id: market.id, email: `c${i}@bench.example`, name: `Contact ${i}`, attributes: '{}' }).returning('id').executeTakeFirstOrThrow();
  links.push({ account, url: (await createPersonalLink(svc, actor, survey.id, { contactId: c.id })).url });
}

/** Opens the survey page (untimed), then returns a function that submits the answers. */
async function prepare(url: string, score: number): Promise<() => Promise<number>> {
  const page = await fetch(url);
  const html = await page.text();
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] ?? ''] = m[2] ?? '';
  const body = new URLSearchParams({ ...fields, q_nps: String(score), q_comment: 'The delivery was late again', nav: 'next' }).toString();
  return async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body, redirect: 'manual' });
    await res.arrayBuffer();
    return res.status;
  };
}

const submitted = new Map<string, number>();
const statuses = new Map<number, number>();
for (const [i, l] of links.entries()) {
  const submit = await prepare(l.url, i % 7);
  const t0 = Date.now();
  submitted.set(l.account, t0);
  const status = await submit();
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const wait = GAP_MS - (Date.now() - t0);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
const deadline = Date.now() + 60_000;
while (arrivals.size < N && Date.now() < deadline) await new Promise<void>((r) => { onArrival = r; setTimeout(r, 500); });

const latencies = [...submitted.entries()].flatMap(([account, t0]) => {
  const at = arrivals.get(account);
  return at === undefined ? [] : [at - t0];
});
const s = summarize(latencies);
const cases = await db.selectFrom('cases').select(db.fn.countAll<number>().as('n')).where('company_id', '=', company.id).executeTakeFirst();
console.log(`submits answered: ${[...statuses].map(([k, v]) => `${v}× ${k}`).join(', ')}; cases opened: ${Number(cases?.n ?? 0)}; messages: ${arrivals.size} of ${N}`);
console.log(`submit → message at the SMTP server: p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (n = ${latencies.length})`);
console.log(`within 5 s: ${latencies.filter((x) => x <= 5_000).length} of ${N}`);

child.stdin.write('quit\n');
await corridor.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
