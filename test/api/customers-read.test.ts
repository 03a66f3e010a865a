import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
beforeAll(async () => {
  c = await openTestCorridor({ now: () => new Date('2026-03-10T12:00:00Z') });
});
afterAll(async () => c?.stop());

interface World {
  co: TestCompany;
  admin: Headers;
  bankingManager: Headers;
  owner: { headers: Headers; id: string };
  ids: Map<string, string>;
}

async function world(): Promise<World> {
  const co = await makeCompany(c.handle.db);
  const admin = (await signIn(c, 'admin', co.company.id)).headers;
  const owner = await signIn(c, 'agent', co.banking.id);
  const bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  const res = await c.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: admin,
    payload: {
      rows: [
        { crmId: 'B-1', name: 'Acme Bank', code: 'ACB', unit: 'EMEA', ownerEmail: owner.user.email, billedRevenue: 500, keyAccount: true },
        { crmId: 'B-2', name: 'Zenith Bank', unit: 'Banking', billedRevenue: 900 },
        { crmId: 'I-1', name: 'Insure Co', unit: 'Insurance', billedRevenue: 100 },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  await c.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin, payload: { rows: [{ email: 'ana@acme.test', accountCrmId: 'B-1', name: 'Ana' }, { email: 'ivo@insure.test', accountCrmId: 'I-1', name: 'Ivo' }] } });
  const accounts = await c.handle.db.selectFrom('accounts').select(['id', 'crm_id']).where('company_id', '=', co.company.id).execute();
  const contacts = await c.handle.db.selectFrom('contacts').select(['id', 'email']).where('company_id', '=', co.company.id).execute();
  const ids = new Map([...accounts.map((a) => [a.crm_id, a.id] as const), ...contacts.map((x) => [x.email, x.id] as const)]);
  return { co, admin, bankingManager, owner: { headers: owner.headers, id: owner.user.id }, ids };
}

const get = (url: string, headers: Headers) => c.app.inject({ url, headers });

