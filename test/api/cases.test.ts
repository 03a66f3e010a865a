import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { addBusinessMinutes, weekdayCalendar } from '../../src/core/business-hours.ts';
import { processResponse } from '../../src/server/modules/cases/open-cases.ts';
import { summarizeCases } from '../../src/server/modules/cases/summary.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { answerThroughLink, CASE_SURVEY } from '../support/cases.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Alert rules → cases through the public surface: a respondent's answer opens a case routed to the
 * account owner, whose email reaches a real SMTP server once; people work it to closure; scope keeps
 * other markets out; deadlines in business hours escalate up the hierarchy on a controlled clock.
 */

let c: TestCorridor;
let smtp: SmtpSink;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;
// Monday 7 December 2026, 10:00 in Berlin (09:00Z).
let clock = new Date('2026-12-07T09:00:00Z');
const berlin = weekdayCalendar('Europe/Berlin');

beforeAll(async () => {
  smtp = await startSmtpSink();
  c = await openTestCorridor({ smtpUrl: smtp.url, now: () => clock });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'After delivery', unitId: co.company.id, definition: CASE_SURVEY });
  const put = await c.app.inject({ method: 'PUT', url: '/api/v1/case-settings', headers: admin, payload: { calendar: berlin, firstActionMinutes: 240, resolutionMinutes: 960 } });
  expect(put.statusCode, put.body).toBe(200);
  const rule = await c.app.inject({
    method: 'POST',
    url: '/api/v1/alert-rules',
    headers: admin,
    payload: { name: 'Detractor', conditions: { match: 'any', conditions: [{ type: 'nps_detractor' }, { type: 'keywords', keywords: ['cancel'] }] }, actions: [{ type: 'open_case' }] },
  });
  expect(rule.statusCode, rule.body).toBe(201);
});
afterAll(async () => {
  await c?.stop();
  await smtp?.close();
});

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  c.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

/** A contact of an account in the unit, owned by `ownerId`, answers through their personal link; returns the response id. */
async function respond(unitId: string, answers: Record<string, string | number>, ownerId: string | null = null): Promise<string> {
  const contact = await makeContact(c.handle.db, unitId, { name: 'Mia Keller' }, { name: `Nordwerk ${Math.random().toString(36).slice(2, 6)}` });
  if (ownerId) await c.handle.db.updateTable('accounts').set({ owner_user_id: ownerId }).where('id', '=', contact.accountId).execute();
  const link = await inject('POST', `/api/v1/surveys/${survey.id}/personal-links`, admin, { contactId: contact.id });
  expect(link.statusCode, link.body).toBe(201);
  await answerThroughLink(c, (link.json() as { url: string }).url, answers);
  const row = await c.handle.db.selectFrom('responses').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
  return row.id;
}

async function caseOf(responseId: string) {
  return c.handle.db.selectFrom('cases').selectAll().where('response_id', '=', responseId).executeTakeFirstOrThrow();
}

