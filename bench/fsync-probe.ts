/**
 * Does a PGlite commit reach the disk? Opens the embedded database the way Corridor does (in a fresh
 * temporary folder) and commits single-row inserts, one transaction each.
 *
 *   node bench/fsync-probe.ts [commits]
 *     Commits that many inserts (default 500). Run it under strace to count the sync calls:
 *     strace -f -c -e trace=fsync,fdatasync,sync_file_range,syncfs,sync,msync node bench/fsync-probe.ts
 *
 *   node bench/fsync-probe.ts --crash [commits]
 *     A child process commits the inserts and then kills itself with SIGKILL (no shutdown, no
 *     close); this process then reopens the folder and counts the rows that survived.
 *
 * Asserts nothing; prints what it saw.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { connectDatabase } from '../src/server/db/connect.ts';

const args = process.argv.slice(2);
const mode = args[0] === '--crash' ? 'crash' : args[0] === '--child' ? 'child' : 'count';
const numbers = args.filter((a) => /^\d+$/.test(a));
const commits = Number(numbers[0] ?? 500);

async function commitInserts(pgliteDir: string, n: number): Promise<{ elapsed: number; settings: string }> {
  const handle = await connectDatabase({ pgliteDir });
  await sql`create table probe (id int primary key, at timestamptz not null default now())`.execute(handle.db);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await sql`insert into probe (id) values (${i})`.execute(handle.db);
  const elapsed = performance.now() - t0;
  const rows = await sql<{ name: string; setting: string }>`
    select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes') order by name
  `.execute(handle.db);
  if (mode === 'child') process.kill(process.pid, 'SIGKILL');
  await handle.close();
  return { elapsed, settings: rows.rows.map((r) => `${r.name}=${r.setting}`).join(', ') };
}

if (mode === 'child') {
  await commitInserts(args[1] ?? '', commits);
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'corridor-fsync-'));
  const pgliteDir = path.join(dir, 'pgdata');
  try {
    if (mode === 'count') {
      const { elapsed, settings } = await commitInserts(pgliteDir, commits);
      console.log(`${commits} committed inserts on PGlite in ${elapsed.toFixed(0)} ms (${(elapsed / commits).toFixed(3)} ms each)`);
      console.log(`PGlite settings: ${settings}`);
    } else {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', pgliteDir, String(commits)], { stdio: 'inherit' });
      console.log(`the child committed ${commits} inserts and ended by ${child.signal ?? `exit code ${child.status}`}`);
      const handle = await connectDatabase({ pgliteDir });
      const row = await sql<{ n: number }>`select count(*)::int as n from probe`.execute(handle.db);
      await handle.close();
      console.log(`after reopening the folder: ${row.rows[0]?.n ?? 0} of ${commits} rows`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
