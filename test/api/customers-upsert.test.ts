import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestCompany } from '../support/factories.ts';
import { expectError, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
beforeAll(async () => {
  c = await openTestCorridor();
});
afterAll(async () => c?.stop());

async function setup(): Promise<{ co: TestCompany; admin: Headers; owner: { id: string; email: string } }> {
  const co = await makeCompany(c.handle.db);
  const { headers } = await signIn(c, 'admin', co.company.id);
  const owner = await makeUser(c.handle.db, 'agent', co.banking.id);
  return { co, admin: headers, owner };
}

const post = (url: string, headers: Headers, payload: unknown) => c.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

async function counts(co: TestCompany): Promise<{ accounts: number; contacts: number; audit: number }> {
  const { rows } = await sql<{ accounts: number; contacts: number; audit: number }>`
    select (select count(*)::int from accounts where company_id = ${co.company.id}) as accounts,
           (select count(*)::int from contacts where company_id = ${co.company.id}) as contacts,
           (select count(*)::int from audit_log a join units u on u.id = a.unit_id where u.path like ${`${co.company.path}%`}) as audit`.execute(c.handle.db);
  return rows[0] ?? { accounts: -1, contacts: -1, audit: -1 };
}

describe('POST /api/v1/accounts', () => {
  it('creates, then updates and leaves unchanged rows alone, with one audit entry per call', async () => {
    const { co, admin, owner } = await setup();
    const rows = [
      { crmId: 'A-1', name: 'Acme Bank', code: 'ACME', unit: 'EMEA', ownerEmail: owner.email, billedRevenue: 120_000, bookedRevenue: 30_000, potentialRevenue: 50_000, revenuePeriod: 'FY2026', keyAccount: true, attributes: { tier: 'gold' } },
      { crmId: 'A-2', name: 'Beta Insurance', unitId: co.insurance.id },
    ];
    const first = await post('/api/v1/accounts', admin, { rows });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, errors: [] });
    const stored = await c.handle.db.selectFrom('accounts').selectAll().where('company_id', '=', co.company.id).orderBy('crm_id').execute();
    expect(stored[0]).toMatchObject({ crm_id: 'A-1', unit_id: co.bankingEmea.id, owner_user_id: owner.id, billed_revenue: 120_000, booked_revenue: 30_000, potential_revenue: 50_000, revenue_period: 'FY2026', key_account: true, status: 'active', attributes: { tier: 'gold' } });
    expect(stored[1]).toMatchObject({ crm_id: 'A-2', unit_id: co.insurance.id, key_account: false, owner_user_id: null });

    const second = await post('/api/v1/accounts', admin, { rows: [{ crmId: 'A-1', name: 'Acme Bank', billedRevenue: 150_000, attributes: { segment: 'retail' } }, { crmId: 'A-2', name: 'Beta Insurance' }] });
    expect(second.json()).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0, errors: [] });
    const acme = await c.handle.db.selectFrom('accounts').selectAll().where('company_id', '=', co.company.id).where('crm_id', '=', 'A-1').executeTakeFirstOrThrow();
    expect(acme).toMatchObject({ billed_revenue: 150_000, booked_revenue: 30_000, owner_user_id: owner.id, attributes: { tier: 'gold', segment: 'retail' } });
    const audit = await c.handle.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'accounts.upsert').where('unit_id', '=', co.company.id).orderBy('id').execute();
    expect(audit.map((a) => a.details)).toEqual([
      { source: 'api', mode: 'all-or-nothing', created: 2, updated: 0, unchanged: 0, skipped: 0 },
      { source: 'api', mode: 'all-or-nothing', created: 0, updated: 1, unchanged: 1, skipped: 0 },
    ]);
  });

  it('reports every kind of bad row with its number and writes nothing (all-or-nothing)', async () => {
    const { co, admin } = await setup();
    const before = await counts(co);
    const res = await post('/api/v1/accounts', admin, {
      rows: [
        { crmId: 'OK-1', name: 'Fine' },
        { name: 'No key' },
        { crmId: 'B-3', name: 'Code too long', code: 'ABCDEFGHIJ' },
        { crmId: 'B-4', name: 'Nobody', ownerEmail: 'nobody@example.test' },
        { crmId: 'B-5', name: 'Nowhere', unit: 'Atlantis' },
        { crmId: 'B-6', name: 'Bad money', billedRevenue: -5, status: 'sleeping' },
        { crmId: 'B-7', name: 'Typo', colour: 'red' },
        { crmId: 'OK-1', name: 'Again' },
        { crmId: 'B-9' },
        'not an object',
      ],
    });
    const error = expectError(res, 400, 'invalid_rows');
    const found = (error.details as { row: number; field: string; code: string }[]).map((e) => [e.row, e.field, e.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        [2, 'crmId', 'required'],
        [3, 'code', 'invalid'],
        [4, 'ownerEmail', 'unknown_owner'],
        [5, 'unit', 'unknown_unit'],
        [6, 'billedRevenue', 'invalid'],
        [6, 'status', 'invalid'],
        [7, 'colour', 'unknown_field'],
        [8, 'crmId', 'duplicate_key'],
        [9, 'name', 'required'],
        [10, '', 'invalid'],
      ]),
    );
    expect(new Set(found.map((f) => f[0]))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(await counts(co)).toEqual(before);
  });

  it('writes the good rows and reports the bad ones with skip-bad-rows', async () => {
    const { co, admin } = await setup();
    const res = await post('/api/v1/accounts', admin, { mode: 'skip-bad-rows', rows: [{ crmId: 'G-1', name: 'Good' }, { crmId: 'G-2', name: 'Bad', keyAccount: 'maybe' }, { crmId: 'G-3', name: 'Good too' }] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, updated: 0, unchanged: 0, skipped: 1 });
    expect(body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([[2, 'keyAccount']]);
    expect((await counts(co)).accounts).toBe(2);
  });

  it("refuses rows outside the caller's scope: another market's unit or account", async () => {
    const { co, admin } = await setup();
    await post('/api/v1/accounts', admin, { rows: [{ crmId: 'INS-1', name: 'Insurer', unit: 'Insurance' }] });
    const analyst = (await signIn(c, 'analyst', co.banking.id)).headers;
    const res = await post('/api/v1/accounts', analyst, { rows: [{ crmId: 'INS-1', name: 'Taken over' }, { crmId: 'NEW-1', name: 'Elsewhere', unitId: co.insurance.id }, { crmId: 'NEW-2', name: 'Mine', unit: 'EMEA' }] });
    const error = expectError(res, 400, 'invalid_rows');
    expect((error.details as { row: number; code: string }[]).map((e) => [e.row, e.code])).toEqual([
      [1, 'out_of_scope'],
      [2, 'out_of_scope'],
    ]);
    const ok = await post('/api/v1/accounts', analyst, { rows: [{ crmId: 'NEW-2', name: 'Mine' }] });
    expect(ok.json()).toMatchObject({ created: 1 });
    const mine = await c.handle.db.selectFrom('accounts').select('unit_id').where('company_id', '=', co.company.id).where('crm_id', '=', 'NEW-2').executeTakeFirstOrThrow();
    expect(mine.unit_id).toBe(co.banking.id);
  });

  it('is refused to roles without customers.write, and above 10,000 rows', async () => {
    const { co, admin } = await setup();
    for (const role of ['manager', 'agent', 'viewer'] as const) {
      const { headers } = await signIn(c, role, co.company.id);
      expectError(await post('/api/v1/accounts', headers, { rows: [{ crmId: 'X', name: 'X' }] }), 403, 'forbidden');
      expectError(await post('/api/v1/contacts', headers, { rows: [{ email: 'x@example.test' }] }), 403, 'forbidden');
    }
    const many = Array.from({ length: 10_001 }, (_, i) => ({ crmId: `M-${i}`, name: `Many ${i}` }));
    const res = await post('/api/v1/accounts', admin, { rows: many });
    expectError(res, 400, 'validation_failed');
    expect((await counts(co)).accounts).toBe(0);
  });

  it('takes 10,000 rows in one call', async () => {
    const { co, admin } = await setup();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ crmId: `N-${i}`, name: `Account ${i}`, billedRevenue: i }));
    const res = await post('/api/v1/accounts', admin, { rows });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ created: 10_000 });
    expect((await counts(co)).accounts).toBe(10_000);
  });
});

