import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { exportTargetOfSlug, prepareResponseExport } from '../../src/server/modules/responses/export.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { EVERY_TYPE, EVERY_TYPE_ANSWERS } from '../support/every-type.ts';
import { makeCompany, makeContact, type TestCompany, type TestContact } from '../support/factories.ts';
import { plainRows, readXlsx } from '../support/xlsx-read.ts';
import { expectError, expectValidation, liveSurvey, publish, signIn, type Headers, type TestCorridor } from './helpers.ts';

// The export is compared with the responses as stored (read straight from the table), and with the
// answers written independently here: option texts for choices, "; " between several.

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;
let viewer: Headers;
let survey: SurveyDetail;
let other: SurveyDetail;
let bankingContact: TestContact;

const at = (iso: string) => new Date(iso);

/** EVERY_TYPE's answers as the export writes them, from the definition's option texts. */
const EXPECTED_V1: Record<string, string> = {
  nps: '9',
  csat: '4',
  ces: '6',
  stars: '10',
  'service.speed': '5',
  'service.care': '3',
  channel: 'Other',
  'channel.other': 'A letter',
  products: 'Cards; Savings; Other',
  'products.other': 'Insurance',
  country: 'Germany',
  priorities: 'Quality; Price; Speed',
  comment: 'Kind people',
  staff: '250',
  visit: '2026-03-31',
  email: 'ana@example.com',
  contact_ok: 'true',
  'resolution.expectation': '7',
  'resolution.experience': '4',
  source: 'email',
};

type CsvRecord = Record<string, string>;

async function download(url: string, headers: Headers) {
  return c.app.inject({ method: 'GET', url, headers });
}

function readCsv(body: string | Buffer): CsvRecord[] {
  return parse(body, { columns: true, bom: true }) as CsvRecord[];
}