describe('a detractor opens a case', () => {
  it('routes it to the account owner, emails them exactly once, and leaves nothing in the inbox', async () => {
    const owner = await signIn(c, 'agent', co.bankingEmea.id);
    const responseId = await respond(co.bankingEmea.id, { nps: 3, topic: 'delivery', comment: 'The truck came two days late' }, owner.user.id);
    const before = smtp.messages.length;
    expect((await c.alerts!.tick()).opened).toBe(1);
    await c.alerts!.tick();
    const mail = smtp.messages.slice(before).filter((m) => m.envelopeTo.includes(owner.user.email));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toMatch(/^Case #\d+: Nordwerk .*: NPS 3$/);
    expect(mail[0]?.text).toContain('The truck came two days late');
    const row = await caseOf(responseId);
    expect(row).toMatchObject({ assignee_id: owner.user.id, routed_via: 'account_owner', status: 'new', unit_path: expect.stringContaining(co.bankingEmea.id) });
    // 4 business hours from Monday 10:00 Berlin: 14:00 (13:00Z); 16 business hours: 7 on Monday, 8 on Tuesday, 1 on Wednesday → 10:00 (09:00Z)
    expect(row.first_action_due_at?.toISOString()).toBe('2026-12-07T13:00:00.000Z');
    expect(row.resolution_due_at?.toISOString()).toBe('2026-12-09T09:00:00.000Z');
    expect(await c.handle.db.selectFrom('alert_inbox').select('response_id').where('response_id', '=', responseId).execute()).toEqual([]);
    // Checked again (a worker that died after its commit): still one case.
    await c.handle.db.insertInto('alert_inbox').values({ response_id: responseId }).execute();
    expect(await processResponse(c.services, responseId)).toBe(0);
    expect(await c.handle.db.selectFrom('cases').select('id').where('response_id', '=', responseId).execute()).toHaveLength(1);
    // The owner sees it as theirs.
    const mine = await inject('GET', '/api/v1/cases?mine=true', owner.headers);
    expect(mine.json().cases.map((x: { id: string }) => x.id)).toEqual([row.id]);
    expect((await inject('GET', '/api/v1/cases/counts', owner.headers)).json()).toEqual({ mineOpen: 1, overdue: 0 });
  });

  it('opens nothing for a promoter, and opens a case for a keyword whole word only', async () => {
    const promoter = await respond(co.banking.id, { nps: 10, comment: 'The cancellation went smoothly' });
    const keyword = await respond(co.banking.id, { nps: 9, comment: 'We will CANCEL unless this improves' });
    await c.alerts!.tick();
    expect(await c.handle.db.selectFrom('cases').select('id').where('response_id', '=', promoter).execute()).toEqual([]);
    expect((await caseOf(keyword)).title).toContain('mentions “cancel”');
  });

  it('never opens a case for an employee survey, even a detractor under a rule for every survey', async () => {
    const pulse = await liveSurvey(c, admin, { title: 'Engagement pulse', kind: 'employee', unitId: co.company.id, definition: CASE_SURVEY });
    const contact = await makeContact(c.handle.db, co.bankingEmea.id, { name: 'Jo Staff' });
    const link = await inject('POST', `/api/v1/surveys/${pulse.id}/personal-links`, admin, { contactId: contact.id });
    expect(link.statusCode, link.body).toBe(201);
    await answerThroughLink(c, (link.json() as { url: string }).url, { nps: 0, comment: 'I will cancel my contract' });
    const response = await c.handle.db.selectFrom('responses').select('id').where('survey_id', '=', pulse.id).executeTakeFirstOrThrow();
    await c.alerts!.tick();
    expect(await c.handle.db.selectFrom('cases').select('id').where('response_id', '=', response.id).execute()).toEqual([]);
    expect(await c.handle.db.selectFrom('alert_inbox').select('response_id').where('response_id', '=', response.id).execute()).toEqual([]);
  });

  it('walks up to the market manager when the region has nobody and the account no owner', async () => {
    const marketManager = await signIn(c, 'manager', co.banking.id);
    const responseId = await respond(co.bankingEmea.id, { nps: 1 });
    await c.alerts!.tick();
    expect(await caseOf(responseId)).toMatchObject({ assignee_id: marketManager.user.id, routed_via: 'unit_manager', escalation_level: 1 });
  });
});

describe('working a case', () => {
  it('acknowledges, refuses to resolve without a root cause, resolves, records customer told, closes and reopens; all audited', async () => {
    const manager = await signIn(c, 'manager', co.insurance.id);
    const responseId = await respond(co.insurance.id, { nps: 2, comment: 'Invoice was wrong' });
    await c.alerts!.tick();
    const { id } = await caseOf(responseId);
    const cause = await inject('POST', '/api/v1/root-causes', admin, { key: 'billing_error', label: 'Billing error' });
    expect(cause.statusCode, cause.body).toBe(201);
    expectError(await inject('POST', '/api/v1/root-causes', admin, { key: 'billing_error', label: 'Again' }), 409, 'key_taken');
    expectError(await inject('POST', '/api/v1/root-causes', manager.headers, { key: 'x', label: 'X' }), 403, 'forbidden');

    clock = new Date('2026-12-07T10:00:00Z');
    const ack = await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'acknowledged' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).toBe('2026-12-07T10:00:00.000Z');
    expectError(await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'new' }), 409, 'invalid_transition');
    expectValidation(await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'resolved' }), 'rootCauseId', 'resolution');
    await inject('POST', `/api/v1/cases/${id}/notes`, manager.headers, { text: 'Called the customer' });
    const resolved = await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'resolved', rootCauseId: cause.json().id, resolution: 'Credit note issued' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expectValidation(await inject('PATCH', `/api/v1/cases/${id}`, manager.headers, { customerToldAt: '2027-03-01' }), 'customerToldAt');
    const told = await inject('PATCH', `/api/v1/cases/${id}`, manager.headers, { customerToldAt: '2026-12-07' });
    expect(told.json().customerToldAt).toBe('2026-12-07T12:00:00.000Z');
    const closed = await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'closed' });
    expect(closed.json()).toMatchObject({ stage: 'closed', rootCause: { label: 'Billing error' }, resolution: 'Credit note issued', overdue: false });
    expect(closed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'status', 'note', 'status', 'customer_told', 'status']);
    expect(closed.json().response.answers).toContainEqual({ questionId: 'comment', label: 'What should we fix first?', value: 'Invoice was wrong' });
    const reopened = await inject('POST', `/api/v1/cases/${id}/status`, manager.headers, { status: 'in_progress' });
    expect(reopened.json()).toMatchObject({ stage: 'in_progress', closedAt: null, resolvedAt: null });
    // The timeline speaks in the settings' labels and the root cause's label, not in keys.
    const timeline = reopened.json().timeline as { kind: string; details: Record<string, unknown> }[];
    expect(timeline.at(-1)?.details).toMatchObject({ from: 'closed', to: 'in_progress', fromLabel: 'Closed', toLabel: 'In progress' });
    expect(timeline.find((e) => e.kind === 'status')?.details).toMatchObject({ fromLabel: 'New', toLabel: 'Acknowledged' });
    const audit = await c.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['case.open', 'case.status', 'case.note', 'case.status', 'case.update', 'case.status', 'case.reopen']);
  });

  it("keeps another market's manager out (404) and lets bulk actions touch only what one sees", async () => {
    const responseId = await respond(co.bankingEmea.id, { nps: 0 });
    await c.alerts!.tick();
    const { id } = await caseOf(responseId);
    const other = await signIn(c, 'manager', co.insurance.id);
    expectError(await inject('GET', `/api/v1/cases/${id}`, other.headers), 404, 'not_found');
    expectError(await inject('POST', `/api/v1/cases/${id}/status`, other.headers, { status: 'acknowledged' }), 404, 'not_found');
    const listed = (await inject('GET', '/api/v1/cases?limit=200', other.headers)).json().cases.map((x: { id: string }) => x.id);
    expect(listed).not.toContain(id);
    const bulk = await inject('POST', '/api/v1/cases/bulk', other.headers, { ids: [id], action: { type: 'status', status: 'acknowledged' } });
    expect(bulk.json()).toMatchObject({ updated: 0, refused: [{ id }] });
    const own = await signIn(c, 'manager', co.banking.id);
    expect((await inject('GET', `/api/v1/cases/${id}`, own.headers)).statusCode).toBe(200);
    const agent = await signIn(c, 'agent', co.banking.id);
    const assigned = await inject('POST', '/api/v1/cases/bulk', own.headers, { ids: [id], action: { type: 'assign', assigneeId: agent.user.id } });
    expect(assigned.json()).toEqual({ updated: 1, refused: [] });
    expect((await caseOf(responseId)).assignee_id).toBe(agent.user.id);
    const after = (await inject('GET', `/api/v1/cases/${id}`, own.headers)).json() as { timeline: { kind: string; details: Record<string, unknown> }[] };
    const agentName = (await c.handle.db.selectFrom('users').select('name').where('id', '=', agent.user.id).executeTakeFirstOrThrow()).name;
    expect(after.timeline.filter((e) => e.kind === 'assigned').at(-1)?.details).toMatchObject({ to: agent.user.id, toName: agentName });
    const viewer = await signIn(c, 'viewer', co.company.id);
    expectError(await inject('GET', '/api/v1/cases', viewer.headers), 403, 'forbidden');
  });
});

