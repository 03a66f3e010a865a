import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { companyCounts, createSurvey, expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

// A company-wide survey is read by each market, but each market sees only its own responses; a
// market's survey is invisible to the other market on every route.

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;
let bankingAnalyst: Headers;
let companySurvey: SurveyDetail;
let insuranceSurvey: SurveyDetail;
let bankingSurvey: SurveyDetail;

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR);

async function answer(survey: SurveyDetail, rows: [unitId: string, nps: number, comment: string][]) {
  await importResponses(
    c.services,
    await findLiveSurvey(c.services, survey.slug),
    rows.map(([unitId, nps, comment], i) => ({ unitId, submittedAt: hoursAgo(i + 1), answers: { nps, comment } })),
  );
}

/** The ids of a survey's responses in these units, straight from the table. */
async function responseIds(surveyId: string, unitIds: string[]): Promise<string[]> {
  const rows = await c.handle.db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).where('unit_id', 'in', unitIds).execute();
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  bankingAnalyst = (await signIn(c, 'analyst', co.banking.id)).headers;
  companySurvey = await liveSurvey(c, admin, { title: 'Company-wide' });
  insuranceSurvey = await liveSurvey(c, admin, { title: 'Insurance only', unitId: co.insurance.id });
  bankingSurvey = await liveSurvey(c, admin, { title: 'Banking only', unitId: co.banking.id });
  await answer(companySurvey, [
    [co.banking.id, 10, 'banking praise'],
    [co.banking.id, 9, 'banking good'],
    [co.banking.id, 3, 'banking complaint'],
    [co.bankingEmea.id, 8, 'emea fine'],
    [co.insurance.id, 0, 'insurance secret one'],
    [co.insurance.id, 1, 'insurance secret two'],
    [co.company.id, 5, 'head office note'],
  ]);
  await answer(insuranceSurvey, [[co.insurance.id, 2, 'insurance only secret']]);
  await answer(bankingSurvey, [
    [co.banking.id, 10, 'bank branch'],
    [co.bankingEmea.id, 6, 'emea branch'],
  ]);
});
afterAll(async () => c?.stop());

const get = (url: string, headers: Headers) => c.app.inject({ method: 'GET', url, headers });

describe('a survey of another market', () => {
  it('is not in the Banking manager’s list, and every read route answers 404 not_found', async () => {
    const list = (await get('/api/v1/surveys', bankingManager)).json().surveys.map((s: { id: string }) => s.id);
    expect(list).not.toContain(insuranceSurvey.id);
    expect(list).toContain(bankingSurvey.id);
    for (const url of [`/api/v1/surveys/${insuranceSurvey.id}`, `/api/v1/surveys/${insuranceSurvey.id}/dashboard?period=all`, `/api/v1/surveys/${insuranceSurvey.id}/responses`]) {
      expectError(await get(url, bankingManager), 404, 'not_found');
    }
  });

  it('answers the Banking manager’s changes exactly as for a survey that does not exist', async () => {
    for (const path of ['', '/publish', '/close', '/reopen']) {
      const method = path === '' ? 'PATCH' : 'POST';
      const payload = path === '' ? { title: 'Renamed' } : undefined;
      const theirs = await c.app.inject({ method, url: `/api/v1/surveys/${insuranceSurvey.id}${path}`, headers: bankingManager, payload });
      const missing = await c.app.inject({ method, url: `/api/v1/surveys/${randomUUID()}${path}`, headers: bankingManager, payload });
      expect(theirs.statusCode).toBe(missing.statusCode);
      expect(theirs.json()).toEqual(missing.json());
    }
  });

  it('answers a Banking analyst (who may write) 404 not_found on patch, publish, close and reopen, changing nothing', async () => {
    const before = await companyCounts(c.handle.db, co);
    expectError(await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${insuranceSurvey.id}`, headers: bankingAnalyst, payload: { title: 'Renamed' } }), 404, 'not_found');
    for (const path of ['publish', 'close', 'reopen']) {
      expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${insuranceSurvey.id}/${path}`, headers: bankingAnalyst }), 404, 'not_found');
    }
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
    expect((await get(`/api/v1/surveys/${insuranceSurvey.id}`, admin)).json()).toMatchObject({ title: 'Insurance only', status: 'live', version: 1 });
  });

  it('is left out of the Banking manager’s overview, comments included', async () => {
    const res = await get('/api/v1/overview', bankingManager);
    expect(res.statusCode).toBe(200);
    const overview = res.json();
    expect(overview.surveys.map((s: { survey: { id: string } }) => s.survey.id)).not.toContain(insuranceSurvey.id);
    expect(res.body).not.toContain('insurance');
    expect(res.body).not.toContain('head office');
  });
});

