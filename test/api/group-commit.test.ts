import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/server/logger.ts';
import { hashToken } from '../../src/server/modules/auth/secrets.ts';
import { openCorridor, type Corridor } from '../../src/server/runtime.ts';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, liveSurvey, postForm, responseCount, signIn, type Headers, type TestCorridor } from './helpers.ts';

// Responses are stored by group commit, and the hot path keeps surveys and API keys for a second
// (docs/decisions/0004-group-commit.md). A second Corridor on the same database (another process, as
// far as the first can tell) closes, republishes and revokes: the first never stores an answer that
// a fresh read would refuse, and its pages catch up within the second. Idempotency keys keep their
// meaning under concurrency.

let c: TestCorridor;
let other: Corridor & { app: NonNullable<Corridor['app']> };
let co: TestCompany;
let key: Headers;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  const second = await openCorridor({
    config: { databaseUrl: undefined, dataDir: '/nonexistent', baseUrl: 'http://corridor.test', secureCookies: false },
    roles: new Set(['web']),
    log: silentLogger(),
    handle: c.handle,
    rateLimits: { login: 1_000, respond: 1_000 },
  });
  if (!second.app) throw new Error('the web role did not start');
  other = { ...second, app: second.app };
  co = await makeCompany(c.handle.db);
  key = await bearer(c, 'admin', co.company.id);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => {
  await other?.stop();
  await c?.stop();
});

const post = (slug: string, payload: Record<string, unknown>, headers: Headers = key) =>
  c.app.inject({ method: 'POST', url: `/api/v1/surveys/${slug}/responses`, headers, payload });

describe('the hot path across processes', () => {
  it('refuses answers on the first request after another process closes the survey, on the API and the page', async () => {
    const survey = await liveSurvey(c, admin);
    expect((await post(survey.slug, { answers: { nps: 8 } })).statusCode).toBe(201);
    expect((await postForm(c, survey.slug, { q_nps: 8, v: 1 })).statusCode).toBe(303);
    const closed = await other.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/close`, headers: admin });
    expect(closed.statusCode, closed.body).toBe(200);
    expectError(await post(survey.slug, { answers: { nps: 8 } }), 410, 'survey_closed');
    const page = await postForm(c, survey.slug, { q_nps: 8, v: 1 });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This survey is closed');
    expect((await c.app.inject({ url: `/s/${survey.slug}` })).statusCode).toBe(410);
    expect(await responseCount(c.handle.db, survey.id)).toBe(2);
  });

  it('shows a survey closed elsewhere as closed within a second, though it has not answered since', async () => {
    const survey = await liveSurvey(c, admin);
    expect((await c.app.inject({ url: `/s/${survey.slug}` })).statusCode).toBe(200);
    await other.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/close`, headers: admin });
    await eventually(async () => (await c.app.inject({ url: `/s/${survey.slug}` })).statusCode, (s) => s === 410, 5_000);
  });

  it('shows the new version to a form posted against the one another process has just replaced', async () => {
    const survey = await liveSurvey(c, admin);
    expect((await c.app.inject({ url: `/s/${survey.slug}` })).statusCode).toBe(200);
    const definition = { questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend the new us?', required: true }] };
    await other.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${survey.id}`, headers: admin, payload: { definition } });
    expect((await other.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers: admin })).statusCode).toBe(200);
    const res = await postForm(c, survey.slug, { q_nps: 6, v: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Would you recommend the new us?');
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
    expect((await postForm(c, survey.slug, { q_nps: 6, v: 2 })).statusCode).toBe(303);
  });

  it('validates against the version another process has just published', async () => {
    const survey = await liveSurvey(c, admin);
    expect((await post(survey.slug, { answers: { nps: 8 } })).json()).toMatchObject({ versionNumber: 1 });
    const definition = {
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
        { id: 'effort', type: 'ces', text: 'How easy was it?', required: true },
      ],
    };
    expect((await other.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${survey.id}`, headers: admin, payload: { definition } })).statusCode).toBe(200);
    expect((await other.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers: admin })).statusCode).toBe(200);
    expectError(await post(survey.slug, { answers: { nps: 8 } }), 422, 'invalid_answers');
    expect((await post(survey.slug, { answers: { nps: 8, effort: 6 } })).json()).toMatchObject({ versionNumber: 2 });
    const dash = (await c.app.inject({ url: `/api/v1/surveys/${survey.id}/dashboard?period=all`, headers: admin })).json<{ nps: { n: number } }>();
    expect(dash.nps.n).toBe(2);
  });

  it('refuses an API key on the first request after it is revoked elsewhere', async () => {
    const survey = await liveSurvey(c, admin);
    const revocable = await bearer(c, 'analyst', co.company.id);
    expect((await post(survey.slug, { answers: { nps: 3 } }, revocable)).statusCode).toBe(201);
    const hash = hashToken(revocable.authorization!.replace('Bearer ', ''));
    await sql`update api_keys set revoked_at = now() where key_hash = ${hash}`.execute(other.services.db);
    expectError(await post(survey.slug, { answers: { nps: 3 } }, revocable), 401, 'unauthenticated');
    expectError(await c.app.inject({ url: `/api/v1/surveys/${survey.id}/dashboard`, headers: revocable }), 401, 'unauthenticated');
    expect(await responseCount(c.handle.db, survey.id)).toBe(1);
  });
});