describe('alert rules', () => {
  it('are managed by admins and analysts, validated, and audited', async () => {
    const analyst = await signIn(c, 'analyst', co.company.id);
    const manager = await signIn(c, 'manager', co.banking.id);
    expectError(await inject('GET', '/api/v1/alert-rules', manager.headers), 403, 'forbidden');
    expectValidation(await inject('POST', '/api/v1/alert-rules', analyst.headers, { name: 'Bad', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'open_case' }] }), 'conditions.conditions');
    expectValidation(await inject('POST', '/api/v1/alert-rules', analyst.headers, { name: 'Bad', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'email', to: 'nope' }] }), 'actions.0.to');
    const made = await inject('POST', '/api/v1/alert-rules', analyst.headers, {
      name: 'Billing in insurance',
      active: false,
      conditions: { match: 'all', conditions: [{ type: 'answer_equals', questionId: 'topic', option: 'billing' }] },
      scope: { unitIds: [co.insurance.id] },
      actions: [{ type: 'email', to: 'billing-desk@example.test' }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const patched = await inject('PATCH', `/api/v1/alert-rules/${made.json().id}`, analyst.headers, { active: true });
    expect(patched.json()).toMatchObject({ active: true, scope: { unitIds: [co.insurance.id] } });
    const before = smtp.messages.length;
    await respond(co.banking.id, { nps: 8, topic: 'billing' }); // outside the scope
    await respond(co.insurance.id, { nps: 8, topic: 'billing' });
    await c.alerts!.tick();
    expect(smtp.messages.slice(before).filter((m) => m.envelopeTo.includes('billing-desk@example.test'))).toHaveLength(1);
    const audit = await c.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', made.json().id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['alert_rule.create', 'alert_rule.update']);
    await inject('PATCH', `/api/v1/alert-rules/${made.json().id}`, analyst.headers, { active: false });
  });
});

