import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../test/support/corridor.ts';
import { makeCompany, makeUser, type TestCompany } from '../../test/support/factories.ts';
import { importCustomersFile } from './import-customers.ts';

let c: Awaited<ReturnType<typeof openTestCorridor>>;
const dir = mkdtempSync(path.join(tmpdir(), 'corridor-customers-'));
beforeAll(async () => {
  c = await openTestCorridor();
});
afterAll(async () => c?.stop());

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function counts(co: TestCompany): Promise<{ accounts: number; contacts: number; audit: number }> {
  const { rows } = await sql<{ accounts: number; contacts: number; audit: number }>`
    select (select count(*)::int from accounts where company_id = ${co.company.id}) as accounts,
           (select count(*)::int from contacts where company_id = ${co.company.id}) as contacts,
           (select count(*)::int from audit_log a join units u on u.id = a.unit_id where u.path like ${`${co.company.path}%`}) as audit`.execute(c.handle.db);
  return rows[0] ?? { accounts: -1, contacts: -1, audit: -1 };
}

describe('corridor import accounts|contacts', () => {
  it('imports accounts with attributes from other columns, then contacts linked to them', async () => {
    const co = await makeCompany(c.handle.db);
    const owner = await makeUser(c.handle.db, 'manager', co.banking.id);
    const accounts = csv('accounts.csv', `\ufeffcrm_id,name,code,unit,owner_email,billed_revenue,booked_revenue,potential_revenue,revenue_period,key_account,status,industry,attr.tier\nA-1,Acme Bank,ACB,EMEA,${owner.email},"120 000",5000,9000,FY2026,yes,active,Retail,gold\nA-2,"Beta, Insurance",,Insurance,,,,,,no,defected,,\n`);
    const result = await importCustomersFile(c.services, 'accounts', accounts, { skipBadRows: false, unit: co.company.id });
    expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0, rolledBack: false, errors: [] });
    const rows = await c.handle.db.selectFrom('accounts').selectAll().where('company_id', '=', co.company.id).orderBy('crm_id').execute();
    expect(rows.map((r) => [r.name, r.unit_id, r.owner_user_id, r.billed_revenue, r.key_account, r.status, r.attributes])).toEqual([
      ['Acme Bank', co.bankingEmea.id, owner.id, 120_000, true, 'active', { industry: 'Retail', tier: 'gold' }],
      ['Beta, Insurance', co.insurance.id, null, null, false, 'defected', {}],
    ]);
    const contacts = csv('contacts.csv', 'email,crm_id,account_crm_id,name,locale,time_zone,audience_role,consent,opted_out,city\nana@acme.test,C-1,A-1,Ana,de-CH,Europe/Zurich,architect,granted,no,Basel\nbo@beta.test,,A-2,Bo,en,America/New_York,distributor,unknown,yes,\n');
    expect(await importCustomersFile(c.services, 'contacts', contacts, { skipBadRows: false, unit: co.company.id })).toMatchObject({ created: 2, errors: [] });
    const stored = await c.handle.db.selectFrom('contacts').selectAll().where('company_id', '=', co.company.id).orderBy('email').execute();
    expect(stored.map((r) => [r.email, r.unit_id, r.time_zone, r.opted_out_at !== null, r.opt_out_source, r.attributes])).toEqual([
      ['ana@acme.test', co.bankingEmea.id, 'Europe/Zurich', false, null, { city: 'Basel' }],
      ['bo@beta.test', co.insurance.id, 'America/New_York', true, 'import', {}],
    ]);
    expect(await importCustomersFile(c.services, 'accounts', accounts, { skipBadRows: false, unit: co.company.id })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('leaves the database unchanged when a file has bad rows, and reports each by line and column', async () => {
    const co = await makeCompany(c.handle.db);
    await importCustomersFile(c.services, 'accounts', csv('seed.csv', 'crm_id,name\nS-1,Seed\n'), { skipBadRows: false, unit: co.company.id });
    const before = await counts(co);
    const file = csv('bad.csv', 'crm_id,name,billed_revenue,unit,key_account\nS-1,Renamed,10,,\nN-1,New,lots,,\n\nN-2,,5,,\nN-3,Three,,Atlantis,\nN-4,Four,,,perhaps\n');
    const result = await importCustomersFile(c.services, 'accounts', file, { skipBadRows: false, unit: co.company.id });
    expect(result.rolledBack).toBe(true);
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'billed_revenue', 'invalid'],
      [7, 'key_account', 'invalid'],
      [5, 'name', 'required'],
      [6, 'unit', 'unknown_unit'],
    ]);
    expect(await counts(co)).toEqual(before);
    const name = await c.handle.db.selectFrom('accounts').select('name').where('company_id', '=', co.company.id).where('crm_id', '=', 'S-1').executeTakeFirstOrThrow();
    expect(name.name).toBe('Seed');
    const skipped = await importCustomersFile(c.services, 'accounts', file, { skipBadRows: true, unit: co.company.id });
    expect(skipped).toMatchObject({ created: 0, updated: 1, skipped: 4, rolledBack: false });
  });

  it('refuses a file without its key column before reading any row', async () => {
    const co = await makeCompany(c.handle.db);
    await expect(importCustomersFile(c.services, 'contacts', csv('nokey.csv', 'name,locale\nAna,en\n'), { skipBadRows: true, unit: co.company.id })).rejects.toMatchObject({ code: 'missing_columns' });
    await expect(importCustomersFile(c.services, 'accounts', csv('nokey2.csv', 'name\nAcme\n'), { skipBadRows: true, unit: co.company.id })).rejects.toThrow(/crm_id/);
    expect((await counts(co)).audit).toBe(0);
  });
});
