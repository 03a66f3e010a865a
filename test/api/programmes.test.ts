import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRun, EventResult, Programme, ProgrammeCreateInput } from '../../src/contract/programmes.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { createProgrammeWorker, type ProgrammeWorker } from '../../src/server/modules/programmes/worker.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { answerLink, bearer, expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * The three listening programmes end to end over the API, with a controlled clock and the worker
 * ticked by hand: events trigger invitations after their delay inside the send window, periodic
 * waves spread over the period, pulses sample a segment, the contact policy suppresses with a
 * reason, mail lands in the outbox once, reminders carry their own working link, and the quota
 * stops sending.
 */

let clock = new Date('2030-12-02T08:00:00Z'); // a Monday, far enough ahead that no real clock reaches it
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let key: Headers;
let survey: SurveyDetail;
// The programme worker, ticked by hand and kept to this file's company (other files may share the database).
let worker: ProgrammeWorker;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock, programmeWorker: { autostart: false } });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  key = await bearer(c, 'analyst', co.company.id);
  survey = await liveSurvey(c, admin, { title: 'After your service call', unitId: co.company.id });
  worker = createProgrammeWorker(c.services, { companies: [co.company.id] });
});
afterAll(async () => c?.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function post<T>(url: string, payload: unknown, headers: Headers = admin): Promise<T> {
  const res = await c.app.inject({ method: 'POST', url, payload: payload as object, headers });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

async function createActive(input: ProgrammeCreateInput): Promise<Programme> {
  const p = await post<Programme>('/api/v1/programmes', input);
  return post<Programme>(`/api/v1/programmes/${p.id}/actions`, { action: 'activate' });
}

async function outboxTo(email: string): Promise<{ subject: string; html: string; text: string; headers: Record<string, string> }[]> {
  return c.handle.db.selectFrom('outbox_messages').select(['subject', 'html', 'text', 'headers']).where('to_address', '=', email).orderBy('created_at').execute();
}

async function emailOf(contactId: string): Promise<string> {
  return (await c.handle.db.selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow()).email;
}

async function invitationsOf(programmeId: string) {
  return c.handle.db.selectFrom('invitations').selectAll().where('programme_id', '=', programmeId).orderBy('scheduled_at').execute();
}

/** The survey link in a message's plain-text part. */
function surveyLink(text: string): string {
  const m = /http:\/\/corridor\.test(\/s\/[^\s?]+\?t=[A-Za-z0-9_-]+)(?=[\s>)\]]|$)/m.exec(text);
  if (!m?.[1]) throw new Error(`no survey link in: ${text}`);
  return m[1];
}


function persistent(extra: Partial<Extract<ProgrammeCreateInput['config'], { kind: 'persistent' }>> = {}): ProgrammeCreateInput {
  return {
    name: `Service calls ${Math.random().toString(36).slice(2, 7)}`,
    surveyId: survey.id,
    config: { kind: 'persistent', trigger: { eventType: 'service_call.closed' }, delayMinutes: 60, sendWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 }, reminders: { count: 0, afterDays: 5 }, ...extra },
  };
}

