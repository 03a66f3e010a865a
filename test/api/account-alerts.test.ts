import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Alert rules on accounts: "moved into At-Risk" and "a key account silent for N days", checked on
 * the alert worker's schedule. A database of its own, because a pass looks at every company's
 * accounts; each test makes its own company and switches its rules off at the end.
 */

let c: TestCorridor;
let smtp: SmtpSink;
let clock = new Date('2026-03-10T12:00:00Z');
beforeAll(async () => {
  smtp = await startSmtpSink();
  c = await openTestCorridor({ ownDatabase: true, smtpUrl: smtp.url, now: () => clock });
});
afterAll(async () => {
  await c?.stop();
  await smtp?.close();
});

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'promise', type: 'rating', text: 'How well do we keep our promise?', min: 1, max: 5 },
  ],
};

interface World {
  co: TestCompany;
  admin: Headers;
  bankingManager: { headers: Headers; user: { id: string; email: string } };
  insuranceManager: Headers;
  ownerEmail: string;
  slug: string;
  id: (crm: string) => string;
}

/**
 * The accounts of test/api/account-analytics.test.ts: on 2026-03-10 Zenith Bank (B-2) is At-Risk and
 * was Model at the end of 2025; Acme (B-1, key, owned) last answered 2026-02-01, Insure Co (I-1, key)
 * 2026-03-01, Small Mutual (I-2) 2025-12-01; Silent Re (I-3, key) never has.
 */
async function world(): Promise<World> {
  clock = new Date('2026-03-10T12:00:00Z');
  const co = await makeCompany(c.handle.db);
  const admin = (await signIn(c, 'admin', co.company.id)).headers;
  const bankingManager = await signIn(c, 'manager', co.banking.id);
  const insuranceManager = (await signIn(c, 'manager', co.insurance.id)).headers;
  const owner = await signIn(c, 'agent', co.banking.id);
  const survey = await liveSurvey(c, admin, { title: 'Relationship', kind: 'relationship', definition: DEFINITION });
  const rows = [
    { crmId: 'B-1', name: 'Acme Bank', code: 'ACB', unit: 'EMEA', ownerEmail: owner.user.email, billedRevenue: 1_000, keyAccount: true },
    { crmId: 'B-2', name: 'Zenith Bank', code: 'ZEN', unit: 'Banking', billedRevenue: 3_000 },
    { crmId: 'B-3', name: 'Quiet Bank', code: 'QUI', unit: 'Banking', billedRevenue: 4_000 },
    { crmId: 'I-1', name: 'Insure Co', code: 'INS', unit: 'Insurance', billedRevenue: 2_000, keyAccount: true },
    { crmId: 'I-2', name: 'Small Mutual', code: 'SMU', unit: 'Insurance', billedRevenue: 500 },
    { crmId: 'I-3', name: 'Silent Re', code: 'SIL', unit: 'Insurance', billedRevenue: 700, keyAccount: true },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { rows } })).statusCode).toBe(200);
  const contacts = [
    { email: 'exec@acme.test', accountCrmId: 'B-1', name: 'Eve Exec' },
    { email: 'it@acme.test', accountCrmId: 'B-1', name: 'Ian IT' },
    { email: 'ops@zenith.test', accountCrmId: 'B-2', name: 'Olga Ops' },
    { email: 'ops@insure.test', accountCrmId: 'I-1', name: 'Ivo Ops' },
    { email: 'ops@small.test', accountCrmId: 'I-2', name: 'Sam Ops' },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin, payload: { rows: contacts } })).statusCode).toBe(200);
  const accounts = await c.handle.db.selectFrom('accounts').select(['id', 'crm_id', 'unit_id']).where('company_id', '=', co.company.id).execute();
  const people = await c.handle.db.selectFrom('contacts').select(['id', 'email', 'account_id']).where('company_id', '=', co.company.id).execute();
  const ids = new Map<string, string>(accounts.map((a) => [a.crm_id, a.id] as const));
  // Accounts are added "now" by the database's clock; this world's accounts were added in 2025.
  await c.handle.db.updateTable('accounts').set({ created_at: new Date('2025-10-01T00:00:00Z') }).where('company_id', '=', co.company.id).execute();
  const answer = (email: string, at: string, nps: number, promise: number) => {
    const p = people.find((x) => x.email === email);
    const a = accounts.find((x) => x.id === p?.account_id);
    return { answers: { nps, promise }, submittedAt: new Date(at), accountId: a?.id ?? null, contactId: p?.id ?? null, unitId: a?.unit_id };
  };
  await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
    answer('exec@acme.test', '2025-11-01T10:00:00Z', 10, 5),
    answer('it@acme.test', '2026-02-01T10:00:00Z', 4, 2),
    answer('ops@zenith.test', '2026-01-15T10:00:00Z', 6, 3),
    answer('ops@zenith.test', '2025-09-01T10:00:00Z', 9, 4),
    answer('ops@insure.test', '2026-03-01T10:00:00Z', 9, 4),
    answer('ops@small.test', '2025-12-01T10:00:00Z', 2, 1),
  ]);
  return { co, admin, bankingManager: { headers: bankingManager.headers, user: bankingManager.user }, insuranceManager, ownerEmail: owner.user.email, slug: survey.slug, id: (crm) => ids.get(crm) ?? '' };
}

