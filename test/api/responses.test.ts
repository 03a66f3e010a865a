import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

interface Listed {
  id: string;
  surveyId: string;
  versionNumber: number;
  submittedAt: string;
  answers: Record<string, unknown>;
  attributes: Record<string, string>;
}

async function page(surveyId: string, query: string, headers = admin): Promise<{ responses: Listed[]; nextBefore: string | null }> {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${surveyId}/responses${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Follows nextBefore from the first page to the last, collecting every response listed. */
async function everyPage(surveyId: string, limit: number): Promise<Listed[]> {
  const seen: Listed[] = [];
  let query = `?limit=${limit}`;
  for (let guard = 0; guard < 50; guard++) {
    const p = await page(surveyId, query);
    seen.push(...p.responses);
    if (!p.nextBefore) return seen;
    query = `?limit=${limit}&before=${encodeURIComponent(p.nextBefore)}`;
  }
  throw new Error('pagination did not end');
}

async function surveyWith(times: string[]): Promise<SurveyDetail> {
  const survey = await liveSurvey(c, admin, { title: 'Listed responses' });
  await importResponses(
    c.services,
    await findLiveSurvey(c.services, survey.slug),
    times.map((at, i) => ({ unitId: co.banking.id, submittedAt: new Date(at), answers: { nps: i % 11, comment: `#${i}` }, attributes: { row: String(i) } })),
  );
  return survey;
}

describe('GET /api/v1/surveys/:id/responses', () => {
  it('lists responses newest first with their answers, attributes and version', async () => {
    const survey = await surveyWith(['2026-01-01T10:00:00Z', '2026-01-03T10:00:00Z', '2026-01-02T10:00:00Z']);
    const p = await page(survey.id, '');
    expect(p.nextBefore).toBeNull();
    expect(p.responses.map((r) => r.submittedAt)).toEqual(['2026-01-03T10:00:00.000Z', '2026-01-02T10:00:00.000Z', '2026-01-01T10:00:00.000Z']);
    expect(p.responses[0]).toEqual({
      id: expect.any(String),
      surveyId: survey.id,
      versionNumber: 1,
      submittedAt: '2026-01-03T10:00:00.000Z',
      answers: { nps: 1, comment: '#1' },
      attributes: { row: '1' },
    });
  });

  it('pages with limit and before, ending with nextBefore null', async () => {
    const times = Array.from({ length: 7 }, (_, i) => `2026-02-0${i + 1}T12:00:00Z`);
    const survey = await surveyWith(times);
    const first = await page(survey.id, '?limit=3');
    expect(first.responses.map((r) => r.submittedAt.slice(0, 10))).toEqual(['2026-02-07', '2026-02-06', '2026-02-05']);
    expect(first.nextBefore).toBe(`2026-02-05T12:00:00.000Z~${first.responses[2]?.id}`);
    const all = await everyPage(survey.id, 3);
    expect(all.map((r) => r.submittedAt.slice(0, 10))).toEqual([...times].reverse().map((t) => t.slice(0, 10)));
    // A page that ends exactly at the last response says there is no more.
    const exact = await page(survey.id, '?limit=7');
    expect(exact.responses).toHaveLength(7);
    expect(exact.nextBefore).toBeNull();
  });

  it('loses no response when several share the same submitted_at (imports, busy seconds)', async () => {
    const survey = await surveyWith(Array.from({ length: 5 }, () => '2026-02-10T09:00:00Z'));
    const all = await everyPage(survey.id, 2);
    expect(new Set(all.map((r) => r.id)).size).toBe(5);
    expect(all).toHaveLength(5);
  });

  it('rejects a bad limit or before with 400 validation_failed', async () => {
    const survey = await surveyWith(['2026-01-01T10:00:00Z']);
    const get = (q: string) => c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/responses${q}`, headers: admin });
    expectValidation(await get('?limit=0'), 'limit');
    expectValidation(await get('?limit=501'), 'limit');
    expectValidation(await get('?limit=ten'), 'limit');
    expectValidation(await get('?limit=2.5'), 'limit');
    expectValidation(await get('?before=yesterday'), 'before');
    expect((await get('?limit=500')).statusCode).toBe(200);
  });

  it('is closed to viewers (403) and to anyone not logged in (401)', async () => {
    const survey = await surveyWith(['2026-01-01T10:00:00Z']);
    const viewer = (await signIn(c, 'viewer', co.company.id)).headers;
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/responses`, headers: viewer }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/responses` }), 401, 'unauthenticated');
    const agent = (await signIn(c, 'agent', co.company.id)).headers;
    expect((await page(survey.id, '', agent)).responses).toHaveLength(1);
  });
});
