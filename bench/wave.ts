/**
 * Wave benchmark: `npm run bench:wave` (embedded PGlite in a temporary folder) or
 * `BENCH_DATABASE_URL=postgres://… npm run bench:wave` (an empty PostgreSQL database).
 *
 * A periodic (yearly) relationship programme over BENCH_CONTACTS (100,000) contacts at half as
 * many accounts, sent through the contact policy (the default rules) and the SMTP mailer to a local
 * SMTP sink in a child process (bench/mail-sink.ts). Corridor runs in this process in the worker
 * role with a clock of its own: the programme is activated on 1 January (planning spreads the
 * 100,000 send dates over the year), then the clock jumps to 31 December, so the whole wave is due
 * at once, and the worker sends it. Timed: planning; then from the first claim until the sink holds
 * every message. Checks that the sink received each invitation exactly once. Prints figures;
 * asserts nothing.
 *
 * Environment (optional): BENCH_DATABASE_URL, BENCH_CONTACTS (100000), BENCH_POOL (SMTP connections, 30),
 * BENCH_BATCH (invitations per claim, 2000), BENCH_IN_FLIGHT (messages in flight, 128).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { silentLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { actOnProgramme, createProgramme } from '../src/server/modules/programmes/service.ts';
import { createSurvey, publishSurvey } from '../src/server/modules/surveys/service.ts';
import { createUnit } from '../src/server/modules/units/service.ts';
import { openCorridor } from '../src/server/runtime.ts';

const N = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
const POOL = Number(process.env['BENCH_POOL'] ?? 30);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2_000);
const IN_FLIGHT = Number(process.env['BENCH_IN_FLIGHT'] ?? 128);
const databaseUrl = process.env['BENCH_DATABASE_URL'] || undefined;

const child = spawn(process.execPath, [path.join(import.meta.dirname, 'mail-sink.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
const smtpUrl = await nextLine();
const sinkCount = async (): Promise<{ distinct: number; total: number }> => {
  child.stdin.write('count\n');
  const [distinct = 0, total = 0] = (await nextLine()).split(' ').map(Number);
  return { distinct, total };
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-wave-'));
let clock = new Date('2026-01-01T00:00:00Z');
const corridor = await openCorridor({
  config: { databaseUrl, dataDir, baseUrl: 'http://corridor.bench', secureCookies: false, smtpUrl, smtpPool: POOL },
  roles: new Set(['worker']),
  log: silentLogger(),
  now: () => clock,
  programmeWorker: { autostart: false, batchSize: BATCH, concurrency: IN_FLIGHT },
});
const svc = corridor.services;
const db = svc.db;
const seconds = (t0: number) => (performance.now() - t0) / 1000;

const company = await createUnit(db, { name: `Wave ${Date.now()}`, kind: 'company', parentId: null });
const adminRow = await db
  .insertInto('users')
  .values({ email: `bench-${Date.now()}@corridor.bench`, name: 'Bench', role: 'admin', unit_id: company.id, password_hash: 'x' })
  .returning('id')
  .executeTakeFirstOrThrow();
const actor: Actor = { type: 'user', id: adminRow.id, label: 'bench', role: 'admin', unitId: company.id, unitPath: company.path };
const survey = await createSurvey(svc, actor, {
  title: 'Our relationship',
  kind: 'relationship',
  definition: { questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a colleague?', required: true }, { id: 'why', type: 'text', text: 'What is the main reason for your score?' }] },
});
await publishSurvey(svc, actor, survey.id);

let t0 = performance.now();
await sql`
  insert into accounts (company_id, unit_id, crm_id, name, key_account)
  select ${company.id}::uuid, ${company.id}::uuid, 'A' || g, 'Account ' || g, true from generate_series(1, ${Math.ceil(N / 2)}) g`.execute(db);
await sql`
  insert into contacts (company_id, account_id, unit_id, email, name, audience_role, time_zone, created_at)
  select ${company.id}::uuid, a.id, a.unit_id, 'c' || g || '@bench.example', 'Contact ' || g,
         (array['executive', 'operations', 'it'])[1 + g % 3], (array['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'])[1 + g % 4], '2025-01-01'
    from generate_series(1, ${N}) g join accounts a on a.company_id = ${company.id}::uuid and a.crm_id = 'A' || ((g + 1) / 2)`.execute(db);
const setup = seconds(t0);

const programme = await createProgramme(svc, actor, {
  name: 'Key accounts, yearly',
  surveyId: survey.id,
  config: { kind: 'periodic', cadence: 'yearly', population: { ref: 'account:key_account', op: 'equals', value: 'true' }, ownerNoticeDays: 0, reminders: { count: 0, afterDays: 5 }, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 } },
});
t0 = performance.now();
await actOnProgramme(svc, actor, programme.id, 'activate');
const planning = seconds(t0);
const planned = await db.selectFrom('invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('programme_id', '=', programme.id).executeTakeFirstOrThrow();

clock = new Date('2026-12-31T23:59:59Z'); // every send date of the year has passed
t0 = performance.now();
const worker = corridor.programmes;
if (!worker) throw new Error('no worker');
const outcome = await worker.tick();
const claimedAndHanded = seconds(t0);
let sink = await sinkCount();
while (sink.total < outcome.sent) {
  await new Promise((r) => setTimeout(r, 20));
  sink = await sinkCount();
}
const wave = seconds(t0);
await worker.tick();
const statuses = await sql<{ status: string; n: number }>`
  select status, count(*)::int as n from invitations where programme_id = ${programme.id} group by status order by status`.execute(db);
const byStatus = Object.fromEntries(statuses.rows.map((r) => [r.status, r.n]));
const target = databaseUrl ? `PostgreSQL (${(await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]?.v.split(' ').slice(0, 2).join(' ')})` : 'PGlite (embedded, data folder on local disk)';

console.log(`Wave benchmark — ${N.toLocaleString('en')} contacts, ${target}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`  setup (contacts inserted by SQL)   ${setup.toFixed(1)} s`);
console.log(`  planning (activate: population, spread, ${Number(planned.n).toLocaleString('en')} invitations) ${planning.toFixed(1)} s`);
console.log(`  wave (claim + policy + render + SMTP, until the sink holds all)  ${wave.toFixed(1)} s  (${Math.round((byStatus['sent'] ?? 0) / wave).toLocaleString('en')} messages/s; worker pass ${claimedAndHanded.toFixed(1)} s)`);
console.log(`  invitations by status  ${JSON.stringify(byStatus)}`);
console.log(`  sink  ${sink.total} messages, ${sink.distinct} distinct Message-IDs${sink.total === sink.distinct && sink.total === (byStatus['sent'] ?? -1) ? ' — each invitation exactly once' : ' — MISMATCH'}`);

child.stdin.write('quit\n');
await corridor.stop();
rmSync(dataDir, { recursive: true, force: true });