async function createRule(w: World, body: Record<string, unknown>) {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/alert-rules', headers: w.admin, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const casesOf = (w: World) =>
  c.handle.db.selectFrom('cases').select(['id', 'title', 'account_id', 'assignee_id', 'trigger_key', 'unit_id', 'response_id']).where('company_id', '=', w.co.company.id).orderBy('title').execute();

async function switchOff(w: World) {
  await c.handle.db.updateTable('alert_rules').set({ active: false }).where('company_id', '=', w.co.company.id).execute();
}

describe('account rules', () => {
  it('opens one case when an account moves into At-Risk, routed up to the unit manager, with the email sent once', async () => {
    const w = await world();
    await createRule(w, {
      name: 'Into At-Risk',
      conditions: { match: 'any', conditions: [{ type: 'account_moved_into', quadrant: 'at_risk' }] },
      actions: [{ type: 'open_case', routing: [{ type: 'account_owner' }, { type: 'unit_manager' }], notifyAssignee: true }, { type: 'email', to: 'cx-lead@example.test' }],
    });
    const before = smtp.messages.length;
    const first = await c.alerts!.tick();
    expect(first.accountFirings).toBe(1);
    const cases = await casesOf(w);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ title: 'Zenith Bank: moved into At-Risk (was Model)', account_id: w.id('B-2'), response_id: null, unit_id: w.co.banking.id, assignee_id: w.bankingManager.user.id });
    expect(cases[0]?.trigger_key).toBe(`${w.id('B-2')}|moved_into:at_risk:2026-Q1`);
    const mails = smtp.messages.slice(before);
    expect(mails.filter((m) => m.envelopeTo.includes('cx-lead@example.test'))).toHaveLength(1);
    expect(mails.filter((m) => m.envelopeTo.includes(w.bankingManager.user.email))).toHaveLength(1);
    expect(mails.find((m) => m.envelopeTo.includes('cx-lead@example.test'))?.text).toContain('Zenith Bank');

    // Looking again the same quarter does nothing: one firing per account and quarter.
    clock = new Date('2026-03-20T12:00:00Z');
    expect((await c.alerts!.tick()).accountFirings).toBe(0);
    expect(await casesOf(w)).toHaveLength(1);
    expect(smtp.messages.slice(before).filter((m) => m.envelopeTo.includes('cx-lead@example.test'))).toHaveLength(1);

    // The case page says what happened to the account and shows the account's history.
    const caseId = cases[0]?.id ?? '';
    const detail = await c.app.inject({ url: `/api/v1/cases/${caseId}`, headers: w.bankingManager.headers });
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json();
    expect(body.accountTrigger).toBe('moved into At-Risk (was Model)');
    expect(body.response).toBeNull();
    expect(body.contactHistory.of).toBe('account');
    expect(body.contactHistory.responses).toHaveLength(2);
    // Another market's manager does not see it.
    expect((await c.app.inject({ url: `/api/v1/cases/${caseId}`, headers: w.insuranceManager })).statusCode).toBe(404);
    await switchOff(w);
  });

  it('opens a case for a key account silent for N days, once per silence, and again after it answers and falls silent anew', async () => {
    const w = await world();
    await createRule(w, {
      name: 'Key account gone quiet',
      conditions: { match: 'any', conditions: [{ type: 'account_silent', days: 30 }] },
      actions: [{ type: 'open_case', routing: [{ type: 'account_owner' }, { type: 'unit_manager' }], notifyAssignee: false }],
    });
    await c.alerts!.tick();
    // Acme last answered 37 days ago, Silent Re never did (added 160 days ago); Insure Co answered 9 days ago;
    // Small Mutual (99 days) and Quiet Bank are not key accounts.
    const cases = await casesOf(w);
    expect(cases.map((x) => x.title)).toEqual(['Acme Bank: silent for 37 days', 'Silent Re: no answer in the 160 days since it was added']);
    const owner = await c.handle.db.selectFrom('users').select('id').where('email', '=', w.ownerEmail).executeTakeFirstOrThrow();
    expect(cases[0]?.assignee_id).toBe(owner.id);

    clock = new Date('2026-03-25T12:00:00Z');
    await c.alerts!.tick();
    expect(await casesOf(w)).toHaveLength(2); // Insure Co: 24 days; the other two: the same silence.

    clock = new Date('2026-04-05T12:00:00Z');
    await c.alerts!.tick();
    expect((await casesOf(w)).map((x) => x.title)).toContain('Insure Co: silent for 35 days');

    // Acme answers; 34 days later it has gone silent again, and that is a new silence.
    const people = await c.handle.db.selectFrom('contacts').select(['id', 'account_id']).where('email', '=', 'exec@acme.test').where('company_id', '=', w.co.company.id).execute();
    await importResponses(c.services, await findLiveSurvey(c.services, w.slug), [
      { answers: { nps: 9, promise: 4 }, submittedAt: new Date('2026-04-06T09:00:00Z'), accountId: w.id('B-1'), contactId: people[0]?.id ?? null, unitId: w.co.bankingEmea.id },
    ]);
    clock = new Date('2026-05-10T12:00:00Z');
    await c.alerts!.tick();
    const titles = (await casesOf(w)).map((x) => x.title);
    expect(titles.filter((t) => t.startsWith('Acme Bank'))).toEqual(['Acme Bank: silent for 34 days', 'Acme Bank: silent for 37 days']);
    expect(titles.filter((t) => t.startsWith('Silent Re'))).toHaveLength(1);
    expect(titles).toHaveLength(4);
    await switchOff(w);
  });

  it('counts every account when the rule says so, and only the units in its scope', async () => {
    const w = await world();
    await createRule(w, {
      name: 'Insurance accounts gone quiet',
      conditions: { match: 'any', conditions: [{ type: 'account_silent', days: 60, keyAccountsOnly: false }] },
      scope: { unitIds: [w.co.insurance.id] },
      actions: [{ type: 'open_case', routing: [{ type: 'unit_manager' }], notifyAssignee: false }],
    });
    await c.alerts!.tick();
    // Small Mutual: 99 days; Silent Re: never, 160 days; Insure Co: 9 days. Quiet Bank (Banking) is out of scope.
    expect((await casesOf(w)).map((x) => x.title)).toEqual(['Silent Re: no answer in the 160 days since it was added', 'Small Mutual: silent for 99 days']);
    await switchOff(w);
  });

  it('refuses account rules mixed with response conditions or limited to touch points, and stores nothing', async () => {
    const w = await world();
    const mixed = await c.app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: w.admin,
      payload: { name: 'Mixed', conditions: { match: 'all', conditions: [{ type: 'account_silent', days: 30 }, { type: 'nps_detractor' }] }, actions: [{ type: 'open_case', routing: [{ type: 'unit_manager' }] }] },
    });
    expectValidation(mixed, 'conditions.conditions');
    const tp = await c.app.inject({ method: 'POST', url: '/api/v1/touch-points', headers: w.admin, payload: { key: 'onboarding', name: 'Onboarding', stage: 'onboarding', channel: 'email', owningFunction: 'customer_success' } });
    expect(tp.statusCode, tp.body).toBe(201);
    const scoped = await c.app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: w.admin,
      payload: { name: 'Scoped', conditions: { match: 'any', conditions: [{ type: 'account_moved_into', quadrant: 'at_risk' }] }, scope: { touchPointIds: [tp.json().id] }, actions: [{ type: 'open_case', routing: [{ type: 'unit_manager' }] }] },
    });
    expectValidation(scoped, 'scope.touchPointIds');
    const stored = await c.handle.db.selectFrom('alert_rules').select('id').where('company_id', '=', w.co.company.id).execute();
    expect(stored).toHaveLength(0);
  });
});
