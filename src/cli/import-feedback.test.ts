import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../test/support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../../test/support/factories.ts';
import { importFeedbackFile } from './import-feedback.ts';

let c: Awaited<ReturnType<typeof openTestCorridor>>;
const dir = mkdtempSync(path.join(tmpdir(), 'corridor-feedback-'));
beforeAll(async () => {
  c = await openTestCorridor({ now: () => new Date('2026-11-20T10:00:00Z') });
});
afterAll(async () => c?.stop());

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function counts(co: TestCompany): Promise<{ items: number; audit: number }> {
  const { rows } = await sql<{ items: number; audit: number }>`
    select (select count(*)::int from feedback_items where company_id = ${co.company.id}) as items,
           (select count(*)::int from audit_log where action = 'feedback.import' and unit_id = ${co.company.id}) as audit`.execute(c.handle.db);
  return rows[0] ?? { items: -1, audit: -1 };
}

/** A company with an account, a contact of it and a touch point that files can name. */
async function setUp(): Promise<{ co: TestCompany; crmId: string; email: string; accountId: string; contactId: string; touchPointId: string }> {
  const co = await makeCompany(c.handle.db);
  const contact = await makeContact(c.handle.db, co.bankingEmea.id);
  const account = await c.handle.db.selectFrom('accounts').select('crm_id').where('id', '=', contact.accountId).executeTakeFirstOrThrow();
  const person = await c.handle.db.selectFrom('contacts').select('email').where('id', '=', contact.id).executeTakeFirstOrThrow();
  const tp = await c.handle.db
    .insertInto('touch_points')
    .values({ company_id: co.company.id, key: 'claims', name: 'Claim handling', stage: 'service', channel: 'phone', owning_function: 'claims' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { co, crmId: account.crm_id, email: person.email, accountId: contact.accountId, contactId: contact.id, touchPointId: tp.id };
}

describe('corridor import feedback', () => {
  it('imports every kind with its references, and importing the file again changes nothing', async () => {
    const s = await setUp();
    const file = csv(
      'good.csv',
      `\ufeffkind,title,body,author,date,unit,account,contact,touch point,external_id\n` +
        `interview,Quarterly review,"The advisor was great, but the invoice was wrong again.",Lena Weber,2026-10-02,Banking / EMEA,${s.crmId},${s.email.toUpperCase()},claim handling,INT-1\n` +
        `focus_group,,Claims take too long to settle,Moderator,2026-10-05,Insurance,,,Claim handling,FG-1\n` +
        `forum_post,,"Love the new portal ""beta""",Community,2026-10-07,Banking,,,,\n` +
        `observation,Branch visit,Queue of twelve at noon,Tom Okafor,2026-10-08,EMEA,,,,OBS-1\n` +
        `complaint_letter,Billing,Charged twice in September,Post room,2026-10-09,Insurance,,,,LET-1\n`,
    );
    const progress: number[] = [];
    const result = await importFeedbackFile(c.services, file, { unit: s.co.company.id, onProgress: (seen) => progress.push(seen) });
    expect(result).toMatchObject({ created: 5, updated: 0, unchanged: 0, rolledBack: false, errors: [] });
    expect(progress.at(-1)).toBe(5);
    const rows = await c.handle.db.selectFrom('feedback_items').selectAll().where('company_id', '=', s.co.company.id).orderBy('occurred_at').execute();
    expect(rows.map((r) => [r.kind, r.title, r.author, r.occurred_at.toISOString().slice(0, 10), r.unit_id, r.account_id, r.contact_id, r.touch_point_id, r.external_id])).toEqual([
      ['interview', 'Quarterly review', 'Lena Weber', '2026-10-02', s.co.bankingEmea.id, s.accountId, s.contactId, s.touchPointId, 'INT-1'],
      ['focus_group', null, 'Moderator', '2026-10-05', s.co.insurance.id, null, null, s.touchPointId, 'FG-1'],
      ['forum_post', null, 'Community', '2026-10-07', s.co.banking.id, null, null, null, null],
      ['observation', 'Branch visit', 'Tom Okafor', '2026-10-08', s.co.bankingEmea.id, null, null, null, 'OBS-1'],
      ['complaint_letter', 'Billing', 'Post room', '2026-10-09', s.co.insurance.id, null, null, null, 'LET-1'],
    ]);
    expect(rows[2]?.body).toBe('Love the new portal "beta"');
    expect(await counts(s.co)).toEqual({ items: 5, audit: 1 });

    // Again, with the rows that carry an external id: nothing changes; one changed row updates its item.
    const keyed = csv('keyed.csv', `kind,body,author,date,unit,touch_point,external_id\nfocus_group,Claims take too long to settle,Moderator,2026-10-05,Insurance,claims,FG-1\ncomplaint_letter,Charged twice in September and October,Post room,2026-10-09,Insurance,,LET-1\n`);
    const again = await importFeedbackFile(c.services, keyed, { unit: s.co.company.id });
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 1, rolledBack: false });
    const letter = await c.handle.db.selectFrom('feedback_items').select(['body', 'title']).where('company_id', '=', s.co.company.id).where('external_id', '=', 'LET-1').executeTakeFirstOrThrow();
    // A column left out, or a cell left empty, is what the row says: the title is gone.
    expect(letter).toEqual({ body: 'Charged twice in September and October', title: null });
    expect(await importFeedbackFile(c.services, keyed, { unit: s.co.company.id })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect((await counts(s.co)).items).toBe(5);
  });

  it('reports every bad row by line and column, and writes nothing', async () => {
    const s = await setUp();
    await importFeedbackFile(c.services, csv('seed.csv', 'kind,body,author,date,unit,external_id\ninterview,Seed,Ana,2026-10-01,Banking,S-1\n'), { unit: s.co.company.id });
    const before = await counts(s.co);
    const file = csv(
      'bad.csv',
      'kind,body,author,date,unit,account,contact,touch_point,external_id\n' +
        'interview,Changed seed,Ana,2026-10-01,Banking,,,,S-1\n' +
        'gossip,Heard in the lift,Ana,2026-10-02,Banking,,,,\n' +
        '\n' +
        'interview,,Ana,02.10.2026,Banking,,,,\n' +
        'observation,Seen,Tom,2026-10-03,Atlantis,NO-SUCH-CRM,nobody@example.test,Teleport,\n' +
        'observation,Seen again,Tom,2026-12-25,Banking,,,,S-1\n',
    );
    const result = await importFeedbackFile(c.services, file, { unit: s.co.company.id });
    expect(result.rolledBack).toBe(true);
    expect(result.badRows).toBe(4);
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'kind', 'invalid'],
      [5, 'body', 'required'],
      [5, 'date', 'invalid'],
      [6, 'unit', 'unknown_unit'],
      [6, 'account', 'unknown_account'],
      [6, 'contact', 'unknown_contact'],
      [6, 'touch_point', 'unknown_touch_point'],
      [7, 'date', 'invalid'],
      [7, 'external_id', 'duplicate_key'],
    ]);
    for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
    expect(await counts(s.co)).toEqual(before);
    const seed = await c.handle.db.selectFrom('feedback_items').select('body').where('company_id', '=', s.co.company.id).where('external_id', '=', 'S-1').executeTakeFirstOrThrow();
    expect(seed.body).toBe('Seed');
  });

  it('refuses a file without its required columns, or with unknown ones, before reading any row', async () => {
    const s = await setUp();
    await expect(importFeedbackFile(c.services, csv('nobody.csv', 'kind,author,date,unit\ninterview,Ana,2026-10-01,Banking\n'), { unit: s.co.company.id })).rejects.toMatchObject({ code: 'missing_columns' });
    await expect(importFeedbackFile(c.services, csv('odd.csv', 'kind,body,author,date,unit,mood\ninterview,x,Ana,2026-10-01,Banking,happy\n'), { unit: s.co.company.id })).rejects.toThrow(/mood/);
    await expect(importFeedbackFile(c.services, path.join(dir, 'missing.csv'), { unit: s.co.company.id })).rejects.toMatchObject({ code: 'file_not_found' });
    expect(await counts(s.co)).toEqual({ items: 0, audit: 0 });
  });
});