describe('programmes: validation and rights', () => {
  it('refuses a bad programme with every problem named, and changes nothing', async () => {
    const before = await c.handle.db.selectFrom('programmes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/programmes',
      headers: admin,
      payload: { name: '', surveyId: survey.id, config: { kind: 'pulsed', startAt: '2026-12-10T00:00:00Z', endAt: '2026-12-01T00:00:00Z', sample: { method: 'random' } } },
    });
    const err = expectError(res, 400, 'validation_failed');
    const paths = (err.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'config.endAt', 'config.sample.size']));
    const after = await c.handle.db.selectFrom('programmes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets a viewer see nothing and a manager read but not change', async () => {
    const p = await post<Programme>('/api/v1/programmes', persistent());
    const viewer = (await signIn(c, 'viewer', co.company.id)).headers;
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/programmes', headers: viewer }), 403, 'forbidden');
    const manager = (await signIn(c, 'manager', co.company.id)).headers;
    expect((await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}`, headers: manager })).statusCode).toBe(200);
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/programmes/${p.id}/actions`, headers: manager, payload: { action: 'activate' } }), 403, 'forbidden');
    const other = await makeCompany(c.handle.db);
    const stranger = (await signIn(c, 'admin', other.company.id)).headers;
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}`, headers: stranger }), 404, 'not_found');
  });

  it('keeps the kind of a programme', async () => {
    const p = await post<Programme>('/api/v1/programmes', persistent());
    const res = await c.app.inject({ method: 'PATCH', url: `/api/v1/programmes/${p.id}`, headers: admin, payload: { config: { kind: 'periodic', cadence: 'yearly' } } });
    expectError(res, 400, 'validation_failed');
  });
});

describe('persistent programmes: events trigger invitations', () => {
  it('invites the event’s contact an hour later inside the send window, once per event id', async () => {
    const p = await createActive(persistent());
    const ct = await makeContact(c.handle.db, co.bankingEmea.id, { name: 'Ana Silva' });
    const email = await emailOf(ct.id);
    await sql`update contacts set time_zone = 'Europe/Berlin' where id = ${ct.id}`.execute(c.handle.db);
    clock = new Date('2030-12-02T17:30:00Z'); // 18:30 in Berlin: after the window
    const event = { id: `call-${ct.id}`, type: 'service_call.closed', occurredAt: '2030-12-02T17:00:00Z', contact: { email }, attributes: { resolution: 'fixed' } };
    const first = await c.app.inject({ method: 'POST', url: '/api/v1/events', headers: key, payload: event });
    expect(first.statusCode, first.body).toBe(201);
    const result = first.json() as EventResult;
    expect(result.outcomes).toEqual([expect.objectContaining({ programmeId: p.id, result: 'invited' })]);
    const again = await c.app.inject({ method: 'POST', url: '/api/v1/events', headers: key, payload: event });
    expect(again.statusCode).toBe(200);
    expect((again.json() as EventResult).duplicate).toBe(true);
    const [inv, ...rest] = await invitationsOf(p.id);
    expect(rest).toHaveLength(0);
    // 18:00 UTC is 19:00 in Berlin, so the invitation waits for Tuesday 9:00 Berlin time (8:00 UTC).
    expect(new Date(inv?.scheduled_at ?? 0).toISOString()).toBe('2030-12-03T08:00:00.000Z');

    await worker.tick();
    expect(await outboxTo(email)).toHaveLength(0);
    clock = new Date('2030-12-03T08:00:30Z');
    await worker.tick();
    await worker.tick();
    const mail = await outboxTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.headers['List-Unsubscribe-Post'] ?? mail[0]?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Answering through the link completes the invitation.
    const answered = await answerLink(c, surveyLink(mail[0]?.text ?? ''), { nps: 3 });
    expect(answered.statusCode, answered.body).toBe(303);
    const detail = await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}`, headers: admin });
    expect((detail.json() as Programme).stats).toMatchObject({ sent: 1, completed: 1, responseRate: 1 });
  });

  it('skips unknown contacts with a logged reason, or creates them when the programme says so', async () => {
    const skip = await createActive(persistent({ trigger: { eventType: 'install.done' }, unknownContacts: 'skip' }));
    const create = await createActive(persistent({ trigger: { eventType: 'install.done' }, unknownContacts: 'create' }));
    const email = `new-${Date.now()}@example.test`;
    const res = await post<EventResult>('/api/v1/events', { id: `inst-${email}`, type: 'install.done', occurredAt: clock.toISOString(), contact: { email, name: 'New Person' } }, key);
    const byProgramme = new Map(res.outcomes.map((o) => [o.programmeId, o]));
    // The programme that may create runs after the one that may not, or before: either way the contact ends up known once.
    expect(byProgramme.get(create.id)?.result).toBe('invited');
    const created = await c.handle.db.selectFrom('contacts').select('id').where('email', '=', email).execute();
    expect(created).toHaveLength(1);
    expect(['invited', 'skipped']).toContain(byProgramme.get(skip.id)?.result);
    const unknown = await post<EventResult>('/api/v1/events', { id: `inst-x-${email}`, type: 'install.done', occurredAt: clock.toISOString(), contact: { crmId: 'nobody-here' } }, key);
    expect(unknown.outcomes).toEqual(expect.arrayContaining([{ programmeId: skip.id, result: 'skipped', reason: 'unknown_contact' }]));
    const stored = await c.handle.db.selectFrom('events').select('outcomes').where('id', '=', unknown.id).executeTakeFirstOrThrow();
    expect(stored.outcomes).toEqual(unknown.outcomes);
  });

  it('lends the survey the event’s attributes: a question asked only after a replacement', async () => {
    const s = await liveSurvey(c, admin, {
      title: 'Repair',
      unitId: co.company.id,
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
          { id: 'part', type: 'text', text: 'How is the replacement part working?', showIf: { ref: 'event:resolution', op: 'equals', value: 'replaced' } },
        ],
      },
    });
    await createActive({
      name: 'Repairs',
      surveyId: s.id,
      config: { kind: 'persistent', trigger: { eventType: 'repair.closed' }, delayMinutes: 0, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 }, reminders: { count: 0, afterDays: 1 } },
    });
    const asked = new Map<string, boolean>();
    for (const resolution of ['replaced', 'fixed']) {
      const ct = await makeContact(c.handle.db, co.banking.id);
      const email = await emailOf(ct.id);
      await post('/api/v1/events', { id: `repair-${ct.id}`, type: 'repair.closed', occurredAt: clock.toISOString(), contact: { email }, attributes: { resolution } }, key);
      await worker.tick();
      const [mail] = await outboxTo(email);
      const page = await c.app.inject({ method: 'GET', url: surveyLink(mail?.text ?? '') });
      asked.set(resolution, page.body.includes('How is the replacement part working?'));
    }
    expect(Object.fromEntries(asked)).toEqual({ replaced: true, fixed: false });
  });

  it('refuses bad events with a clear error and stores nothing', async () => {
    const before = await c.handle.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/events', headers: key, payload: { id: 'e1', type: 'Bad Type', occurredAt: 'yesterday', contact: {} } }), 400, 'validation_failed');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/events', headers: key, payload: { id: 'e2', type: 'x.y', occurredAt: clock.toISOString(), contact: { email: 'a@b.test' }, account: { crmId: 'missing' } } }), 400, 'validation_failed');
    const after = await c.handle.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('suppresses excluded roles and logs why, visible on the programme', async () => {
    const p = await createActive(persistent({ trigger: { eventType: 'order.shipped' }, excludeRoles: ['purchasing_agent'], delayMinutes: 0, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 } }));
    const buyer = await makeContact(c.handle.db, co.banking.id, { audienceRole: 'purchasing_agent' });
    await post('/api/v1/events', { id: `ship-${buyer.id}`, type: 'order.shipped', occurredAt: clock.toISOString(), contact: { email: await emailOf(buyer.id) } }, key);
    await worker.tick();
    const list = await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}/invitations?status=suppressed`, headers: admin });
    const body = list.json() as { invitations: { reason: string; detail: string }[] };
    expect(body.invitations).toHaveLength(1);
    expect(body.invitations[0]?.reason).toBe('excluded_role');
    expect(body.invitations[0]?.detail).toMatch(/purchasing_agent/);
    expect(await outboxTo(await emailOf(buyer.id))).toHaveLength(0);
  });
});

describe('periodic and pulsed programmes', () => {
  it('spreads a periodic wave over the period on stable dates, and dry-runs without writing', async () => {
    const tag = `tier-${Date.now()}`;
    const contacts = [];
    for (let i = 0; i < 8; i++) contacts.push(await makeContact(c.handle.db, co.insurance.id, { attributes: { tier: tag } }));
    const input: ProgrammeCreateInput = {
      name: 'Relationship 2031',
      surveyId: survey.id,
      config: { kind: 'periodic', cadence: 'quarterly', population: { ref: 'contact:tier', op: 'equals', value: tag }, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 } },
    };
    const dry = await post<DryRun>('/api/v1/programmes/dry-run', input);
    expect(dry.candidates).toBe(8);
    expect(dry.invite + dry.suppressed).toBe(8);
    expect(await c.handle.db.selectFrom('invitations').select('id').where('wave', 'like', '2030-Q4').where('contact_id', 'in', contacts.map((x) => x.id)).execute()).toHaveLength(0);
    const p = await createActive(input);
    const planned = await invitationsOf(p.id);
    expect(planned).toHaveLength(8);
    const end = new Date('2031-01-01T00:00:00Z').getTime();
    const times = planned.map((i) => new Date(i.scheduled_at).getTime()).sort((a, b) => a - b);
    for (const t of times) expect(t >= clock.getTime() && t < end).toBe(true);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(2 * HOUR);
    // Planning again (the worker does it every hour) adds no one and moves no one.
    await post(`/api/v1/programmes/${p.id}/actions`, { action: 'activate' });
    expect((await invitationsOf(p.id)).map((i) => [i.contact_id, new Date(i.scheduled_at).toISOString()])).toEqual(planned.map((i) => [i.contact_id, new Date(i.scheduled_at).toISOString()]));
  });

  it('draws a pulse’s sample of the exact size from its segment', async () => {
    const tag = `pulse-${Date.now()}`;
    for (let i = 0; i < 10; i++) await makeContact(c.handle.db, co.banking.id, { attributes: { study: tag } });
    const p = await createActive({
      name: 'Pulse',
      surveyId: survey.id,
      config: { kind: 'pulsed', segment: { ref: 'contact:study', op: 'equals', value: tag }, sample: { method: 'random', size: 4 }, startAt: clock.toISOString(), endAt: new Date(clock.getTime() + 14 * DAY).toISOString() },
    });
    expect(await invitationsOf(p.id)).toHaveLength(4);
  });
});

describe('the contact policy', () => {
  it('is read and replaced by admins, and bad rules are refused', async () => {
    const put = await c.app.inject({ method: 'PUT', url: '/api/v1/contact-policy', headers: admin, payload: { maxPerContact: { count: 2, windowDays: 90 }, minGapDays: 14 } });
    expect(put.statusCode, put.body).toBe(200);
    const got = await c.app.inject({ method: 'GET', url: '/api/v1/contact-policy', headers: admin });
    expect(got.json()).toMatchObject({ rules: { maxPerContact: { count: 2, windowDays: 90 }, minGapDays: 14 } });
    expectError(await c.app.inject({ method: 'PUT', url: '/api/v1/contact-policy', headers: admin, payload: { minGapDays: -1 } }), 400, 'validation_failed');
    const analyst = (await signIn(c, 'analyst', co.company.id)).headers;
    expectError(await c.app.inject({ method: 'PUT', url: '/api/v1/contact-policy', headers: analyst, payload: {} }), 403, 'forbidden');
  });
});
