import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DB, testDatabaseUrl } from '../../../test/support/corridor.ts';
import { createClaimTable, deliverClaimed, messageIdOf } from '../../../test/support/mail-claims.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.ts';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/connect.ts';
import { silentLogger } from '../logger.ts';
import { createMailer, MailError, type OutgoingMessage } from './transport.ts';

let sink: SmtpSink;
let handle: DatabaseHandle;

beforeAll(async () => {
  sink = await startSmtpSink({
    rejectRecipient: (a) => (a.startsWith('unknown') ? { code: 550, message: '5.1.1 No such user' } : a.startsWith('busy') ? { code: 451, message: '4.3.0 Try again later' } : null),
  });
  handle = await openTestDatabase();
  await migrateToLatest(handle.db);
});
afterAll(async () => {
  await handle?.close();
  await sink?.close();
});

const tableName = () => `mail_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

function message(to: string, messageId = `<${randomUUID()}@corridor.test>`): OutgoingMessage {
  return { to, subject: 'Hello', html: '<p>Hello</p>', text: 'Hello', headers: { 'List-Unsubscribe': '<http://corridor.test/u/x>' }, messageId, kind: 'notice', companyId: null, invitationId: null };
}

const idsAt = (id: string) => sink.messages.filter((m) => m.messageId === id).length;

describe('SMTP mailer', () => {
  it('delivers a confirmed message and nothing when confirm says no; the pool keeps working', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Corridor <no-reply@corridor.test>', pool: 2, db: handle.db, log: silentLogger() });
    const yes = message('yes@example.test');
    const no = message('no@example.test');
    expect(await mailer.deliver(no, async () => false)).toBe('abandoned');
    expect(await mailer.deliver(yes, async () => true)).toBe('sent');
    const again = message('again@example.test');
    const results = await Promise.all([mailer.deliver(again, async () => true), mailer.deliver(message('no2@example.test'), async () => false)]);
    expect(results).toEqual(['sent', 'abandoned']);
    expect(idsAt(yes.messageId)).toBe(1);
    expect(idsAt(again.messageId)).toBe(1);
    expect(idsAt(no.messageId)).toBe(0);
    expect(sink.messages.some((m) => m.envelopeTo.includes('no2@example.test'))).toBe(false);
    const got = sink.messages.find((m) => m.messageId === yes.messageId);
    expect(got?.headers['list-unsubscribe']).toBe('<http://corridor.test/u/x>');
    expect(got?.from).toBe('no-reply@corridor.test');
    await mailer.close();
  });

  it('rejects with permanent: true when the server refuses with 5xx, and false with 4xx', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Corridor <no-reply@corridor.test>', pool: 1, db: handle.db, log: silentLogger() });
    let confirmed = 0;
    const confirm = async () => (confirmed++, true);
    const hard = await mailer.deliver(message('unknown@example.test'), confirm).catch((e: unknown) => e);
    expect(hard).toBeInstanceOf(MailError);
    expect((hard as MailError).permanent).toBe(true);
    expect((hard as MailError).response).toContain('No such user');
    const soft = await mailer.deliver(message('busy@example.test'), confirm).catch((e: unknown) => e);
    expect((soft as MailError).permanent).toBe(false);
    // Refused at the envelope: confirm never ran.
    expect(confirmed).toBe(0);
    expect(await mailer.deliver(message('fine@example.test'), confirm)).toBe('sent');
    await mailer.close();
  });

  it('abandons the older sender when its claim was taken over', async () => {
    const table = tableName();
    await createClaimTable(handle.db, table, 1);
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Corridor <no-reply@corridor.test>', pool: 2, db: handle.db, log: silentLogger() });
    const first = randomUUID();
    await sql`update ${sql.table(table)} set status = 'sending', claim = ${first} where id = 1`.execute(handle.db);
    // Another worker takes the claim over (the first looked dead) and sends.
    expect(await deliverClaimed(handle.db, mailer, table, 1, randomUUID(), true)).toBe('sent');
    const late = await mailer.deliver(message('late@example.test', messageIdOf(table, 1)), async (tx) => (await sql`update ${sql.table(table)} set status = 'sent' where id = 1 and claim = ${first} and status = 'sending'`.execute(tx)).numAffectedRows === 1n);
    expect(late).toBe('abandoned');
    expect(idsAt(messageIdOf(table, 1))).toBe(1);
    await mailer.close();
  });
});

describe('outbox mailer', () => {
  it('keeps one row per confirmed message and none for abandoned ones', async () => {
    const mailer = createMailer({ smtpUrl: null, from: 'Corridor <no-reply@corridor.test>', pool: 5, db: handle.db, log: silentLogger() });
    expect(mailer.kind).toBe('outbox');
    const kept = message('kept@example.test');
    const dropped = message('dropped@example.test');
    expect(await mailer.deliver(kept, async () => true)).toBe('sent');
    expect(await mailer.deliver(dropped, async () => false)).toBe('abandoned');
    const rows = await handle.db.selectFrom('outbox_messages').select(['to_address', 'from_address', 'headers', 'subject']).where('message_id', 'in', [kept.messageId, dropped.messageId]).execute();
    expect(rows).toEqual([{ to_address: 'kept@example.test', from_address: 'Corridor <no-reply@corridor.test>', headers: kept.headers, subject: 'Hello' }]);
  });

  it('keeps nothing when the confirm transaction fails', async () => {
    const mailer = createMailer({ smtpUrl: null, from: 'x@corridor.test', pool: 1, db: handle.db, log: silentLogger() });
    const m = message('fails@example.test');
    await expect(mailer.deliver(m, async () => { throw new Error('confirm failed'); })).rejects.toThrow('confirm failed');
    const rows = await handle.db.selectFrom('outbox_messages').select('id').where('message_id', '=', m.messageId).execute();
    expect(rows).toEqual([]);
  });
});

describe('exactly once when a sender is killed mid-batch', () => {
  it('delivers every message once: what the killed sender had in flight is discarded, another sends the rest', async () => {
    const N = 60;
    // The child is killed at this row, with the whole message but its final line at the server.
    const HOLD = 16;
    const table = tableName();
    const pgDir = TEST_DB === 'postgres' ? null : mkdtempSync(path.join(tmpdir(), 'corridor-mail-'));
    const target = testDatabaseUrl() ?? path.join(pgDir ?? '', 'pgdata');
    const open = () => connectDatabase(pgDir ? { pgliteDir: target } : { databaseUrl: target, poolSize: 4 });
    try {
      // An embedded folder is opened by one process at a time: the parent closes it while the child works.
      let db = await open();
      await createClaimTable(db.db, table, N);
      if (pgDir) await db.close();

      const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../../test/support/mail-sender-child.ts'), target, table, sink.url, String(HOLD)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      let sentByChild = 0;
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('sent ')) sentByChild++;
          if (line === `confirming ${HOLD}`) {
            child.kill('SIGKILL');
            resolve();
          }
          if (line === 'done') reject(new Error('the child finished before it was killed'));
        });
      });
      expect(await exited).toBe('SIGKILL');

      if (pgDir) db = await open();
      const mailer = createMailer({ smtpUrl: sink.url, from: 'Corridor <no-reply@corridor.test>', pool: 3, db: db.db, log: silentLogger() });
      const left = (await sql<{ id: number }>`select id from ${sql.table(table)} where status <> 'sent' order by id`.execute(db.db)).rows.map((r) => r.id);
      expect(sentByChild).toBe(HOLD - 1);
      expect(left).toEqual(Array.from({ length: N - HOLD + 1 }, (_, i) => HOLD + i));
      // The server has the message of row HOLD up to its last line, and must not deliver it.
      expect(idsAt(messageIdOf(table, HOLD))).toBe(0);
      // The dead sender's claims are taken over (status 'sending'); the untouched rows are claimed as usual.
      const outcomes = await Promise.all(left.map((id) => deliverClaimed(db.db, mailer, table, id, randomUUID(), true)));
      expect(outcomes.every((o) => o === 'sent')).toBe(true);
      await mailer.close();

      const statuses = (await sql<{ status: string; n: number }>`select status, count(*)::int as n from ${sql.table(table)} group by status`.execute(db.db)).rows;
      expect(statuses).toEqual([{ status: 'sent', n: N }]);
      const counts = new Map<string, number>();
      for (const m of sink.messages) if (m.messageId.startsWith(`<${table}-`)) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      const expected = Array.from({ length: N }, (_, i) => messageIdOf(table, i + 1));
      expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect(counts.size).toBe(N);
      await sql`drop table ${sql.table(table)}`.execute(db.db);
      await db.close();
    } finally {
      if (pgDir) rmSync(pgDir, { recursive: true, force: true });
    }
  });
});
