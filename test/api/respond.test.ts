import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { createSurvey, liveSurvey, postForm, publish, responseCount, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

const SHORT = {
  questions: [
    { id: 'nps', type: 'nps', text: 'Would you recommend us?', required: true },
    { id: 'why', type: 'text', text: 'Tell us why', maxLength: 10 },
  ],
};

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'Respondent page', unitId: co.banking.id });
});
afterAll(async () => c?.stop());

const page = (slug: string) => c.app.inject({ method: 'GET', url: `/s/${slug}` });
const radios = (body: string, name: string) => [...body.matchAll(new RegExp(`<input type="radio"[^>]*name="${name}" value="(\\d+)"`, 'g'))].map((m) => m[1]);

describe('GET /s/:slug', () => {
  it('serves a live survey as HTML with the question and 11 radio inputs', async () => {
    const res = await page(survey.slug);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const question = survey.definition.questions[0]?.text ?? '';
    expect(question).toContain(co.company.name);
    expect(res.body).toContain(question);
    expect(radios(res.body, 'q_nps')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(res.body).toContain('<input type="hidden" name="v" value="1">');
    expect(res.body).toContain(`action="/s/${survey.slug}"`);
    expect(res.body).toContain('<textarea id="comment" name="q_comment"');
  });

  it('answers 404 with a page for a draft’s slug and for an unknown slug', async () => {
    const draft = await createSurvey(c, admin, { title: 'Not yet' });
    for (const slug of [draft.slug, `no-such-survey-${co.company.id.slice(0, 8)}`]) {
      const res = await page(slug);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Survey not found');
      expect(res.body).not.toContain('Not yet');
    }
    const post = await postForm(c, draft.slug, { v: 1, q_nps: 9 });
    expect(post.statusCode).toBe(404);
    expect(await responseCount(c.handle.db, draft.id)).toBe(0);
  });

  it('answers a malformed slug with the 404 page too, not a JSON error', async () => {
    const res = await page('Not_A_Valid_Slug');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Survey not found');
  });
});

describe('POST /s/:slug', () => {
  it('stores valid answers, redirects 303 to the thank-you page, and the dashboard shows them', async () => {
    const s = await liveSurvey(c, admin, { title: 'Counted' });
    const res = await postForm(c, s.slug, { v: 1, q_nps: 9, q_comment: '  Quick and friendly  ' });
    expect(res.statusCode).toBe(303);
    expect(res.headers['location']).toBe(`/s/${s.slug}/thanks`);
    const rows = await c.handle.db.selectFrom('responses').selectAll().where('survey_id', '=', s.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ answers: { nps: 9, comment: 'Quick and friendly' }, unit_id: co.company.id, channel: 'link', version_id: s.versions[0]?.id });
    const thanks = await c.app.inject(`/s/${s.slug}/thanks`);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you — your answer helps us do better.');
    const dashboard = await eventually(
      () => c.app.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/dashboard?period=all`, headers: admin }).then((r) => r.json()),
      (d) => d.nps.n === 1,
    );
    expect(dashboard.nps).toMatchObject({ n: 1, promoters: 1, score: 100 });
    expect(dashboard.distribution[9]).toBe(1);
    expect(dashboard.comments).toEqual([{ responseId: rows[0]?.id, submittedAt: rows[0]?.submitted_at.toISOString(), score: 9, text: 'Quick and friendly' }]);
  });

  it('accepts every score from 0 to 10 and an empty optional comment', async () => {
    const s = await liveSurvey(c, admin, { title: 'Every score' });
    for (let score = 0; score <= 10; score++) {
      expect((await postForm(c, s.slug, { v: 1, q_nps: score, q_comment: '' })).statusCode).toBe(303);
    }
    const rows = await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', s.id).execute();
    expect(rows.map((r) => (r.answers as { nps: number }).nps).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.every((r) => !('comment' in (r.answers as object)))).toBe(true);
  });

  it.each([
    ['11', 'A score is a whole number from 0 to 10, not 11'],
    ['-1', 'A score is a whole number from 0 to 10, not -1'],
    ['7.5', 'A score is a whole number from 0 to 10, not 7.5'],
    ['abc', 'Choose a score from 0 to 10'],
  ])('rejects the score %s with 422 and the message, storing nothing', async (score, message) => {
    const res = await postForm(c, survey.slug, { v: 1, q_nps: score, q_comment: 'kept text' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(message);
    expect(res.body).toContain('One answer needs your attention.');
    // What the respondent wrote is shown again.
    expect(res.body).toContain('>kept text</textarea>');
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
  });

  it('rejects a missing required score with 422', async () => {
    const attempts: Record<string, string | number>[] = [{ v: 1, q_comment: 'no score' }, { v: 1, q_nps: '' }, { v: 1, q_nps: '   ' }];
    for (const fields of attempts) {
      const res = await postForm(c, survey.slug, fields);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Please answer this question');
    }
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
  });

  it('rejects an unknown question field with 422', async () => {
    const res = await postForm(c, survey.slug, { v: 1, q_nps: 9, q_bogus: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
  });

  it('rejects a text answer over its maxLength with 422', async () => {
    const s = await liveSurvey(c, admin, { title: 'Short answers', definition: SHORT });
    const res = await postForm(c, s.slug, { v: 1, q_nps: 7, q_why: 'x'.repeat(11) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Keep the answer under 10 characters (it has 11)');
    expect(await responseCount(c.handle.db, s.id)).toBe(0);
    expect((await postForm(c, s.slug, { v: 1, q_nps: 7, q_why: 'x'.repeat(10) })).statusCode).toBe(303);
    expect(await responseCount(c.handle.db, s.id)).toBe(1);
  });

  it('answers a post of an old version after a republish with 409 and stores nothing', async () => {
    const s = await liveSurvey(c, admin, { title: 'Republished' });
    await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${s.id}`, headers: admin, payload: { definition: SHORT } });
    await publish(c, admin, s.id);
    const res = await postForm(c, s.slug, { v: 1, q_nps: 8 });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('This survey was updated while you were answering');
    expect(res.body).toContain('<input type="hidden" name="v" value="2">');
    // The answer given is kept, checked, on the new form.
    expect(res.body).toContain('value="8" checked');
    expect(await responseCount(c.handle.db, s.id)).toBe(0);
    expect((await postForm(c, s.slug, { v: 2, q_nps: 8 })).statusCode).toBe(303);
    const rows = await c.handle.db.selectFrom('responses').select('version_id').where('survey_id', '=', s.id).execute();
    const v2 = await c.handle.db.selectFrom('survey_versions').select('id').where('survey_id', '=', s.id).where('number', '=', 2).executeTakeFirstOrThrow();
    expect(rows).toEqual([{ version_id: v2.id }]);
  });

  it('answers 410 for a closed survey, stores nothing, and names the company on the page', async () => {
    const s = await liveSurvey(c, admin, { title: 'Closing soon' });
    await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/close`, headers: admin });
    const res = await postForm(c, s.slug, { v: 1, q_nps: 10 });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This survey is closed');
    expect(res.body).toContain(co.company.name);
    expect(await responseCount(c.handle.db, s.id)).toBe(0);
  });

  it('ignores form fields that are not answers', async () => {
    const s = await liveSurvey(c, admin, { title: 'Extra fields' });
    expect((await postForm(c, s.slug, { v: 1, q_nps: 6, utm_source: 'mail', submit: 'Send' })).statusCode).toBe(303);
    const rows = await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', s.id).execute();
    expect(rows).toEqual([{ answers: { nps: 6 } }]);
  });
});
