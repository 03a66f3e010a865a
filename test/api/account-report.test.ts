import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountReport, ReportLinkCreated, ReportLinkList } from '../../src/contract/reviews.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * The account report to share with a customer: the account's own scores and comments, nothing
 * internal (revenue, the team's assessment and its note, owner, contact addresses, other accounts);
 * readable in scope only; a share link opens it without login until it expires or is revoked.
 */

let now = new Date('2030-06-30T12:00:00Z');
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let banking: Headers;
let insurance: Headers;
let acme = '';

const SECRET_NOTE = 'Internal: they will churn unless we discount';

beforeAll(async () => {
  c = await openTestCorridor({ now: () => now, rateLimits: { login: 1_000, respond: 5 } });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  banking = (await signIn(c, 'manager', co.banking.id)).headers;
  insurance = (await signIn(c, 'manager', co.insurance.id)).headers;
  const rows = [
    { crmId: 'A-1', name: 'Acme <Bank>', unit: 'Banking', billedRevenue: 987_654 },
    { crmId: 'O-1', name: 'Other Bank', unit: 'Banking', billedRevenue: 1_000 },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload: { rows } })).statusCode).toBe(200);
  const contacts = [
    { email: 'eve.secret@acme.test', accountCrmId: 'A-1', name: 'Eve Exec' },
    { email: 'olga@other.test', accountCrmId: 'O-1', name: 'Olga' },
  ];
  expect((await c.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin, payload: { rows: contacts } })).statusCode).toBe(200);
  const accounts = await c.handle.db.selectFrom('accounts').select(['id', 'crm_id', 'unit_id']).where('company_id', '=', co.company.id).execute();
  const people = await c.handle.db.selectFrom('contacts').select(['id', 'account_id']).where('company_id', '=', co.company.id).execute();
  acme = accounts.find((a) => a.crm_id === 'A-1')?.id ?? '';
  const other = accounts.find((a) => a.crm_id === 'O-1')?.id ?? '';
  const contactOf = (account: string) => people.find((p) => p.account_id === account)?.id ?? null;
  const assess = await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/assessments`, headers: admin, payload: { rating: 'superior', note: SECRET_NOTE } });
  expect(assess.statusCode, assess.body).toBe(201);
  const survey = await liveSurvey(c, admin, {
    title: 'Relationship',
    definition: { questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }, { id: 'why', type: 'text', text: 'Why?' }] },
  });
  const answer = (account: string, at: string, nps: number, why?: string) => ({ answers: { nps, ...(why ? { why } : {}) }, submittedAt: new Date(at), accountId: account, contactId: contactOf(account), unitId: co.banking.id });
  await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
    answer(acme, '2030-05-10T10:00:00Z', 10, 'Support <script>alert(1)</script> was great'),
    answer(acme, '2030-05-12T10:00:00Z', 3, 'Invoices are wrong'),
    answer(acme, '2030-05-20T10:00:00Z', 7),
    answer(acme, '2029-11-02T10:00:00Z', 9),
    answer(other, '2030-05-10T10:00:00Z', 0, 'Other bank complaint'),
  ]);
});
afterAll(async () => c?.stop());

async function share(h: Headers, account = acme, body: object = {}): Promise<ReportLinkCreated> {
  const res = await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${account}/report-links`, headers: h, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const open = (url: string) => c.app.inject({ method: 'GET', url: new URL(url).pathname });

describe('account report', () => {
  it("shows the account's scores by quarter and its comments, and nothing internal", async () => {
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/accounts/${acme}/report`, headers: banking });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<AccountReport>();
    expect(r.account.name).toBe('Acme <Bank>');
    expect(r.quarters).toHaveLength(8);
    // 2030-Q2: 10, 3, 7 → one promoter, one detractor of three → 0; 2029-Q4: a 9 → 100.
    expect(r.quarters.find((q) => q.quarter === '2030-Q2')).toEqual({ quarter: '2030-Q2', nps: 0, n: 3 });
    expect(r.quarters.find((q) => q.quarter === '2029-Q4')).toEqual({ quarter: '2029-Q4', nps: 100, n: 1 });
    expect(r.comments.map((x) => x.text)).toEqual(['Invoices are wrong', 'Support <script>alert(1)</script> was great']);
    const body = res.body;
    for (const secret of [SECRET_NOTE, 'superior', '987654', 'eve.secret', 'Eve Exec', 'Other bank']) expect(body).not.toContain(secret);
  });

  it('is out of reach outside the account’s units', async () => {
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/accounts/${acme}/report`, headers: insurance }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/report-links`, headers: insurance, payload: {} }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/accounts/${acme}/report` }), 401, 'unauthenticated');
  });

  it('opens through a share link without login, escaped, with nothing internal, and audits it', async () => {
    const link = await share(banking);
    expect(link.url).toMatch(/^http:\/\/corridor\.test\/r\/r_[A-Za-z0-9_-]{43}$/);
    const token = link.url.split('/r/')[1] ?? '';
    const stored = await c.handle.db.selectFrom('account_report_links').select(['token_hash']).where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const res = await open(link.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Acme &#60;Bank&#62;');
    expect(res.body).toContain('Support &#60;script&#62;alert(1)&#60;/script&#62; was great');
    expect(res.body).not.toMatch(/<script/i);
    for (const secret of [SECRET_NOTE, 'superior', '987654', '987,654', 'eve.secret', 'Eve Exec', 'Other bank', acme]) expect(res.body).not.toContain(secret);
    const audit = await c.handle.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', link.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['account_report.share', 'account_report.open']);
    const list = (await c.app.inject({ method: 'GET', url: `/api/v1/accounts/${acme}/report-links`, headers: admin })).json<ReportLinkList>();
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list.links.find((l) => l.id === link.id)?.lastOpenedAt).toBe(now.toISOString());
  });

  it('stops working when revoked or expired, and a guessed token finds nothing', async () => {
    const link = await share(admin, acme, { expiresInDays: 2 });
    const revoked = await share(admin);
    const res = await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/report-links/${revoked.id}/revoke`, headers: banking, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    expect((await open(revoked.url)).statusCode).toBe(404);
    expect((await open('http://corridor.test/r/r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    now = new Date(now.getTime() + 3 * 86_400_000);
    const gone = await open(link.url);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toContain('This link does not work');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/report-links`, headers: admin, payload: { expiresInDays: 365 } }), 400, 'validation_failed');
  });

  it('is rate-limited for each client', async () => {
    const link = await share(admin);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await c.app.inject({ method: 'GET', url: new URL(link.url).pathname, remoteAddress: '203.0.113.9' })).statusCode);
    expect(codes.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