describe('reading accounts', () => {
  it("shows a market's manager only that market's accounts, and answers 404 for the others", async () => {
    const w = await world();
    const all = (await get('/api/v1/accounts', w.admin)).json();
    expect(all.accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-1', 'I-1', 'B-2']);
    expect(all.total).toBe(3);
    const mine = (await get('/api/v1/accounts', w.bankingManager)).json();
    expect(mine.accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-1', 'B-2']);
    expectError(await get(`/api/v1/accounts/${w.ids.get('I-1')}`, w.bankingManager), 404, 'not_found');
    expectError(await get(`/api/v1/contacts/${w.ids.get('ivo@insure.test')}`, w.bankingManager), 404, 'not_found');
    const contacts = (await get('/api/v1/contacts', w.bankingManager)).json();
    expect(contacts.contacts.map((x: { email: string }) => x.email)).toEqual(['ana@acme.test']);
    const viewer = (await signIn(c, 'viewer', w.co.company.id)).headers;
    expectError(await get('/api/v1/accounts', viewer), 403, 'forbidden');
  });

  it('searches, filters, sorts and pages', async () => {
    const w = await world();
    const q = async (query: string) => (await get(`/api/v1/accounts?${query}`, w.admin)).json();
    expect((await q('q=zen')).accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-2']);
    expect((await q('q=acb')).accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-1']);
    expect((await q('keyAccount=true')).accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-1']);
    expect((await q(`ownerId=${w.owner.id}`)).accounts.map((a: { owner: { name: string } }) => a.owner.name)).toEqual(['agent user']);
    expect((await q(`unitId=${w.co.banking.id}`)).total).toBe(2);
    expect((await q('sort=-billedRevenue')).accounts.map((a: { billedRevenue: number }) => a.billedRevenue)).toEqual([900, 500, 100]);
    const page = await q('sort=billedRevenue&limit=2&offset=2');
    expect([page.total, page.accounts.map((a: { crmId: string }) => a.crmId)]).toEqual([3, ['B-2']]);
    expect((await q('assessment=none')).total).toBe(3);
  });

  it('keeps every assessment; the latest is current; the owner may assess, other agents may not', async () => {
    const w = await world();
    const id = w.ids.get('B-1') ?? '';
    const url = `/api/v1/accounts/${id}/assessments`;
    const first = await c.app.inject({ method: 'POST', url, headers: w.owner.headers, payload: { rating: 'superior', note: 'Great year', assessedOn: '2026-01-15' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ rating: 'superior', assessedOn: '2026-01-15', authorId: w.owner.id, authorName: 'agent user' });
    const second = await c.app.inject({ method: 'POST', url, headers: w.admin, payload: { rating: 'fair' } });
    expect(second.json()).toMatchObject({ rating: 'fair', assessedOn: '2026-03-10' });
    const otherAgent = (await signIn(c, 'agent', w.co.banking.id)).headers;
    expectError(await c.app.inject({ method: 'POST', url, headers: otherAgent, payload: { rating: 'good' } }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${w.ids.get('I-1')}/assessments`, headers: w.owner.headers, payload: { rating: 'good' } }), 404, 'not_found');
    const detail = (await get(`/api/v1/accounts/${id}`, w.owner.headers)).json();
    expect(detail.assessments.map((a: { rating: string }) => a.rating)).toEqual(['fair', 'superior']);
    expect(detail.assessment.rating).toBe('fair');
    expect(detail.canAssess).toBe(true);
    expect(detail.contacts.map((x: { email: string }) => x.email)).toEqual(['ana@acme.test']);
    expect((await get(`/api/v1/accounts/${id}`, otherAgent)).json().canAssess).toBe(false);
    expect((await get('/api/v1/accounts?assessment=fair', w.admin)).json().accounts.map((a: { crmId: string }) => a.crmId)).toEqual(['B-1']);
  });
});

describe("a contact's history", () => {
  it('lists responses with NPS, opt-out and opt-in, newest first; opt-in is for admins with a reason', async () => {
    const w = await world();
    const survey = await liveSurvey(c, w.admin, { definition: { questions: [{ id: 'nps', type: 'nps', text: 'Recommend?', required: true }] } });
    const contactId = w.ids.get('ana@acme.test') ?? '';
    await c.handle.db
      .insertInto('responses')
      .values({ survey_id: survey.id, version_id: survey.versions[0]?.id ?? '', unit_id: w.co.bankingEmea.id, account_id: w.ids.get('B-1') ?? null, contact_id: contactId, submitted_at: new Date('2026-02-01T10:00:00Z'), answers: JSON.stringify({ nps: 4 }), attributes: '{}', language: 'en', channel: 'web' })
      .execute();
    const programme = await c.handle.db
      .insertInto('programmes')
      .values({ company_id: w.co.company.id, unit_id: w.co.company.id, name: 'After service calls', kind: 'persistent', survey_id: survey.id, config: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await c.handle.db
      .insertInto('events')
      .values({ company_id: w.co.company.id, external_id: 'call-1', type: 'service_call.closed', occurred_at: new Date('2026-01-20T09:00:00Z'), contact_id: contactId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await c.handle.db
      .insertInto('invitations')
      .values({ programme_id: programme.id, company_id: w.co.company.id, survey_id: survey.id, contact_id: contactId, unit_id: w.co.bankingEmea.id, wave: event.id, event_id: event.id, status: 'suppressed', scheduled_at: new Date('2026-01-20T10:00:00Z'), suppression_reason: 'recently_surveyed', suppression_detail: 'Answered 12 days ago' })
      .execute();
    const out = await c.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/opt-out`, headers: w.owner.headers, payload: { reason: 'Asked on the phone' } });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().optedOut).toBe(true);
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/opt-in`, headers: w.owner.headers, payload: { reason: 'Changed their mind' } }), 403, 'forbidden');
    const analyst = (await signIn(c, 'analyst', w.co.company.id)).headers;
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/opt-in`, headers: analyst, payload: { reason: 'Changed their mind' } }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/opt-in`, headers: w.admin, payload: {} }), 400, 'validation_failed');
    const back = await c.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/opt-in`, headers: w.admin, payload: { reason: 'Wrote to us on 9 March' } });
    expect(back.json().optedOut).toBe(false);
    const detail = (await get(`/api/v1/contacts/${contactId}`, w.admin)).json();
    expect(detail.history.map((h: { kind: string; action?: string; nps?: number; detail?: string }) => [h.kind, h.action ?? h.nps, h.detail ?? null])).toEqual([
      ['state', 'contact.opt_in', 'Wrote to us on 9 March'],
      ['state', 'contact.opt_out', 'Asked on the phone'],
      ['response', 4, null],
      ['invitation', undefined, null],
      ['event', undefined, null],
    ]);
    expect(detail.history[3]).toMatchObject({ programmeName: 'After service calls', surveyTitle: 'Client survey', status: 'suppressed', suppressionReason: 'recently_surveyed', suppressionDetail: 'Answered 12 days ago', sentAt: null });
    expect(detail.history[4]).toMatchObject({ type: 'service_call.closed', at: '2026-01-20T09:00:00.000Z' });
    const account = (await get(`/api/v1/accounts/${w.ids.get('B-1')}`, w.admin)).json();
    expect(account.recentResponses).toMatchObject([{ surveyTitle: 'Client survey', nps: 4, contactName: 'Ana' }]);
  });
});