describe('POST /api/v1/contacts', () => {
  it("creates contacts in their account's unit, finds them again by email or CRM id, and never clears an opt-out", async () => {
    const { co, admin } = await setup();
    await post('/api/v1/accounts', admin, { rows: [{ crmId: 'A-1', name: 'Acme', unit: 'EMEA' }] });
    const res = await post('/api/v1/contacts', admin, {
      rows: [
        { email: 'Ana@Acme.test', crmId: 'C-1', accountCrmId: 'A-1', name: 'Ana Silva', locale: 'de-CH', timeZone: 'Europe/Zurich', audienceRole: 'architect', consent: 'granted', attributes: { city: 'Basel' } },
        { email: 'ben@acme.test', accountCrmId: 'A-1', optedOut: true },
        { email: 'cy@solo.test' },
      ],
    });
    expect(res.json()).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, errors: [] });
    const rows = await c.handle.db.selectFrom('contacts').selectAll().where('company_id', '=', co.company.id).orderBy('email').execute();
    expect(rows.map((r) => [r.email, r.unit_id, r.locale, r.time_zone, r.consent, r.opted_out_at !== null])).toEqual([
      ['Ana@Acme.test', co.bankingEmea.id, 'de-CH', 'Europe/Zurich', 'granted', false],
      ['ben@acme.test', co.bankingEmea.id, 'en', 'UTC', 'unknown', true],
      ['cy@solo.test', co.company.id, 'en', 'UTC', 'unknown', false],
    ]);
    const again = await post('/api/v1/contacts', admin, {
      rows: [
        { crmId: 'C-1', email: 'ana.silva@acme.test' },
        { email: 'BEN@acme.test', optedOut: false, name: 'Ben' },
        { email: 'cy@solo.test' },
      ],
    });
    expect(again.json()).toEqual({ created: 0, updated: 2, unchanged: 1, skipped: 0, errors: [] });
    const ben = await c.handle.db.selectFrom('contacts').selectAll().where('company_id', '=', co.company.id).where('email', '=', 'ben@acme.test').executeTakeFirstOrThrow();
    expect(ben.opted_out_at).not.toBeNull();
    expect(ben.name).toBe('Ben');
    const ana = await c.handle.db.selectFrom('contacts').select('email').where('company_id', '=', co.company.id).where('crm_id', '=', 'C-1').executeTakeFirstOrThrow();
    expect(ana.email).toBe('ana.silva@acme.test');
  });

  it('reports bad contact rows: locale, time zone, consent, unknown account, missing key, duplicates', async () => {
    const { co, admin } = await setup();
    await post('/api/v1/contacts', admin, { rows: [{ email: 'taken@x.test', crmId: 'T-1' }, { email: 'other@x.test', crmId: 'T-2' }] });
    const before = await counts(co);
    const res = await post('/api/v1/contacts', admin, {
      rows: [
        { email: 'a@x.test', locale: 'english please' },
        { email: 'b@x.test', timeZone: 'Mars/Olympus' },
        { email: 'c@x.test', consent: 'maybe' },
        { email: 'd@x.test', accountCrmId: 'NOPE' },
        { name: 'No key' },
        { email: 'D@x.test', name: 'Again' },
        { crmId: 'T-1', email: 'other@x.test' },
        { crmId: 'NEW', email: 'not-an-email' },
        { crmId: 'ONLY-CRM' },
      ],
    });
    const error = expectError(res, 400, 'invalid_rows');
    expect((error.details as { row: number; field: string; code: string }[]).map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'locale', 'invalid'],
      [2, 'timeZone', 'invalid'],
      [3, 'consent', 'invalid'],
      [5, 'email', 'invalid'],
      [6, 'email', 'duplicate_key'],
      [8, 'email', 'invalid'],
      [4, 'accountCrmId', 'unknown_account'],
      [7, 'email', 'duplicate_email'],
      [9, 'email', 'required'],
    ]);
    expect(await counts(co)).toEqual(before);
  });
});