describe('a company-wide survey read by the Banking manager', () => {
  it('is listed and readable, counting only Banking responses', async () => {
    const listed = (await get('/api/v1/surveys', bankingManager)).json().surveys.find((s: { id: string }) => s.id === companySurvey.id);
    expect(listed).toMatchObject({ id: companySurvey.id, unitId: co.company.id, responseCount: 4 });
    const detail = (await get(`/api/v1/surveys/${companySurvey.id}`, bankingManager)).json();
    expect(detail.responseCount).toBe(4);
    expect(detail.versions.map((v: { responseCount: number }) => v.responseCount)).toEqual([4]);
    const adminDetail = (await get(`/api/v1/surveys/${companySurvey.id}`, admin)).json();
    expect(adminDetail.responseCount).toBe(7);
    expect(adminDetail.versions.map((v: { responseCount: number }) => v.responseCount)).toEqual([7]);
  });

  it('has a dashboard of Banking’s responses only', async () => {
    const res = await get(`/api/v1/surveys/${companySurvey.id}/dashboard?period=all`, bankingManager);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.nps).toMatchObject({ n: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
    expect(d.distribution).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1]);
    expect(d.trend.reduce((sum: number, t: { n: number }) => sum + t.n, 0)).toBe(4);
    expect(d.comments.map((k: { text: string }) => k.text).sort()).toEqual(['banking complaint', 'banking good', 'banking praise', 'emea fine']);
    expect(res.body).not.toContain('insurance');
    expect(res.body).not.toContain('head office');
    // The admin sees everyone.
    const all = (await get(`/api/v1/surveys/${companySurvey.id}/dashboard?period=all`, admin)).json();
    expect(all.nps).toMatchObject({ n: 7, promoters: 2, passives: 1, detractors: 4 });
    expect(all.comments).toHaveLength(7);
  });

  it('lists only Banking’s responses', async () => {
    const res = await get(`/api/v1/surveys/${companySurvey.id}/responses`, bankingManager);
    expect(res.statusCode).toBe(200);
    const ids = res.json().responses.map((r: { id: string }) => r.id).sort();
    expect(ids).toEqual(await responseIds(companySurvey.id, [co.banking.id, co.bankingEmea.id]));
    expect(ids).toHaveLength(4);
    expect(res.body).not.toContain('insurance');
    const all = (await get(`/api/v1/surveys/${companySurvey.id}/responses`, admin)).json().responses;
    expect(all).toHaveLength(7);
  });

  it('shows in the Banking manager’s overview with Banking numbers', async () => {
    const overview = (await get('/api/v1/overview', bankingManager)).json();
    const card = overview.surveys.find((s: { survey: { id: string } }) => s.survey.id === companySurvey.id);
    expect(card.nps).toMatchObject({ n: 4, score: 25 });
    expect(overview.companyName).toBe(co.company.name);
    // Banking's answers to the company-wide survey (4) and to its own (2); the admin counts all ten.
    expect(overview.responses30d).toBe(6);
    expect((await get('/api/v1/overview', admin)).json().responses30d).toBe(10);
  });

  it('a region’s manager sees only the region’s answers to its market’s survey', async () => {
    const emeaManager = (await signIn(c, 'manager', co.bankingEmea.id)).headers;
    const d = (await get(`/api/v1/surveys/${bankingSurvey.id}/dashboard?period=all`, emeaManager)).json();
    expect(d.nps).toMatchObject({ n: 1, detractors: 1 });
    expect(d.comments.map((k: { text: string }) => k.text)).toEqual(['emea branch']);
    const responses = (await get(`/api/v1/surveys/${bankingSurvey.id}/responses`, emeaManager)).json().responses;
    expect(responses.map((r: { id: string }) => r.id)).toEqual(await responseIds(bankingSurvey.id, [co.bankingEmea.id]));
  });
});

describe('a company-wide survey and a Banking analyst', () => {
  it('may be read but not changed: 403 forbidden on patch, publish, close and reopen', async () => {
    expect((await get(`/api/v1/surveys/${companySurvey.id}`, bankingAnalyst)).statusCode).toBe(200);
    const before = await companyCounts(c.handle.db, co);
    expectError(await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${companySurvey.id}`, headers: bankingAnalyst, payload: { title: 'Mine now' } }), 403, 'forbidden');
    for (const path of ['publish', 'close', 'reopen']) {
      expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${companySurvey.id}/${path}`, headers: bankingAnalyst }), 403, 'forbidden');
    }
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
    expect((await get(`/api/v1/surveys/${companySurvey.id}`, admin)).json()).toMatchObject({ title: 'Company-wide', status: 'live' });
  });

  it('cannot create surveys above or beside their scope (404), only within it', async () => {
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: bankingAnalyst, payload: { title: 'Up', unitId: co.company.id } }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: bankingAnalyst, payload: { title: 'Aside', unitId: co.insurance.id } }), 404, 'not_found');
    expect((await createSurvey(c, bankingAnalyst, { title: 'Mine' })).unitId).toBe(co.banking.id);
    expect((await createSurvey(c, bankingAnalyst, { title: 'Down', unitId: co.bankingEmea.id })).unitId).toBe(co.bankingEmea.id);
  });
});

describe('GET /api/v1/units', () => {
  it('returns only the units in scope, depth-first', async () => {
    const units = (h: Headers) => get('/api/v1/units', h).then((r) => r.json().units.map((u: { id: string; depth: number }) => [u.id, u.depth]));
    expect(await units(bankingManager)).toEqual([
      [co.banking.id, 0],
      [co.bankingEmea.id, 1],
    ]);
    expect(await units(admin)).toEqual([
      [co.company.id, 0],
      [co.banking.id, 1],
      [co.bankingEmea.id, 2],
      [co.insurance.id, 1],
    ]);
    expect(await units((await signIn(c, 'viewer', co.insurance.id)).headers)).toEqual([[co.insurance.id, 0]]);
  });
});
