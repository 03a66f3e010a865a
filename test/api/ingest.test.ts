import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

// POST /api/v1/surveys/:slug/responses — responses sent by other systems, idempotent by key.

let c: TestCorridor;
let co: TestCompany;
let key: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  key = await bearer(c, 'admin', co.company.id);
});
afterAll(async () => c?.stop());

const count = async (surveyId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from responses where survey_id = ${surveyId}`.execute(c.handle.db)).rows[0]?.n;

const post = (slug: string, payload: unknown, headers: Headers = key) =>
  c.app.inject({ method: 'POST', url: `/api/v1/surveys/${slug}/responses`, headers, payload: payload as Record<string, unknown> });

describe('POST /api/v1/surveys/:slug/responses', () => {
  it('stores a valid response with its attributes and time, and the dashboard counts it', async () => {
    const survey = await liveSurvey(c, key);
    const res = await post(survey.slug, {
      answers: { nps: 9, comment: 'Great onboarding' },
      submittedAt: '2026-01-15T10:00:00Z',
      attributes: { product: 'Custody', region: 'EMEA' },
      language: 'de',
      unitId: co.banking.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string; versionNumber: number; submittedAt: string; replayed: boolean }>();
    expect(body).toMatchObject({ versionNumber: 1, submittedAt: '2026-01-15T10:00:00.000Z', replayed: false });
    const row = await c.handle.db.selectFrom('responses').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: co.banking.id, language: 'de', channel: 'api', answers: { nps: 9, comment: 'Great onboarding' }, attributes: { product: 'Custody', region: 'EMEA' } });
    const dash = await eventually(
      async () => (await c.app.inject({ url: `/api/v1/surveys/${survey.id}/dashboard?period=all`, headers: key })).json<{ nps: { n: number; score: number } }>(),
      (d) => d.nps.n === 1,
    );
    expect(dash.nps.score).toBe(100);
  });

  it('answers a retry with the same Idempotency-Key with the first response, and refuses the key for another request', async () => {
    const survey = await liveSurvey(c, key);
    const headers = { ...key, 'idempotency-key': 'crm-event-4711' };
    const first = await post(survey.slug, { answers: { nps: 4 } }, headers);
    expect(first.statusCode).toBe(201);
    const again = await post(survey.slug, { answers: { nps: 4 } }, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json<{ id: string }>().id, replayed: true });
    expectError(await post(survey.slug, { answers: { nps: 5 } }, headers), 409, 'idempotency_conflict');
    expect(await count(survey.id)).toBe(1);
    // The same key on another survey is another response.
    const other = await liveSurvey(c, key);
    expect((await post(other.slug, { answers: { nps: 4 } }, headers)).statusCode).toBe(201);
  });

  it('stores one response when the same request races itself', async () => {
    const survey = await liveSurvey(c, key);
    const headers = { ...key, 'idempotency-key': 'race-1' };
    const results = await Promise.all([1, 2, 3, 4].map(() => post(survey.slug, { answers: { nps: 7 } }, headers)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(await count(survey.id)).toBe(1);
  });

  it('validates exactly like the respondent page and stores nothing on a bad request', async () => {
    const survey = await liveSurvey(c, key);
    for (const answers of [{ nps: 11 }, { nps: 7.5 }, { nps: 'ten' }, {}, { nps: 5, bogus: 1 }, { nps: 5, comment: 'x'.repeat(2_001) }]) {
      const err = expectError(await post(survey.slug, { answers }), 422, 'invalid_answers');
      expect(Array.isArray(err.details)).toBe(true);
    }
    expectValidation(await post(survey.slug, { answers: { nps: 5 }, submittedAt: 'yesterday' }), 'submittedAt');
    expectValidation(await post(survey.slug, { answers: { nps: 5 }, language: 'English!' }), 'language');
    expectValidation(await post(survey.slug, { answers: { nps: { x: 1 } } }), 'answers.nps');
    expectValidation(await post(survey.slug, {}), 'answers');
    expectError(await post(survey.slug, { answers: { nps: 5 }, submittedAt: '2999-01-01T00:00:00Z' }), 422, 'submitted_in_future');
    expectValidation(await post(survey.slug, { answers: { nps: 5 } }, { ...key, 'idempotency-key': 'has space' }), 'idempotency-key');
    expect(await count(survey.id)).toBe(0);
  });

  it('refuses unknown and closed surveys, roles without the right, and units out of scope', async () => {
    expectError(await post('no-such-survey', { answers: { nps: 5 } }), 404, 'not_found');
    const survey = await liveSurvey(c, key);
    for (const role of ['manager', 'viewer', 'agent'] as const) {
      expectError(await post(survey.slug, { answers: { nps: 5 } }, await bearer(c, role, co.company.id)), 403, 'forbidden');
    }
    const bankingKey = await bearer(c, 'analyst', co.banking.id);
    expectError(await post(survey.slug, { answers: { nps: 5 }, unitId: co.insurance.id }, bankingKey), 403, 'unit_out_of_scope');
    expect((await post(survey.slug, { answers: { nps: 5 }, unitId: co.bankingEmea.id }, bankingKey)).statusCode).toBe(201);
    const otherCompany = await makeCompany(c.handle.db);
    expectError(await post(survey.slug, { answers: { nps: 5 } }, await bearer(c, 'admin', otherCompany.company.id)), 404, 'not_found');
    const { headers: cookie } = await signIn(c, 'admin', co.company.id);
    await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/close`, headers: cookie });
    expectError(await post(survey.slug, { answers: { nps: 5 } }), 410, 'survey_closed');
    expect(await count(survey.id)).toBe(1);
  });
});

describe('POST /api/v1/surveys/:slug/responses with survey logic', () => {
  const definition = {
    questions: [
      { id: 'nps', type: 'nps', text: 'Recommend?', required: true },
      { id: 'why_low', type: 'text', text: 'What went wrong?', required: true, showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
      { id: 'stock', type: 'rating', text: 'Stock?', required: true, audiences: ['distributor'] },
    ],
  };

  it('refuses answers to questions the logic does not ask, and requires those it does, storing nothing', async () => {
    const survey = await liveSurvey(c, key, { definition });
    const notAsked = post(survey.slug, { answers: { nps: 9, why_low: 'Nothing', stock: 3 } });
    const body = expectError(await notAsked, 422, 'invalid_answers');
    expect(body.details).toEqual([
      expect.objectContaining({ path: 'why_low', code: 'not_asked' }),
      expect.objectContaining({ path: 'stock', code: 'not_asked' }),
    ]);
    const required = expectError(await post(survey.slug, { answers: { nps: 3 } }), 422, 'invalid_answers');
    expect(required.details).toEqual([expect.objectContaining({ path: 'why_low', code: 'required' })]);
    const distributor = expectError(await post(survey.slug, { answers: { nps: 9 }, audience: 'distributor' }), 422, 'invalid_answers');
    expect(distributor.details).toEqual([expect.objectContaining({ path: 'stock', code: 'required' })]);
    expect(await count(survey.id)).toBe(0);
    expect((await post(survey.slug, { answers: { nps: 9, stock: 4 }, audience: 'distributor' })).statusCode).toBe(201);
  });

  it('takes a partial response without the required answers, and marks it partial', async () => {
    const survey = await liveSurvey(c, key, { definition });
    const res = await post(survey.slug, { answers: { nps: 2 }, status: 'partial' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await c.handle.db.selectFrom('responses').select(['status', 'answers']).where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'partial', answers: { nps: 2 } });
    expectValidation(await post(survey.slug, { answers: { nps: 2 }, status: 'halfway' }), 'status');
  });
});
