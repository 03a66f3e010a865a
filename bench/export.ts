/**
 * Export benchmark: `npm run bench:export` (embedded PGlite in a temporary folder) or
 * `BENCH_DATABASE_URL=postgres://… npm run bench:export` (an empty PostgreSQL database).
 *
 * Creates BENCH_RESPONSES (1,000,000) responses to one survey (NPS, a comment, two ratings, a
 * three-row matrix, a single and a multi choice; three attributes; a tenth with an account) through
 * the import path (src/server/modules/responses/import.ts), then starts the server in a child process
 * (bench/export-server.ts) and downloads GET /api/v1/surveys/:id/responses/export over HTTP on
 * 127.0.0.1 with an API key: CSV as is, CSV as a browser asks for it (gzip), and XLSX. Timed from the
 * request to the last byte; the server's peak RSS sampled every 10 ms during each download, and the
 * CPU time the server process used for it (the machine may be shared: the load average is printed). Each file
 * is checked after its download: as many rows as responses. Prints figures; asserts nothing.
 *
 * Environment (optional): BENCH_DATABASE_URL, BENCH_RESPONSES (1000000), BENCH_FORMATS (csv,csv-gzip,xlsx).
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { SERVER_HEAP_FLAGS } from '../bin/heap.js';
import { sql } from 'kysely';
import { silentLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { importResponseRows, type ImportRow } from '../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../src/server/modules/responses/service.ts';
import { createSurvey, publishSurvey } from '../src/server/modules/surveys/service.ts';
import { createUnit } from '../src/server/modules/units/service.ts';
import { createApiKey } from '../src/server/modules/users/service.ts';
import { openCorridor } from '../src/server/runtime.ts';

const N = Number(process.env['BENCH_RESPONSES'] ?? 1_000_000);
const FORMATS = (process.env['BENCH_FORMATS'] ?? 'csv,csv-gzip,xlsx').split(',');
const databaseUrl = process.env['BENCH_DATABASE_URL'] || undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'corridor-export-bench-'));
const log = (line: string) => process.stderr.write(`[bench:export ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// ---------- the data, through the import path ----------
const corridor = await openCorridor({ config: { databaseUrl, dataDir: dir, baseUrl: 'http://127.0.0.1', secureCookies: false }, roles: new Set(), log: silentLogger() });
const svc = corridor.services;
const company = await createUnit(svc.db, { name: `Export bench ${Date.now()}`, kind: 'company', parentId: null });
const markets = await Promise.all(['Banking', 'Insurance', 'Asset Management'].map((name) => createUnit(svc.db, { name, kind: 'market', parentId: company.id })));
const adminRow = await svc.db
  .insertInto('users')
  .values({ email: `bench-${Date.now()}@corridor.bench`, name: 'Bench', role: 'admin', unit_id: company.id, password_hash: 'x' })
  .returning('id')
  .executeTakeFirstOrThrow();
const actor: Actor = { type: 'user', id: adminRow.id, label: 'bench', role: 'admin', unitId: company.id, unitPath: company.path };
const survey = await createSurvey(svc, actor, {
  title: 'Export bench',
  kind: 'relationship',
  definition: {
    questions: [
      { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
      { id: 'why', type: 'text', text: 'What is the main reason for your score?' },
      { id: 'csat', type: 'csat', text: 'How satisfied are you with support?' },
      { id: 'ease', type: 'ces', text: 'It was easy to get my issue solved.' },
      { id: 'service', type: 'matrix', text: 'Rate our service', rows: [{ id: 'speed', text: 'Speed' }, { id: 'care', text: 'Care' }, { id: 'expertise', text: 'Expertise' }] },
      { id: 'contact', type: 'single', text: 'How did you reach us?', options: [{ id: 'phone', text: 'Phone' }, { id: 'mail', text: 'E-mail' }, { id: 'chat', text: 'Chat' }] },
      { id: 'products', type: 'multi', text: 'Which products do you use?', options: [{ id: 'cards', text: 'Cards' }, { id: 'loans', text: 'Loans' }, { id: 'savings', text: 'Savings' }] },
    ],
  },
});
await publishSurvey(svc, actor, survey.id);
await sql`
  insert into accounts (company_id, unit_id, crm_id, name)
  select ${company.id}::uuid, ${markets[0]?.id}::uuid, 'A' || g, 'Account ' || g from generate_series(1, 1000) g`.execute(svc.db);
const accounts = (await svc.db.selectFrom('accounts').select('id').where('company_id', '=', company.id).execute()).map((a) => a.id);
const live = await findLiveSurvey(svc, survey.slug);
const start = Date.parse('2025-12-01T00:00:00Z');
const COMMENTS = ['Quick and friendly.', 'Invoices arrive late, again.', 'Good, but the portal is slow', 'Our account manager, Ana, "always" follows up.', ''];
function* rows(): Generator<ImportRow> {
  for (let i = 0; i < N; i++) {
    const market = markets[i % 3];
    yield {
      line: i + 1,
      submittedAt: new Date(start + Math.floor((i / N) * 365 * 86_400_000)),
      unitId: market?.id ?? company.id,
      accountId: i % 10 === 0 ? (accounts[i % accounts.length] ?? null) : null,
      attributes: { region: ['North', 'South', 'East', 'West'][i % 4] ?? '', product: ['Cards', 'Loans'][i % 2] ?? '', tier: String(1 + (i % 3)) },
      answers: {
        nps: i % 11,
        why: COMMENTS[i % COMMENTS.length] ?? '',
        csat: 1 + (i % 5),
        ease: 1 + (i % 7),
        'service.speed': 1 + (i % 5),
        'service.care': 1 + ((i >> 1) % 5),
        'service.expertise': 1 + ((i >> 2) % 5),
        contact: ['phone', 'mail', 'chat'][i % 3] ?? 'phone',
        products: i % 2 === 0 ? ['cards', 'savings'] : ['loans'],
      },
    };
  }
}
const t0 = performance.now();
const imported = await importResponseRows(svc, live, rows(), { onProgress: (seen) => seen % 100_000 === 0 && log(`${seen.toLocaleString('en')} rows imported`) });
if (imported.imported !== N) throw new Error(`imported ${imported.imported} of ${N}: ${JSON.stringify(imported.bad.slice(0, 3))}`);
const setup = seconds(t0);
log(`${N.toLocaleString('en')} responses imported in ${setup.toFixed(0)} s`);
const { key } = await createApiKey(svc.db, null, { name: 'export bench', role: 'admin', unitId: company.id });
const dbVersion = databaseUrl ? (await sql<{ v: string }>`select version() as v`.execute(svc.db)).rows[0]?.v.split(' ').slice(0, 2).join(' ') : 'PGlite';
await corridor.stop();

// ---------- the server in its own process ----------
// With the heap `corridor serve` gives itself (bin/heap.js), unless BENCH_DEFAULT_HEAP=1.
const heapFlags = process.env['BENCH_DEFAULT_HEAP'] === '1' ? [] : SERVER_HEAP_FLAGS;
const server = fork(path.join(import.meta.dirname, 'export-server.ts'), [databaseUrl ?? '', dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...heapFlags] });
type Msg = { port?: number; peak?: number; now?: number; maxRss?: number; cpuSeconds?: number };
const nextMessage = () => new Promise<Msg>((resolve) => server.once('message', (m: Msg) => resolve(m)));
const { port } = await nextMessage();
const peak = async () => {
  server.send('peak');
  return nextMessage();
};

async function download(format: string, file: string): Promise<{ seconds: number; bytes: number; status: number }> {
  const gzip = format === 'csv-gzip';
  const url = `http://127.0.0.1:${port}/api/v1/surveys/${survey.id}/responses/export?format=${gzip ? 'csv' : format}`;
  const t = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${key}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } }, (res) => {
        pipeline(res, createWriteStream(file)).then(() => resolve({ seconds: seconds(t), bytes: statSync(file).size, status: res.statusCode ?? 0 }), reject);
      })
      .on('error', reject);
  });
}

/**
 * Where a zip member's compressed bytes lie, read from the central directory (the local headers of a
 * streamed zip carry no sizes, so a front-to-back reader has to guess where each member ends).
 */