describe('deadlines and escalation', () => {
  it('escalates an unacknowledged case across a weekend to the next level, once per deadline', async () => {
    const esc = await makeCompany(c.handle.db);
    const escAdmin = (await signIn(c, 'admin', esc.company.id)).headers;
    const s = await liveSurvey(c, escAdmin, { title: 'Esc', unitId: esc.company.id, definition: CASE_SURVEY });
    await inject('PUT', '/api/v1/case-settings', escAdmin, { calendar: berlin, firstActionMinutes: 120, resolutionMinutes: 600 });
    await inject('POST', '/api/v1/alert-rules', escAdmin, { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case', routing: [{ type: 'unit_manager' }] }] });
    const regionManager = await signIn(c, 'manager', esc.bankingEmea.id);
    const companyManager = await signIn(c, 'manager', esc.company.id);
    // Friday 11 December 16:00 Berlin (15:00Z): 2 business hours run out Monday 10:00 (09:00Z).
    clock = new Date('2026-12-11T15:00:00Z');
    const contact = await makeContact(c.handle.db, esc.bankingEmea.id);
    const link = await inject('POST', `/api/v1/surveys/${s.id}/personal-links`, escAdmin, { contactId: contact.id });
    await answerThroughLink(c, link.json().url, { nps: 4 });
    await c.alerts!.tick();
    const row = await c.handle.db.selectFrom('cases').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    expect(row.assignee_id).toBe(regionManager.user.id);
    expect(row.first_action_due_at?.toISOString()).toBe(addBusinessMinutes(berlin, clock, 120).toISOString());
    expect(row.first_action_due_at?.toISOString()).toBe('2026-12-14T09:00:00.000Z');
    // Saturday: not overdue yet.
    clock = new Date('2026-12-12T12:00:00Z');
    expect((await c.alerts!.tick()).escalated).toBe(0);
    // Monday 10:01: overdue; the Banking market has nobody, so the company's manager hears.
    clock = new Date('2026-12-14T09:01:00Z');
    const before = smtp.messages.length;
    expect((await c.alerts!.tick()).escalated).toBe(1);
    expect((await c.alerts!.tick()).escalated).toBe(0);
    const after = await c.handle.db.selectFrom('cases').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ escalation_level: 2, escalated_to_id: companyManager.user.id });
    const mails = smtp.messages.slice(before).filter((m) => m.envelopeTo.includes(companyManager.user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/^Escalated: Case #/);
    const detail = await inject('GET', `/api/v1/cases/${row.id}`, regionManager.headers);
    expect(detail.json()).toMatchObject({ overdue: true, escalatedTo: { id: companyManager.user.id } });
    expect(detail.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'escalated']);
    // The resolution deadline (10 business hours: Monday 18:00 → Tuesday 11:00 Berlin) escalates once more: nobody is above, so it is only marked overdue.
    clock = new Date('2026-12-15T10:01:00Z');
    expect((await c.alerts!.tick()).escalated).toBe(0);
    const events = await c.handle.db.selectFrom('case_events').select('kind').where('case_id', '=', row.id).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['opened', 'escalated', 'overdue']);
    clock = new Date('2026-12-07T09:00:00Z');
  });
});

