import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/server/logger.ts';
import type { Actor } from '../../src/server/modules/auth/actor.ts';
import { recordEvent } from '../../src/server/modules/programmes/events.ts';
import { actOnProgramme, createProgramme } from '../../src/server/modules/programmes/service.ts';
import { createSurvey, publishSurvey } from '../../src/server/modules/surveys/service.ts';
import { openCorridor } from '../../src/server/runtime.ts';
import { testDatabaseUrl } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser } from '../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * Exactly once, as an operator would see it: the programme worker runs in a process of its own and is
 * killed (SIGKILL) in the middle of a wave; another worker starts on the same database and finishes
 * the wave. The SMTP server must have received every invitation exactly once.
 */

const N = 90;
let sink: SmtpSink;
const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-crash-'));
// On PostgreSQL the test has a database of its own: the killed worker must find no other test's mail due.
const database = `corridor_crash_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const adminUrl = testDatabaseUrl();
const databaseUrl = adminUrl ? Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString() : undefined;
const config = { databaseUrl, dataDir, baseUrl: 'http://corridor.test', secureCookies: false };

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  sink = await startSmtpSink({ parse: false });
  if (adminUrl) await onAdmin(`create database ${database}`);
});
afterAll(async () => {
  await sink?.close();
  if (adminUrl) await onAdmin(`drop database if exists ${database} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(smtpUrl: string | undefined, leaseMs?: number) {
  return openCorridor({
    config: { ...config, ...(smtpUrl ? { smtpUrl } : {}) },
    roles: new Set(['web', 'worker']),
    log: silentLogger(),
    programmeWorker: { autostart: false, batchSize: 25, ...(leaseMs !== undefined ? { leaseMs } : {}) },
  });
}

describe('a worker killed in the middle of a wave', () => {
  it('leaves nothing sent twice and nothing unsent once another worker takes over', async () => {
    // Set up in this process: a persistent programme and N closed service calls, all due now.
    const setup = await open(undefined);
    const db = setup.services.db;
    const { company } = await makeCompany(db);
    const user = await makeUser(db, 'admin', company.id);
    const actor: Actor = { type: 'user', id: user.id, label: user.email, role: 'admin', unitId: company.id, unitPath: company.path };
    const survey = await createSurvey(setup.services, actor, { title: 'After the call' });
    await publishSurvey(setup.services, actor, survey.id);
    const programme = await createProgramme(setup.services, actor, {
      name: 'Calls',
      surveyId: survey.id,
      config: { kind: 'persistent', trigger: { eventType: 'call.closed' }, delayMinutes: 0, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 }, reminders: { count: 0, afterDays: 1 } },
    });
    await actOnProgramme(setup.services, actor, programme.id, 'activate');
    for (let i = 0; i < N; i++) {
      const contact = await makeContact(db, company.id);
      const { email } = await db.selectFrom('contacts').select('email').where('id', '=', contact.id).executeTakeFirstOrThrow();
      await recordEvent(setup.services, actor, { id: `call-${i}`, type: 'call.closed', occurredAt: new Date().toISOString(), contact: { email } });
    }
    await setup.stop();

    // The worker in its own process; killed once part of the wave is out.
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../support/programme-worker-child.ts')], {
      env: { ...process.env, WORKER_TEST_DB: databaseUrl ?? dataDir, WORKER_TEST_SMTP: sink.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await sink.waitFor(20, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const byChild = sink.messages.length;
    expect(byChild).toBeLessThan(N);

    // Another worker on the same database, with a short lease, so the dead worker's claims come back at once.
    const next = await open(sink.url, 1);
    try {
      for (let pass = 0; pass < 10; pass++) await next.programmes?.tick();
      const rows = await next.services.db.selectFrom('invitations').select(['status', 'message_id']).where('programme_id', '=', programme.id).execute();
      expect(rows.map((r) => r.status).filter((s) => s !== 'sent')).toEqual([]);
      expect(rows).toHaveLength(N);
      await sink.waitFor(N, 30_000);
      const received = new Map<string, number>();
      for (const m of sink.messages) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
      expect([...received.values()].filter((n) => n !== 1)).toEqual([]);
      expect(sink.messages).toHaveLength(N);
      expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(received.keys()));
    } finally {
      await next.stop();
    }
  }, 180_000);
});
