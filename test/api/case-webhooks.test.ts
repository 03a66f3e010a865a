import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookWithSecret } from '../../src/contract/webhooks.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { createWebhookWorker, type WebhookWorker } from '../../src/server/modules/webhooks/worker.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { answerThroughLink, CASE_SURVEY } from '../support/cases.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Alert rules and cases tell the company's webhooks: a rule's webhook action posts `alert.fired`
 * (signed for a generic endpoint, a Slack message for a Slack one), a subscribed endpoint hears
 * `case.opened` and `case.resolved`; each once, however often the workers tick.
 */

const clock = new Date('2026-12-07T09:00:00Z');
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;
let receiver: WebhookReceiver;
let worker: WebhookWorker;
let generic: WebhookWithSecret;
let slack: WebhookWithSecret;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock, baseUrl: 'https://cx.example.com' });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'After delivery', unitId: co.company.id, definition: CASE_SURVEY });
  receiver = await startWebhookReceiver();
  worker = createWebhookWorker(c.services, { companies: [co.company.id], random: () => 0.5 });
  const make = async (payload: Record<string, unknown>) => {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as WebhookWithSecret;
  };
  generic = await make({ name: 'CRM', url: `${receiver.url}/crm`, eventTypes: ['case.opened', 'case.resolved'] });
  slack = await make({ name: 'Service channel', url: `${receiver.url}/slack`, kind: 'slack', eventTypes: ['webhook.test'] });
});
afterAll(async () => {
  await receiver?.close();
  await c?.stop();
});

const inject = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => c.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
const to = (suffix: string) => receiver.received.filter((r) => r.path.endsWith(suffix));
const eventOf = (r: ReceivedRequest) => r.headers['corridor-event'];

/** Checks the signature the way a receiver would, with its own HMAC, not Corridor's code. */
function expectSigned(r: ReceivedRequest, secret: string): void {
  const header = String(r.headers['corridor-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const expected = createHmac('sha256', secret).update(`${match![1]}.${r.body}`).digest('hex');
  expect(match![2]).toBe(expected);
  expect(Number(match![1])).toBe(Math.floor(clock.getTime() / 1000));
}

describe('alert rules and cases call webhooks', () => {
  it('refuses a webhook action naming a webhook the company does not have', async () => {
    const res = await inject('POST', '/api/v1/alert-rules', {
      name: 'Detractor to nowhere',
      conditions: { match: 'any', conditions: [{ type: 'nps_detractor' }] },
      actions: [{ type: 'open_case' }, { type: 'webhook', endpointId: '00000000-0000-4000-8000-000000000000' }],
    });
    expectValidation(res, 'actions.1.endpointId');
    expect((await inject('GET', '/api/v1/alert-rules')).json().rules).toEqual([]);
  });

  it('a detractor fires the rule: signed alert.fired and case.opened to the CRM, a message to Slack, each once', async () => {
    const rule = await inject('POST', '/api/v1/alert-rules', {
      name: 'Detractor',
      conditions: { match: 'any', conditions: [{ type: 'nps_detractor' }] },
      actions: [{ type: 'open_case' }, { type: 'webhook', endpointId: generic.webhook.id }, { type: 'webhook', endpointId: slack.webhook.id }],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const contact = await makeContact(c.handle.db, co.bankingEmea.id, { name: 'Mia Keller' }, { name: 'Nordwerk' });
    const link = await inject('POST', `/api/v1/surveys/${survey.id}/personal-links`, { contactId: contact.id });
    await answerThroughLink(c, (link.json() as { url: string }).url, { nps: 2, comment: 'Invoices <b>wrong</b> again' });
    expect((await c.alerts!.tick()).opened).toBe(1);
    await worker.tick();
    await worker.tick();
    await c.alerts!.tick();

    const crm = to('/crm');
    expect(crm.map(eventOf).sort()).toEqual(['alert.fired', 'case.opened']);
    for (const r of crm) expectSigned(r, generic.secret);
    const fired = JSON.parse(crm.find((r) => eventOf(r) === 'alert.fired')!.body);
    const kase = await c.handle.db.selectFrom('cases').select(['id', 'title']).where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    expect(fired).toMatchObject({
      type: 'alert.fired',
      data: {
        rule: { name: 'Detractor' },
        caseId: kase.id,
        link: `/cases/${kase.id}`,
        response: { survey: { id: survey.id }, account: { name: 'Nordwerk' }, answers: { nps: 2, comment: 'Invoices <b>wrong</b> again' } },
      },
    });
    expect(JSON.parse(crm.find((r) => eventOf(r) === 'case.opened')!.body).data).toMatchObject({ caseId: kase.id, title: kase.title });

    const posted = to('/slack');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.headers['corridor-signature']).toBeUndefined();
    const message = JSON.parse(posted[0]!.body) as { text: string };
    expect(message.text).toContain('Detractor: Nordwerk');
    // The link into Corridor rides in the message's blocks.
    expect(posted[0]!.body).toContain(`https://cx.example.com/cases/${kase.id}`);
  });

  it('resolving the case posts case.resolved once', async () => {
    const kase = await c.handle.db.selectFrom('cases').select('id').where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    const cause = await inject('POST', '/api/v1/root-causes', { key: 'billing_error', label: 'Billing error' });
    expect(cause.statusCode, cause.body).toBe(201);
    const before = to('/crm').length;
    const resolved = await inject('POST', `/api/v1/cases/${kase.id}/status`, { status: 'resolved', rootCauseId: cause.json().id, resolution: 'Invoice corrected' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await worker.tick();
    await worker.tick();
    const after = to('/crm').slice(before);
    expect(after.map(eventOf)).toEqual(['case.resolved']);
    expectSigned(after[0]!, generic.secret);
    expect(JSON.parse(after[0]!.body).data).toMatchObject({ caseId: kase.id, resolution: 'Invoice corrected', status: 'resolved' });
  });
});