async function storedResponses(surveyId: string, unitIds?: string[]) {
  let q = c.handle.db.selectFrom('responses').selectAll().where('survey_id', '=', surveyId);
  if (unitIds) q = q.where('unit_id', 'in', unitIds);
  return q.orderBy('submitted_at').orderBy('id').execute();
}

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  viewer = (await signIn(c, 'viewer', co.company.id)).headers;
  bankingContact = await makeContact(c.handle.db, co.banking.id, { name: 'Ana' }, { name: 'Banco Norte, S.A.' });

  survey = await liveSurvey(c, admin, { title: 'Every type', definition: EVERY_TYPE });
  const v1 = await findLiveSurvey(c.services, survey.slug);
  await importResponses(c.services, v1, [
    { submittedAt: at('2026-03-01T09:00:00.123Z'), unitId: co.banking.id, accountId: bankingContact.accountId, contactId: bankingContact.id, answers: EVERY_TYPE_ANSWERS, attributes: { region: 'North', product: 'Cards' }, language: 'en', channel: 'email' },
    { submittedAt: at('2026-03-02T10:00:00Z'), unitId: co.bankingEmea.id, answers: { ...EVERY_TYPE_ANSWERS, comment: '=HYPERLINK("http://evil","x")' }, attributes: { region: 'South' }, channel: 'link' },
    { submittedAt: at('2026-03-03T11:00:00Z'), unitId: co.insurance.id, answers: { ...EVERY_TYPE_ANSWERS, comment: 'insurance secret' }, attributes: { broker: 'B1' } },
  ]);
  // Version 2 drops the rating and adds a question: the export has the columns of both.
  const def = { ...EVERY_TYPE, questions: [...EVERY_TYPE.questions.filter((q) => q.id !== 'stars'), { id: 'extra', type: 'text', text: 'New in v2' }] };
  const patched = await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${survey.id}`, headers: admin, payload: { definition: def } });
  expect(patched.statusCode, patched.body).toBe(200);
  await publish(c, admin, survey.id);
  const { stars: _stars, ...v2Answers } = EVERY_TYPE_ANSWERS;
  await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
    { submittedAt: at('2026-03-04T12:00:00Z'), unitId: co.banking.id, answers: { ...v2Answers, extra: 'Second version' }, audience: null },
  ]);

  other = await liveSurvey(c, admin, { title: 'Insurance only', unitId: co.insurance.id });
});
afterAll(async () => c?.stop());

describe('GET /api/v1/surveys/:id/responses/export as CSV', () => {
  it('holds every stored response with its fields, attributes and answers of every version', async () => {
    const res = await download(`/api/v1/surveys/${survey.id}/responses/export?format=csv`, admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${survey.slug}-responses.csv"; filename*=UTF-8''${survey.slug}-responses.csv`);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const header = (parse(res.rawPayload, { bom: true, to_line: 1 }) as string[][])[0];
    expect(header).toEqual([
      // The survey has a question "channel": the response's channel column gives way.
      'response_id', 'submitted_at', 'status', 'unit', 'account', 'account_crm_id', 'contact_email', 'language', 'response_channel', 'audience', 'survey_version',
      'broker', 'product', 'region',
      // The newest version's order, then what only older versions had.
      ...Object.keys(EXPECTED_V1).filter((k) => k !== 'stars'), 'extra', 'stars',
    ]);

    const rows = readCsv(res.rawPayload);
    const stored = await storedResponses(survey.id);
    expect(rows.map((r) => r['response_id'])).toEqual(stored.map((s) => s.id));
    const versions = await c.handle.db.selectFrom('survey_versions').select(['id', 'number']).where('survey_id', '=', survey.id).execute();
    const units = new Map([co.company, co.banking, co.insurance, co.bankingEmea].map((u) => [u.id, u.name]));
    for (const [i, s] of stored.entries()) {
      const r = rows[i] ?? {};
      expect(r['submitted_at']).toBe(s.submitted_at.toISOString());
      expect(r['status']).toBe(s.status);
      expect(r['unit']).toBe(units.get(s.unit_id));
      expect(r['language']).toBe(s.language);
      expect(r['response_channel']).toBe(s.channel);
      expect(r['audience']).toBe(s.audience ?? '');
      expect(Number(r['survey_version'])).toBe(versions.find((v) => v.id === s.version_id)?.number);
      for (const k of ['broker', 'product', 'region']) expect(r[k]).toBe(s.attributes[k] ?? '');
    }
    const account = await c.handle.db.selectFrom('accounts').select(['name', 'crm_id']).where('id', '=', bankingContact.accountId).executeTakeFirstOrThrow();
    const contact = await c.handle.db.selectFrom('contacts').select('email').where('id', '=', bankingContact.id).executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({ account: 'Banco Norte, S.A.', account_crm_id: account.crm_id, contact_email: contact.email, ...EXPECTED_V1 });
    expect(rows[1]).toMatchObject({ account: '', contact_email: '', unit: 'EMEA', extra: '' });
    // Text a spreadsheet would run as a formula arrives as text.
    expect(rows[1]?.['comment']).toBe(`'=HYPERLINK("http://evil","x")`);
    const { stars: _s, ...v2 } = EXPECTED_V1;
    expect(rows[3]).toMatchObject({ ...v2, stars: '', extra: 'Second version', survey_version: '2' });
  });

  it('keeps to the days asked for, both inclusive', async () => {
    const res = await download(`/api/v1/surveys/${survey.id}/responses/export?from=2026-03-02&to=2026-03-03`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`${survey.slug}-responses-2026-03-02-to-2026-03-03.csv`);
    expect(readCsv(res.rawPayload).map((r) => r['submitted_at'])).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-03T11:00:00.000Z']);
    const none = readCsv((await download(`/api/v1/surveys/${survey.id}/responses/export?from=2030-01-01`, admin)).rawPayload);
    expect(none).toEqual([]);
  });

  it('says what to fix in a bad request', async () => {
    expectValidation(await download(`/api/v1/surveys/${survey.id}/responses/export?format=pdf`, admin), 'format');
    expectValidation(await download(`/api/v1/surveys/${survey.id}/responses/export?from=2026-3-1`, admin), 'from');
    expectValidation(await download(`/api/v1/surveys/${survey.id}/responses/export?from=2026-03-05&to=2026-03-01`, admin), 'to');
  });
});