describe('case metrics and the summary', () => {
  it('computes times to acknowledge and close in business minutes, matching a hand count', async () => {
    const m = await makeCompany(c.handle.db);
    const mAdmin = (await signIn(c, 'admin', m.company.id)).headers;
    const s = await liveSurvey(c, mAdmin, { title: 'Metrics', unitId: m.company.id, definition: CASE_SURVEY });
    await inject('PUT', '/api/v1/case-settings', mAdmin, { calendar: berlin, firstActionMinutes: 60, resolutionMinutes: 480 });
    await inject('POST', '/api/v1/alert-rules', mAdmin, { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case', routing: [{ type: 'user', userId: (await signIn(c, 'manager', m.company.id)).user.id }] }] });
    const cause = (await inject('POST', '/api/v1/root-causes', mAdmin, { key: 'late', label: 'Late delivery' })).json();
    const open = async (at: string) => {
      clock = new Date(at);
      const contact = await makeContact(c.handle.db, m.banking.id);
      const link = await inject('POST', `/api/v1/surveys/${s.id}/personal-links`, mAdmin, { contactId: contact.id });
      await answerThroughLink(c, link.json().url, { nps: 2 });
      await c.alerts!.tick();
      return (await c.handle.db.selectFrom('cases').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow()).id;
    };
    const move = async (id: string, at: string, status: string) => {
      clock = new Date(at);
      const res = await inject('POST', `/api/v1/cases/${id}/status`, mAdmin, { status, rootCauseId: cause.id, resolution: 'Sent a courier' });
      expect(res.statusCode, res.body).toBe(200);
    };
    // Case A: opened Tue 8 Dec 09:00Z (10:00 Berlin); acknowledged 09:30Z (30 min); closed 13:00Z (240 min, within 480).
    const a = await open('2026-12-08T09:00:00Z');
    await move(a, '2026-12-08T09:30:00Z', 'acknowledged');
    await move(a, '2026-12-08T13:00:00Z', 'closed');
    // Case B: opened Tue 8 Dec 15:00Z (16:00 Berlin); acknowledged Wed 09:00Z (10:00 Berlin: 60 + 60 = 120 min);
    // closed Thu 10 Dec 09:00Z: Tue 60 + Wed 480 + Thu 60 = 600 min, past its 480.
    const b = await open('2026-12-08T15:00:00Z');
    await move(b, '2026-12-09T09:00:00Z', 'acknowledged');
    await move(b, '2026-12-10T09:00:00Z', 'closed');
    // Case C: opened Thu 10 Dec 09:00Z, still open.
    await open('2026-12-10T09:00:00Z');
    clock = new Date('2026-12-10T12:00:00Z');
    const res = await inject('GET', '/api/v1/cases/metrics?from=2026-12-01&to=2026-12-31', mAdmin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toMatchObject({ opened: 3, closed: 2, ackMedianMinutes: 75, ackMeanMinutes: 75, closeMedianMinutes: 420, closeMeanMinutes: 420, withinDeadlineShare: 0.5 });
    expect(res.json().byRootCause.find((r: { label: string }) => r.label === 'Late delivery')).toMatchObject({ opened: 2, closed: 2 });
    const summary = await summarizeCases(c.handle.db, { unitPath: `/${m.company.id}/`, from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(summary).toMatchObject({ opened: 3, closed: 2, withinDeadlineShare: 0.5, ackMedianMinutes: 75, closeMedianMinutes: 420, topRootCauses: [{ label: 'Late delivery', count: 2 }] });
    expect(summary.notable.map((n) => n.resolution)).toEqual(['Sent a courier', 'Sent a courier']);
    const empty = await summarizeCases(c.handle.db, { unitPath: `/${m.company.id}/${m.insurance.id}/`, from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(empty).toMatchObject({ opened: 0, closed: 0, withinDeadlineShare: null, topRootCauses: [], notable: [] });
    clock = new Date('2026-12-07T09:00:00Z');
  });
});

describe('deadlines across a daylight-saving change', () => {
  it('keeps local business hours when Berlin moves to summer time, and escalates on time', async () => {
    const dst = await makeCompany(c.handle.db);
    const dstAdmin = (await signIn(c, 'admin', dst.company.id)).headers;
    const s = await liveSurvey(c, dstAdmin, { title: 'DST', unitId: dst.company.id, definition: CASE_SURVEY });
    await inject('PUT', '/api/v1/case-settings', dstAdmin, { calendar: berlin, firstActionMinutes: 60, resolutionMinutes: 480 });
    await inject('POST', '/api/v1/alert-rules', dstAdmin, { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case', routing: [{ type: 'unit_manager' }] }] });
    await signIn(c, 'manager', dst.bankingEmea.id);
    const above = await signIn(c, 'manager', dst.banking.id);
    // Friday 27 March 2026 16:30 CET (15:30Z); 30 minutes that day, 30 on Monday 30 March from 09:00 CEST (07:00Z).
    clock = new Date('2026-03-27T15:30:00Z');
    const contact = await makeContact(c.handle.db, dst.bankingEmea.id);
    const link = await inject('POST', `/api/v1/surveys/${s.id}/personal-links`, dstAdmin, { contactId: contact.id });
    await answerThroughLink(c, link.json().url, { nps: 5 });
    await c.alerts!.tick();
    const row = await c.handle.db.selectFrom('cases').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    expect(row.first_action_due_at?.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    // Resolution: 8 h = 30 min Friday + 7.5 h Monday → Monday 16:30 CEST (14:30Z).
    expect(row.resolution_due_at?.toISOString()).toBe('2026-03-30T14:30:00.000Z');
    clock = new Date('2026-03-30T07:29:00Z');
    expect((await c.alerts!.tick()).escalated).toBe(0);
    clock = new Date('2026-03-30T07:31:00Z');
    expect((await c.alerts!.tick()).escalated).toBe(1);
    expect((await c.handle.db.selectFrom('cases').select('escalated_to_id').where('id', '=', row.id).executeTakeFirstOrThrow()).escalated_to_id).toBe(above.user.id);
    clock = new Date('2026-12-07T09:00:00Z');
  });
});

describe('specialist queues', () => {
  it('route by topic round robin, and let a member outside the unit see and work the queue’s cases', async () => {
    const q = await makeCompany(c.handle.db);
    const qAdmin = (await signIn(c, 'admin', q.company.id)).headers;
    const s = await liveSurvey(c, qAdmin, { title: 'Queue', unitId: q.company.id, definition: CASE_SURVEY });
    const first = await signIn(c, 'agent', q.insurance.id);
    const second = await signIn(c, 'agent', q.insurance.id);
    const made = await inject('POST', '/api/v1/case-queues', qAdmin, { name: 'Billing desk', topics: ['billing'], memberIds: [first.user.id, second.user.id] });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().members.map((m: { id: string }) => m.id).sort()).toEqual([first.user.id, second.user.id].sort());
    expectError(await inject('POST', '/api/v1/case-queues', qAdmin, { name: 'Billing desk' }), 409, 'name_taken');
    await inject('POST', '/api/v1/alert-rules', qAdmin, { name: 'Billing detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case', routing: [{ type: 'queue_by_match' }] }] });
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const contact = await makeContact(c.handle.db, q.bankingEmea.id);
      const link = await inject('POST', `/api/v1/surveys/${s.id}/personal-links`, qAdmin, { contactId: contact.id });
      await answerThroughLink(c, link.json().url, { nps: 2, topic: 'billing' });
      await c.alerts!.tick();
      const row = await c.handle.db.selectFrom('cases').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
      expect(row.queue_id).toBe(made.json().id);
      assignees.push(row.assignee_id);
    }
    // Members in name order, then round robin: a, b, a.
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[2]).toBe(assignees[0]);
    // The insurance agents see the banking cases through their queue; an agent outside it does not.
    const seen = (await inject('GET', '/api/v1/cases?limit=200', first.headers)).json().cases;
    expect(seen).toHaveLength(3);
    const outsider = await signIn(c, 'agent', q.insurance.id);
    expect((await inject('GET', '/api/v1/cases?limit=200', outsider.headers)).json().cases).toHaveLength(0);
    const ack = await inject('POST', `/api/v1/cases/${seen[0].id}/status`, second.headers, { status: 'acknowledged' });
    expect(ack.statusCode, ack.body).toBe(200);
  });
});
