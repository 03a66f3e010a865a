import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventResult, Programme, ProgrammeCreateInput } from '../../src/contract/programmes.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { createProgrammeWorker, type ProgrammeWorker } from '../../src/server/modules/programmes/worker.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { answerLink, bearer, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Sending under pressure: two workers at once never send an invitation twice, the quota stops
 * sending (and reminding) once its responses are in, reminders carry a working link of their own,
 * and the contact policy's caps hold across programmes.
 */

let clock = new Date('2030-12-02T10:00:00Z'); // ahead of any real clock: no other worker finds these due
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let key: Headers;
let survey: SurveyDetail;
// The programme worker, ticked by hand and kept to this file's companies (other files may share the database).
let worker: ProgrammeWorker;
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 };
const DAY = 86_400_000;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock, programmeWorker: { autostart: false } });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  key = await bearer(c, 'analyst', co.company.id);
  survey = await liveSurvey(c, admin, { title: 'Quick check', unitId: co.company.id });
  worker = createProgrammeWorker(c.services, { companies: [co.company.id] });
  // Caps out of the way except where a test sets them.
  await c.app.inject({ method: 'PUT', url: '/api/v1/contact-policy', headers: admin, payload: { maxPerContact: { count: 100, windowDays: 1 }, minGapDays: 0, maxPerAccount: null } });
});
afterAll(async () => c?.stop());

async function post<T>(url: string, payload: unknown, headers: Headers = admin): Promise<T> {
  const res = await c.app.inject({ method: 'POST', url, payload: payload as object, headers });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

async function programme(input: Partial<ProgrammeCreateInput> & { config: ProgrammeCreateInput['config'] }): Promise<Programme> {
  const p = await post<Programme>('/api/v1/programmes', { name: `P ${Math.random().toString(36).slice(2, 7)}`, surveyId: survey.id, ...input });
  return post<Programme>(`/api/v1/programmes/${p.id}/actions`, { action: 'activate' });
}

async function emailOf(contactId: string): Promise<string> {
  return (await c.handle.db.selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow()).email;
}

async function trigger(type: string, contactId: string, id = `${type}-${contactId}`): Promise<EventResult> {
  return post<EventResult>('/api/v1/events', { id, type, occurredAt: clock.toISOString(), contact: { email: await emailOf(contactId) } }, key);
}

async function outbox(programmeId: string) {
  return c.handle.db
    .selectFrom('outbox_messages as m')
    .innerJoin('invitations as i', 'i.id', 'm.invitation_id')
    .select(['m.invitation_id', 'm.kind', 'm.text', 'm.to_address'])
    .where('i.programme_id', '=', programmeId)
    .orderBy('m.created_at')
    .execute();
}

function surveyLink(text: string): string {
  const m = /http:\/\/corridor\.test(\/s\/[^\s?]+\?t=[A-Za-z0-9_-]+)(?=[\s>)\]]|$)/m.exec(text);
  if (!m?.[1]) throw new Error(`no survey link in: ${text}`);
  return m[1];
}


const persistent = (eventType: string, extra: object = {}): ProgrammeCreateInput['config'] => ({
  kind: 'persistent',
  trigger: { eventType },
  delayMinutes: 0,
  sendWindow: ALWAYS,
  reminders: { count: 0, afterDays: 1 },
  ...extra,
});