describe('the export as XLSX', () => {
  it('opens back with the same responses, numbers as numbers and times as dates', async () => {
    const res = await download(`/api/v1/surveys/${survey.id}/responses/export?format=xlsx`, admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(`${survey.slug}-responses.xlsx`);
    const { rows } = readXlsx(new Uint8Array(res.rawPayload));
    const header = rows[0]?.map((h) => h?.value) ?? [];
    const col = (name: string) => header.indexOf(name);
    const stored = await storedResponses(survey.id);
    expect(rows.slice(1).map((r) => r[col('response_id')]?.value)).toEqual(stored.map((s) => s.id));
    for (const [i, s] of stored.entries()) {
      const row = rows[i + 1] ?? [];
      expect(row[col('submitted_at')]).toEqual({ type: 'date', value: s.submitted_at });
      expect(row[col('nps')]).toEqual({ type: 'number', value: s.answers['nps'] });
      expect(row[col('service.care')]).toEqual({ type: 'number', value: s.answers['service.care'] });
      expect(row[col('contact_ok')]).toEqual({ type: 'boolean', value: true });
      expect(row[col('survey_version')]?.type).toBe('number');
    }
    const first = rows[1] ?? [];
    expect(first[col('products')]).toEqual({ type: 'string', value: 'Cards; Savings; Other' });
    expect(first[col('account')]).toEqual({ type: 'string', value: 'Banco Norte, S.A.' });
    expect(first[col('region')]).toEqual({ type: 'string', value: 'North' });
    // An inline string is never evaluated: the text stays as typed.
    expect(rows[2]?.[col('comment')]).toEqual({ type: 'string', value: '=HYPERLINK("http://evil","x")' });
    expect(plainRows(rows).every((r) => r.length <= header.length)).toBe(true);
  });
});

describe('who may export what', () => {
  it('gives a market manager their market’s responses only, in both formats', async () => {
    const mine = (await storedResponses(survey.id, [co.banking.id, co.bankingEmea.id])).map((s) => s.id);
    expect(mine).toHaveLength(3);
    const csv = await download(`/api/v1/surveys/${survey.id}/responses/export`, bankingManager);
    expect(csv.statusCode).toBe(200);
    expect(readCsv(csv.rawPayload).map((r) => r['response_id'])).toEqual(mine);
    expect(csv.body).not.toContain('insurance secret');
    // Nor the names of attributes only another market's responses carry.
    expect(csv.body.split('\r\n')[0]).not.toContain('broker');
    const xlsx = await download(`/api/v1/surveys/${survey.id}/responses/export?format=xlsx`, bankingManager);
    const { rows } = readXlsx(new Uint8Array(xlsx.rawPayload));
    expect(rows.slice(1).map((r) => r[0]?.value)).toEqual(mine);
    expect(JSON.stringify(rows)).not.toContain('insurance secret');
  });

  it('answers 404 for another market’s survey, 403 to a viewer and 401 to nobody', async () => {
    expectError(await download(`/api/v1/surveys/${other.id}/responses/export`, bankingManager), 404, 'not_found');
    expectError(await download(`/api/v1/surveys/${survey.id}/responses/export`, viewer), 403, 'forbidden');
    expectError(await download(`/api/v1/surveys/${survey.id}/responses/export`, {}), 401, 'unauthenticated');
  });
});

describe('reading in batches', () => {
  it('neither skips nor repeats responses that share a millisecond, across batch boundaries', async () => {
    const s = await liveSurvey(c, admin, { title: 'Ties' });
    const live = await findLiveSurvey(c.services, s.slug);
    await importResponses(c.services, live, Array.from({ length: 7 }, (_, i) => ({ submittedAt: at('2026-01-01T00:00:00Z'), answers: { nps: i } })));
    // Times a millisecond cannot tell apart: the cursor must keep the microseconds.
    await c.handle.db.updateTable('responses').set({ submitted_at: at('2026-01-02T00:00:00Z') }).where('survey_id', '=', s.id).execute();
    const ids = (await storedResponses(s.id)).map((r) => r.id);
    for (const [i, id] of ids.slice(0, 4).entries()) {
      await c.handle.db.updateTable('responses').set({ submitted_at: sql<Date>`${`2026-01-02 00:00:00.00000${i + 1}+00`}::timestamptz` }).where('id', '=', id).execute();
    }
    const expected = (await storedResponses(s.id)).map((r) => r.id);
    const file = await prepareResponseExport(c.services, await exportTargetOfSlug(c.handle.db, s.slug), { format: 'csv' }, { batchSize: 2 });
    const chunks: Uint8Array[] = [];
    for await (const chunk of file.chunks) chunks.push(chunk);
    expect(chunks.length).toBe(1 + 4); // the header, then 2 + 2 + 2 + 1 rows
    const rows = readCsv(Buffer.concat(chunks));
    expect(rows.map((r) => r['response_id'])).toEqual(expected);
    expect(new Set(rows.map((r) => r['response_id'])).size).toBe(7);
  });
});