describe('idempotency keys under group commit', () => {
  it('answers concurrent requests with one key: one 201, the same body replayed, another body 409', async () => {
    const survey = await liveSurvey(c, admin);
    const headers = { ...key, 'idempotency-key': 'burst-1' };
    const bodies = Array.from({ length: 12 }, (_, i) => ({ answers: { nps: i % 3 === 0 ? 2 : 9 } }));
    const results = await Promise.all(bodies.map((b) => post(survey.slug, b, headers)));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const winner = bodies[results.indexOf(created[0]!)]!;
    const id = created[0]!.json<{ id: string }>().id;
    results.forEach((r, i) => {
      if (bodies[i]!.answers.nps === winner.answers.nps) {
        expect([200, 201]).toContain(r.statusCode);
        expect(r.json<{ id: string }>().id).toBe(id);
      } else {
        expectError(r, 409, 'idempotency_conflict');
      }
    });
    expect(await responseCount(c.handle.db, survey.id)).toBe(1);
  });

  it('keys on several surveys in one burst each store once, and the dashboard counts them exactly', async () => {
    const surveys = [await liveSurvey(c, admin), await liveSurvey(c, admin)];
    const requests = surveys.flatMap((s) => Array.from({ length: 30 }, (_, i) => post(s.slug, { answers: { nps: i % 11 } }, { ...key, 'idempotency-key': `k-${i % 10}` })));
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20);
    for (const s of surveys) {
      const n = await responseCount(c.handle.db, s.id);
      expect(n).toBe(10);
      const dash = (await c.app.inject({ url: `/api/v1/surveys/${s.id}/dashboard?period=all`, headers: admin })).json<{ nps: { n: number } }>();
      expect(dash.nps.n).toBe(n);
    }
  });

  it('still answers a retry with the first response after the survey closed', async () => {
    const survey = await liveSurvey(c, admin);
    const headers = { ...key, 'idempotency-key': 'before-close' };
    const first = await post(survey.slug, { answers: { nps: 10 } }, headers);
    expect(first.statusCode).toBe(201);
    await other.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/close`, headers: admin });
    const retry = await post(survey.slug, { answers: { nps: 10 } }, headers);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: first.json<{ id: string }>().id, replayed: true });
    expectError(await post(survey.slug, { answers: { nps: 1 } }, headers), 409, 'idempotency_conflict');
    expectError(await post(survey.slug, { answers: { nps: 10 } }), 410, 'survey_closed');
  });
});