async function zipMemberRange(file: string, name: string): Promise<{ start: number; end: number; method: number }> {
  const fd = await open(file, 'r');
  try {
    const size = (await fd.stat()).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await fd.read(tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${file} has no end of central directory`);
    const entries = tail.readUInt16LE(eocd + 10);
    const directory = Buffer.alloc(tail.readUInt32LE(eocd + 12));
    await fd.read(directory, 0, directory.length, tail.readUInt32LE(eocd + 16));
    for (let at = 0, i = 0; i < entries; i++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
      const nameLength = directory.readUInt16LE(at + 28);
      const entryName = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if (entryName === name) {
        const local = Buffer.alloc(30);
        const offset = directory.readUInt32LE(at + 42);
        await fd.read(local, 0, 30, offset);
        const start = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        return { start, end: start + directory.readUInt32LE(at + 20), method: directory.readUInt16LE(at + 10) };
      }
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    throw new Error(`${file} has no ${name}`);
  } finally {
    await fd.close();
  }
}

/** Counts the `</row>` closings in the first sheet of an XLSX, streaming its inflated bytes. */
async function countSheetRows(file: string): Promise<number> {
  const { start, end, method } = await zipMemberRange(file, 'xl/worksheets/sheet1.xml');
  const raw = createReadStream(file, { start, end: end - 1 });
  const source = method === 8 ? raw.pipe(createInflateRaw()) : raw;
  let rows = 0;
  let tail = '';
  for await (const chunk of source) {
    const text = tail + (chunk as Buffer).toString('latin1');
    rows += text.split('</row>').length - 1;
    // Five characters cannot hold a whole "</row>", so none is counted twice.
    tail = text.slice(-5);
  }
  return rows;
}

/** Counts the rows in a downloaded file, after the clock stopped. */
async function countRows(format: string, file: string): Promise<number> {
  if (format === 'xlsx') return (await countSheetRows(file)) - 1;
  let lines = 0;
  const source = format === 'csv-gzip' ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  for await (const chunk of source) for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
  return lines - 1;
}

await peak();
const before = await peak();
const idle = before.now ?? 0;
let cpuBefore = before.cpuSeconds ?? 0;
const results: { format: string; seconds: number; bytes: number; peak: number; rows: number; cpu: number }[] = [];
for (const format of FORMATS) {
  const file = path.join(dir, `export.${format}`);
  log(`downloading ${format} ... (load average ${os.loadavg()[0]?.toFixed(1)})`);
  const r = await download(format, file);
  const p = await peak();
  const cpu = (p.cpuSeconds ?? 0) - cpuBefore;
  cpuBefore = p.cpuSeconds ?? 0;
  const counted = await countRows(format, file);
  results.push({ format, seconds: r.seconds, bytes: r.bytes, peak: p.peak ?? 0, rows: counted, cpu });
  log(`${format}: ${r.status} in ${r.seconds.toFixed(1)} s, ${mb(r.bytes)}, ${counted.toLocaleString('en')} rows, server peak RSS ${mb(p.peak ?? 0)}`);
  rmSync(file, { force: true });
}
const lifetime = (await peak()).maxRss ?? 0;
server.send('stop');
await new Promise((r) => server.once('exit', r));

console.log(`Export benchmark — ${N.toLocaleString('en')} responses, ${dbVersion}, ${os.cpus().length} cores, Node ${process.version}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  setup: import of the responses (validated, batches of 500, one transaction, rollups)  ${setup.toFixed(0)} s`);
console.log(`  server RSS idle after start  ${mb(idle)}; lifetime maximum ${mb(lifetime)}`);
for (const r of results) {
  console.log(
    `  ${r.format.padEnd(9)} ${r.seconds.toFixed(1).padStart(6)} s  ${Math.round(N / r.seconds).toLocaleString('en').padStart(9)} responses/s  ${mb(r.bytes).padStart(7)}  server peak RSS ${mb(r.peak)}  server CPU ${r.cpu.toFixed(1)} s  rows ${r.rows === N ? 'all' : `${r.rows} — MISMATCH`}`,
  );
}
rmSync(dir, { recursive: true, force: true });
