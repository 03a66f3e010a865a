import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeInvitation, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
beforeAll(async () => {
  c = await openTestCorridor({ now: () => new Date('2026-03-10T12:00:00Z') });
});
afterAll(async () => c?.stop());

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'promise', type: 'rating', text: 'How well do we keep our promise?', min: 1, max: 5 },
    { id: 'comment', type: 'text', text: 'Why?' },
    { id: 'parts', type: 'matrix', text: 'Rate each part', rows: [{ id: 'speed', text: 'Speed' }, { id: 'care', text: 'Care' }], scale: { min: 1, max: 5 } },
  ],
};

interface World {
  co: TestCompany;
  admin: Headers;
  analyst: Headers;
  bankingManager: Headers;
  owner: Headers;
  surveyId: string;
  id: (crm: string) => string;
}

/**
 * Five accounts (revenue median 2,000) with responses worked by hand in the tests below; "now" is
 * 2026-03-10, so the window is 2025-03-11 … 2026-03-10 and the previous one 2025-01-01 … 2025-12-31.
 */
async function world(): Promise<World> {
  const co = await makeCompany(c.handle.db);
  const admin = (await signIn(c, 'admin', co.company.id)).headers;
  const analyst = (await signIn(c, 'analyst', co.company.id)).headers;
  const bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  const owner = await signIn(c, 'agent', co.banking.id);
  const survey = await liveSurvey(c, admin, { title: 'Relationship', kind: 'relationship', definition: DEFINITION });
  const rows = [
    { crmId: 'B-1', name: 'Acme Bank', code: 'ACB', unit: 'EMEA', ownerEmail: owner.user.email, billedRevenue: 1_000, bookedRevenue: 100, potentialRevenue: 200, keyAccount: true },
    { crmId: 'B-2', name: 'Zenith Bank', code: 'ZEN', unit: 'Banking', billedRevenue: 3_000 },
    { crmId: 'B-3', name: 'Quiet Bank', code: 'QUI', unit: 'Banking', billedRevenue: 4_000 },
    { crmId: 'I-1', name: 'Insure Co', code: 'INS', unit: 'Insurance', billedRevenue: 2_000, keyAccount: true },
    { crmId: 'I-2', name: 'Small Mutual', code: 'SMU', unit: 'Insurance', billedRevenue: 500 },
    { crmId: 'I-3', name: 'Silent Re', code: 'SIL', unit: 'Insurance', billedRevenue: 700, keyAccount: true },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { rows } })).statusCode).toBe(200);
  const contacts = [
    { email: 'exec@acme.test', accountCrmId: 'B-1', audienceRole: 'executive', name: 'Eve Exec' },
    { email: 'it@acme.test', accountCrmId: 'B-1', audienceRole: 'it', name: 'Ian IT' },
    { email: 'ops@zenith.test', accountCrmId: 'B-2', audienceRole: 'operations', name: 'Olga Ops' },
    { email: 'ops@insure.test', accountCrmId: 'I-1', audienceRole: 'operations', name: 'Ivo Ops' },
    { email: 'ops@small.test', accountCrmId: 'I-2', audienceRole: 'operations', name: 'Sam Ops' },
    { email: 'ops@silent.test', accountCrmId: 'I-3', audienceRole: 'operations', name: 'Sid Ops' },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin, payload: { rows: contacts } })).statusCode).toBe(200);
  const accounts = await c.handle.db.selectFrom('accounts').select(['id', 'crm_id', 'unit_id']).where('company_id', '=', co.company.id).execute();
  const people = await c.handle.db.selectFrom('contacts').select(['id', 'email', 'account_id', 'audience_role']).where('company_id', '=', co.company.id).execute();
  const ids = new Map<string, string>([...accounts.map((a) => [a.crm_id, a.id] as const), ...people.map((p) => [p.email, p.id] as const)]);
  const id = (k: string) => ids.get(k) ?? '';
  const answer = (email: string, at: string, nps: number, promise: number, comment?: string) => {
    const p = people.find((x) => x.email === email);
    const a = accounts.find((x) => x.id === p?.account_id);
    return { answers: { nps, promise, ...(comment ? { comment } : {}) }, submittedAt: new Date(at), accountId: a?.id ?? null, contactId: p?.id ?? null, unitId: a?.unit_id, audience: p?.audience_role ?? null };
  };
  await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
    answer('exec@acme.test', '2025-11-01T10:00:00Z', 10, 5), // index (100 + 100)/2 = 100; both windows
    answer('it@acme.test', '2026-02-01T10:00:00Z', 4, 2, 'The API keeps timing out'), // (40 + 25)/2 = 32.5; this window only
    answer('ops@zenith.test', '2026-01-15T10:00:00Z', 6, 3), // (60 + 50)/2 = 55
    answer('ops@zenith.test', '2025-09-01T10:00:00Z', 9, 4), // (90 + 75)/2 = 82.5; both windows
    answer('ops@insure.test', '2026-03-01T10:00:00Z', 9, 4, 'Insurance comment'), // 82.5
    answer('ops@small.test', '2025-12-01T10:00:00Z', 2, 1), // (20 + 0)/2 = 10; both windows
  ]);
  const assess = async (crm: string, rating: string, assessedOn: string) =>
    expect((await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${id(crm)}/assessments`, headers: admin, payload: { rating, assessedOn } })).statusCode).toBe(201);
  await assess('B-2', 'superior', '2026-01-10');
  await assess('I-2', 'good', '2025-06-01');
  await assess('I-2', 'superior', '2026-02-01');
  await assess('B-3', 'good', '2026-02-01');
  return { co, admin, analyst, bankingManager, owner: owner.headers, surveyId: survey.id, id };
}

const get = (url: string, headers: Headers) => c.app.inject({ url, headers });
type Placement = { id: string; code: string; quadrant: string | null; previousQuadrant: string | null; summaryIndex: number | null; previousSummaryIndex: number | null; nps: { score: number | null; mean: number | null; n: number }; n: number; contacts: number; estimatedRevenue: number; intoAtRisk: boolean };

describe('account quadrants', () => {
  it('places every account against the score target and the revenue median, with movement and revenue at risk', async () => {
    const w = await world();
    const res = await get('/api/v1/analytics/accounts', w.admin);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.window).toEqual({ from: '2025-03-11', to: '2026-03-10' });
    expect(body.previousWindow).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // Median of 1,000 · 3,000 · 4,000 · 2,000 · 500 · 700 = (1,000 + 2,000)/2.
    expect(body.thresholds).toEqual({ scoreTarget: 70, revenueThreshold: 1_500, revenueThresholdSource: 'median' });
    const by = new Map<string, Placement>(body.accounts.map((a: Placement) => [a.code, a]));
    const acb = by.get('ACB');
    expect(acb?.summaryIndex).toBeCloseTo((100 + 32.5) / 2, 6);
    expect(acb?.previousSummaryIndex).toBeCloseTo(100, 6);
    expect(acb?.nps.score).toBeCloseTo(0, 6);
    expect(acb?.nps.mean).toBeCloseTo(7, 6);
    expect([acb?.n, acb?.contacts, acb?.estimatedRevenue, acb?.quadrant, acb?.previousQuadrant]).toEqual([2, 2, 300, 'dangling', 'growth']);
    const zen = by.get('ZEN');
    expect(zen?.summaryIndex).toBeCloseTo((55 + 82.5) / 2, 6);
    expect([zen?.quadrant, zen?.previousQuadrant, zen?.intoAtRisk]).toEqual(['at_risk', 'model', true]);
    expect(by.get('INS')).toMatchObject({ quadrant: 'model', previousQuadrant: null, intoAtRisk: false });
    expect(by.get('SMU')?.summaryIndex).toBeCloseTo(10, 6);
    expect(by.get('SMU')?.quadrant).toBe('dangling');
    // No responses is "no score", not Dangling.
    expect(by.get('QUI')).toMatchObject({ quadrant: null, summaryIndex: null, n: 0 });
    expect(body.unscored).toBe(2);
    expect(body.totals).toEqual([
      { quadrant: 'model', count: 1, billedRevenue: 2_000 },
      { quadrant: 'growth', count: 0, billedRevenue: 0 },
      { quadrant: 'at_risk', count: 1, billedRevenue: 3_000 },
      { quadrant: 'dangling', count: 2, billedRevenue: 1_500 },
    ]);
    expect(body.revenueAtRisk).toBe(3_000);
    expect(body.movers).toEqual([w.id('B-2')]);
    expect(body.biggestMovers.up).toEqual([]);
    expect(body.biggestMovers.down.map((m: { id: string }) => m.id)).toEqual([w.id('B-1'), w.id('B-2')]);
    expect(body.biggestMovers.down[0].change).toBeCloseTo(66.25 - 100, 6);
  });

  it('applies the settings: role weights, a fixed revenue threshold and the score target (ties count as good)', async () => {
    const w = await world();
    const put = await c.app.inject({ method: 'PUT', url: '/api/v1/analytics/account-settings', headers: w.analyst, payload: { roleWeights: { executive: 2 }, revenueThreshold: 2_000, scoreTarget: 68.75 } });
    expect(put.statusCode, put.body).toBe(200);
    const body = (await get('/api/v1/analytics/accounts', w.admin)).json();
    expect(body.thresholds).toEqual({ scoreTarget: 68.75, revenueThreshold: 2_000, revenueThresholdSource: 'setting' });
    const by = new Map<string, Placement>(body.accounts.map((a: Placement) => [a.code, a]));
    // Executive weighs 2: (2·100 + 32.5)/3; NPS 100·(2 − 1)/3; mean (2·10 + 4)/3.
    expect(by.get('ACB')?.summaryIndex).toBeCloseTo(232.5 / 3, 6);
    expect(by.get('ACB')?.nps.score).toBeCloseTo(100 / 3, 6);
    expect(by.get('ACB')?.nps.mean).toBeCloseTo(8, 6);
    expect(by.get('ACB')?.quadrant).toBe('growth');
    // 68.75 is exactly the target: good score; 2,000 exactly the threshold: good revenue.
    expect(by.get('ZEN')?.quadrant).toBe('model');
    expect(by.get('INS')?.quadrant).toBe('model');
    expect(body.revenueAtRisk).toBe(0);
  });

  it('lets an agent see their own accounts with owner=me, and refuses owner=me from an API key', async () => {
    const w = await world();
    const body = (await get('/api/v1/analytics/accounts?owner=me', w.owner)).json();
    expect(body.accounts.map((a: Placement) => a.code)).toEqual(['ACB']);
    // The median is over every account the agent may see (banking: 1,000 · 3,000 · 4,000), not only the shown ones.
    expect(body.thresholds.revenueThreshold).toBe(3_000);
    const comments = (await get('/api/v1/analytics/account-comments?owner=me', w.owner)).json();
    expect(comments.comments.map((x: { text: string; contactName: string; nps: number }) => [x.text, x.contactName, x.nps])).toEqual([['The API keeps timing out', 'Ian IT', 4]]);
    const key = await bearer(c, 'agent', w.co.banking.id);
    expectValidation(await get('/api/v1/analytics/accounts?owner=me', key), 'owner');
  });
});

describe('perception gap and silence', () => {
  it('lists the largest disagreements first', async () => {
    const w = await world();
    const body = (await get('/api/v1/analytics/perception-gap', w.admin)).json();
    expect(body.rows.map((r: { code: string }) => r.code)).toEqual(['SMU', 'ZEN']);
    expect(body.rows[0].gap).toMatchObject({ teamRating: 'superior', customerRating: 'at_risk', steps: 3, assessedOn: '2026-02-01', sentence: 'Rated superior; contacts are detractors (index 10, NPS −100)' });
    expect(body.rows[0].gap.points).toBeCloseTo(87.5 - 10, 6);
    expect(body.rows[1].gap.points).toBeCloseTo(87.5 - 68.75, 6);
    expect(body.assessedWithoutScore).toBe(1);
    // An earlier day sees the assessment then current.
    const before = (await get('/api/v1/analytics/perception-gap?to=2026-01-20', w.admin)).json();
    expect(before.rows.find((r: { code: string }) => r.code === 'SMU').gap.teamRating).toBe('good');
  });

  it('finds key accounts invited in the window that did not answer', async () => {
    const w = await world();
    for (const [email, sentAt] of [['ops@silent.test', '2026-02-01T09:00:00Z'], ['ops@silent.test', '2026-02-20T09:00:00Z'], ['ops@insure.test', '2026-02-01T09:00:00Z']] as const) {
      const inv = await makeInvitation(c.handle.db, { surveyId: w.surveyId, contactId: w.id(email), unitId: w.co.insurance.id });
      await c.handle.db.updateTable('invitations').set({ status: 'sent', sent_at: new Date(sentAt) }).where('id', '=', inv.id).execute();
    }
    const body = (await get('/api/v1/analytics/silence', w.admin)).json();
    expect(body.accounts).toEqual([{ accountId: w.id('I-3'), code: 'SIL', name: 'Silent Re', billedRevenue: 700, invitationsSent: 2, lastInvitedAt: '2026-02-20T09:00:00.000Z', lastResponseAt: null }]);
    expect(body.rule).toMatch(/fewer than 50 %/);
  });

  it('names the aspects nobody answers and those answered only in the middle', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    const survey = await liveSurvey(c, admin, { title: 'Relationship', kind: 'relationship', definition: DEFINITION });
    expect((await c.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { rows: [{ crmId: 'A', name: 'A', unit: 'Banking', billedRevenue: 1 }] } })).statusCode).toBe(200);
    const account = await c.handle.db.selectFrom('accounts').select(['id', 'unit_id']).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    // 20 responses: promise always 3 (indifferent), parts.speed answered by 9 (45 %: unanswered), parts.care by 10 (50 %: not silent).
    const rows = Array.from({ length: 20 }, (_, i) => ({
      answers: { nps: i % 11, promise: 3, ...(i < 9 ? { 'parts.speed': 5 } : {}), ...(i < 10 ? { 'parts.care': 1 + (i % 5) } : {}) },
      submittedAt: new Date('2026-02-01T10:00:00Z'),
      accountId: account.id,
      unitId: account.unit_id,
    }));
    await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), rows);
    const body = (await get('/api/v1/analytics/silence', admin)).json();
    expect(body.items.map((x: { key: string; reason: string; asked: number; answered: number }) => [x.key, x.reason, x.asked, x.answered])).toEqual([
      ['parts.speed', 'unanswered', 20, 9],
      ['promise', 'indifferent', 20, 20],
    ]);
    expect(body.items[0].text).toBe('Rate each part: Speed');
    expect(body.items[1].middleShare).toBe(1);
  });
});

describe('scope', () => {
  it("shows a market's manager nothing of another market in any endpoint", async () => {
    const w = await world();
    const inv = await makeInvitation(c.handle.db, { surveyId: w.surveyId, contactId: w.id('ops@silent.test'), unitId: w.co.insurance.id });
    await c.handle.db.updateTable('invitations').set({ status: 'sent', sent_at: new Date('2026-02-01T09:00:00Z') }).where('id', '=', inv.id).execute();
    const insurance = [w.id('I-1'), w.id('I-2'), w.id('I-3')];
    const urls = ['/api/v1/analytics/accounts', '/api/v1/analytics/perception-gap', '/api/v1/analytics/silence', '/api/v1/analytics/account-trend', '/api/v1/analytics/account-comments'];
    for (const url of urls) {
      const res = await get(url, w.bankingManager);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      for (const id of insurance) expect(res.body, url).not.toContain(id);
      expect(res.body).not.toContain('Insurance comment');
      expect(res.body).not.toContain('Insure Co');
    }
    const accounts = (await get('/api/v1/analytics/accounts', w.bankingManager)).json();
    expect(accounts.accounts.map((a: Placement) => a.code).sort()).toEqual(['ACB', 'QUI', 'ZEN']);
    expect(accounts.thresholds.revenueThreshold).toBe(3_000);
    const trend = (await get('/api/v1/analytics/account-trend', w.bankingManager)).json();
    // Banking's responses only: 4 of the 6.
    expect(trend.quarters.reduce((s: number, q: { n: number }) => s + q.n, 0)).toBe(4);
    expectError(await get(`/api/v1/analytics/accounts?unit=${w.co.insurance.id}`, w.bankingManager), 404, 'not_found');
    const viewer = (await signIn(c, 'viewer', w.co.company.id)).headers;
    for (const url of urls) expectError(await get(url, viewer), 403, 'forbidden');
  });

  it('filters by unit within scope', async () => {
    const w = await world();
    const body = (await get(`/api/v1/analytics/accounts?unit=${w.co.bankingEmea.id}`, w.admin)).json();
    expect(body.accounts.map((a: Placement) => a.code)).toEqual(['ACB']);
  });
});

describe('trend', () => {
  it('rolls NPS and the summary index up by quarter over eight quarters', async () => {
    const w = await world();
    const body = (await get('/api/v1/analytics/account-trend', w.admin)).json();
    expect(body.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
    const q = new Map(body.quarters.map((x: { quarter: string }) => [x.quarter, x]));
    // 2025-Q4: scores 10 and 2 → NPS 0, mean 6; index (100 + 10)/2.
    expect(q.get('2025-Q4')).toMatchObject({ n: 2, nps: 0, npsMean: 6, summaryIndex: 55, smallSample: true });
    // 2026-Q1: 4, 6, 9 → NPS (1 − 2)/3; index (32.5 + 55 + 82.5)/3.
    const q1 = q.get('2026-Q1') as { nps: number; summaryIndex: number; n: number };
    expect(q1.n).toBe(3);
    expect(q1.nps).toBeCloseTo(-100 / 3, 6);
    expect(q1.summaryIndex).toBeCloseTo(170 / 3, 6);
  });
});

describe('account settings', () => {
  it('defaults to the relationship survey’s index, target 70, median revenue, weights 1 and a year', async () => {
    const w = await world();
    const body = (await get('/api/v1/analytics/account-settings', w.bankingManager)).json();
    expect(body.settings).toEqual({ summaryIndex: null, surveyIds: null, scoreTarget: 70, revenueThreshold: null, roleWeights: {}, windowDays: 365 });
    expect(body.effective.surveys).toEqual([{ id: w.surveyId, title: 'Relationship' }]);
    expect(body.effective.summaryIndex.items.map((i: { key: string }) => i.key)).toEqual(['nps', 'promise', 'parts.speed', 'parts.care']);
    expect(body.canConfigure).toBe(false);
  });

  it('is changed by admins and analysts at company level only, validated and audited', async () => {
    const w = await world();
    const url = '/api/v1/analytics/account-settings';
    expectError(await c.app.inject({ method: 'PUT', url, headers: w.bankingManager, payload: { scoreTarget: 60 } }), 403, 'forbidden');
    const marketAnalyst = (await signIn(c, 'analyst', w.co.banking.id)).headers;
    expectError(await c.app.inject({ method: 'PUT', url, headers: marketAnalyst, payload: { scoreTarget: 60 } }), 400, 'validation_failed');
    expectValidation(await c.app.inject({ method: 'PUT', url, headers: w.admin, payload: { scoreTarget: 150, windowDays: 3 } }), 'scoreTarget', 'windowDays');
    expectValidation(await c.app.inject({ method: 'PUT', url, headers: w.admin, payload: { surveyIds: ['00000000-0000-4000-8000-000000000000'] } }), 'surveyIds.0');
    const index = { items: [{ key: 'nps', weight: 3, min: 0, max: 10 }, { key: 'promise', weight: 1, min: 1, max: 5 }] };
    const res = await c.app.inject({ method: 'PUT', url, headers: w.admin, payload: { summaryIndex: index, surveyIds: [w.surveyId], windowDays: 90 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().effective.summaryIndex).toEqual(index);
    const audit = await c.handle.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'analytics.account_settings.update').where('entity_id', '=', w.co.company.id).execute();
    expect(audit).toHaveLength(1);
    // The 90-day window (2025-12-11 … 2026-03-10) and the weighted index: Zenith's one answer (6, 3) → (3·60 + 50)/4.
    const body = (await get('/api/v1/analytics/accounts', w.admin)).json();
    expect(body.window).toEqual({ from: '2025-12-11', to: '2026-03-10' });
    expect(body.accounts.find((a: Placement) => a.code === 'ZEN').summaryIndex).toBeCloseTo(230 / 4, 6);
  });

  it('answers 400 for a window that ends before it starts', async () => {
    const w = await world();
    expectValidation(await get('/api/v1/analytics/accounts?from=2026-03-01&to=2026-02-01', w.admin), 'from');
    expectValidation(await get('/api/v1/analytics/accounts?owner=someone', w.admin), 'owner');
  });
});