describe('sending', () => {
  it('sends each invitation once when two workers tick at the same time', async () => {
    const p = await programme({ config: persistent('visit.done') });
    for (let i = 0; i < 30; i++) await trigger('visit.done', (await makeContact(c.handle.db, co.banking.id)).id);
    const other = createProgrammeWorker(c.services, { batchSize: 7, concurrency: 3, companies: [co.company.id] });
    const results = await Promise.all([worker.tick(), other.tick(), other.tick()]);
    await worker.tick();
    const sent = results.reduce((n, r) => n + (r?.sent ?? 0), 0);
    const mail = await outbox(p.id);
    expect(mail).toHaveLength(30);
    expect(new Set(mail.map((m) => m.invitation_id)).size).toBe(30);
    expect(sent).toBeLessThanOrEqual(30);
    const rows = await c.handle.db.selectFrom('invitations').select('status').where('programme_id', '=', p.id).execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('stops sending and reminding once the quota’s responses are in, exactly', async () => {
    const p = await programme({ quota: 3, config: persistent('repair.done', { reminders: { count: 2, afterDays: 1 } }) });
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await makeContact(c.handle.db, co.insurance.id)).id);
    for (const id of first) await trigger('repair.done', id);
    await worker.tick();
    const mail = await outbox(p.id);
    expect(mail).toHaveLength(5);
    // Four people answer at once; the quota is three, and it counts every answer, exactly.
    const answers = await Promise.all(mail.slice(0, 4).map((m) => answerLink(c, surveyLink(m.text), { nps: 9 })));
    for (const a of answers) expect(a.statusCode).toBeLessThan(400);
    const detail = (await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}`, headers: admin })).json() as Programme;
    expect(detail.stats.completed).toBe(4);
    expect(detail.quotaReached).toBe(true);
    // Later events are suppressed with the reason, and the fifth person gets no reminder.
    const later = (await makeContact(c.handle.db, co.insurance.id)).id;
    await trigger('repair.done', later);
    clock = new Date(clock.getTime() + 2 * DAY);
    await worker.tick();
    const after = await outbox(p.id);
    expect(after).toHaveLength(5);
    const suppressed = await c.handle.db.selectFrom('invitations').select(['suppression_reason']).where('programme_id', '=', p.id).where('contact_id', '=', later).executeTakeFirstOrThrow();
    expect(suppressed.suppression_reason).toBe('quota_reached');
  });

  it('reminds non-responders with a link of their own that answers the same invitation', async () => {
    const p = await programme({ config: persistent('course.done', { reminders: { count: 2, afterDays: 3 } }) });
    const a = (await makeContact(c.handle.db, co.banking.id)).id;
    const b = (await makeContact(c.handle.db, co.banking.id)).id;
    await trigger('course.done', a);
    await trigger('course.done', b);
    await worker.tick();
    const [ma, mb] = await outbox(p.id);
    // a answers at once; b does not.
    const first = ma?.to_address === (await emailOf(a)) ? ma : mb;
    expect((await answerLink(c, surveyLink(first?.text ?? ''), { nps: 8 })).statusCode).toBeLessThan(400);
    clock = new Date(clock.getTime() + 3 * DAY + 1_000);
    await worker.tick();
    let mail = await outbox(p.id);
    const reminders = mail.filter((m) => m.kind === 'reminder');
    expect(reminders.map((m) => m.to_address)).toEqual([await emailOf(b)]);
    const invitationLink = surveyLink(mail.find((m) => m.kind === 'invitation' && m.to_address === reminders[0]?.to_address)?.text ?? '');
    const reminderLink = surveyLink(reminders[0]?.text ?? '');
    expect(reminderLink).not.toBe(invitationLink);
    // The reminder's link answers b's invitation; the first link then says it was answered.
    expect((await answerLink(c, reminderLink, { nps: 6 })).statusCode).toBeLessThan(400);
    const again = await c.app.inject({ method: 'GET', url: invitationLink });
    expect(again.body).toMatch(/already/i);
    clock = new Date(clock.getTime() + 3 * DAY + 1_000);
    await worker.tick();
    mail = await outbox(p.id);
    expect(mail.filter((m) => m.kind === 'reminder')).toHaveLength(1);
    const detail = (await c.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}`, headers: admin })).json() as Programme;
    expect(detail.stats).toMatchObject({ sent: 2, completed: 2 });
  });

  it('holds the per-contact cap across programmes and says why on the contact’s invitation', async () => {
    const other = await makeCompany(c.handle.db);
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const otherKey = await bearer(c, 'analyst', other.company.id);
    await c.app.inject({ method: 'PUT', url: '/api/v1/contact-policy', headers: otherAdmin, payload: { maxPerContact: { count: 1, windowDays: 30 }, minGapDays: 0, maxPerAccount: null } });
    const s = await liveSurvey(c, otherAdmin, { title: 'Other', unitId: other.company.id });
    const mk = async (eventType: string) => {
      const p = await post<Programme>('/api/v1/programmes', { name: eventType, surveyId: s.id, config: persistent(eventType) }, otherAdmin);
      return post<Programme>(`/api/v1/programmes/${p.id}/actions`, { action: 'activate' }, otherAdmin);
    };
    const p1 = await mk('a.done');
    const p2 = await mk('b.done');
    const person = await makeContact(c.handle.db, other.company.id);
    const email = await emailOf(person.id);
    await post('/api/v1/events', { id: 'a1', type: 'a.done', occurredAt: clock.toISOString(), contact: { email } }, otherKey);
    await post('/api/v1/events', { id: 'b1', type: 'b.done', occurredAt: clock.toISOString(), contact: { email } }, otherKey);
    await createProgrammeWorker(c.services, { companies: [other.company.id] }).tick();
    const rows = await c.handle.db.selectFrom('invitations').select(['programme_id', 'status', 'suppression_reason', 'suppression_detail']).where('contact_id', '=', person.id).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'suppressed']);
    const suppressed = rows.find((r) => r.status === 'suppressed');
    expect(suppressed?.suppression_reason).toBe('contact_cap');
    expect([p1.id, p2.id]).toContain(suppressed?.programme_id);
  });
});
