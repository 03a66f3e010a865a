import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { EVERY_TYPE, EVERY_TYPE_ANSWERS, EVERY_TYPE_FORM } from '../support/every-type.ts';
import { makeCompany } from '../support/factories.ts';
import { bearer, liveSurvey, publish, responseCount, type Headers, type TestCorridor } from './helpers.ts';

// A survey with every question type, answered through the respondent form and the JSON API.

let c: TestCorridor;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  const co = await makeCompany(c.handle.db);
  admin = await bearer(c, 'admin', co.company.id);
});
afterAll(async () => c?.stop());

const everyType = (title: string) => liveSurvey(c, admin, { title, definition: EVERY_TYPE });

/** The form body of EVERY_TYPE_FORM plus overrides: q_ prefixes, repeated fields for lists. */
function formBody(overrides: Record<string, string | string[] | undefined> = {}): string {
  const params = new URLSearchParams([['v', '1']]);
  for (const [key, value] of Object.entries({ ...EVERY_TYPE_FORM, ...overrides })) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(`q_${key}`, v);
  }
  return params.toString();
}

const postForm = (slug: string, body: string) =>
  c.app.inject({ method: 'POST', url: `/s/${slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });

async function storedAnswers(surveyId: string) {
  const rows = await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', surveyId).execute();
  return rows.map((r) => r.answers);
}

describe('a survey with every question type', () => {
  let survey: SurveyDetail;
  beforeAll(async () => {
    survey = await everyType('Every type');
  });

  it('is published with its definition as sent (touch points included)', () => {
    expect(survey.definition.questions.map((q) => q.type)).toHaveLength(16);
    const matrix = survey.definition.questions.find((q) => q.id === 'service');
    expect(matrix).toMatchObject({ rows: [{ id: 'speed', touchPoints: ['support-call'] }, { id: 'care' }] });
  });

  it('renders a control for every type, with the field names the form posts', async () => {
    const res = await c.app.inject(`/s/${survey.slug}`);
    expect(res.statusCode).toBe(200);
    for (const name of ['q_nps', 'q_csat', 'q_ces', 'q_stars', 'q_service.speed', 'q_service.care', 'q_resolution.expectation', 'q_resolution.experience']) {
      expect(res.body, name).toContain(`type="radio" id="`);
      expect(res.body, name).toContain(`name="${name}" value="`);
    }
    expect(res.body).toContain('name="q_channel" value="other"');
    expect(res.body).toContain('name="q_channel.other"');
    expect(res.body).toContain('type="checkbox" id="products-o-loans" name="q_products" value="loans"');
    expect(res.body).toContain('<select id="country" name="q_country">');
    expect(res.body).toContain('name="q_priorities.rank.quality"');
    expect(res.body).toContain('<input type="number" id="staff" name="q_staff"');
    expect(res.body).toContain('<input type="date" id="visit" name="q_visit"');
    expect(res.body).toContain('<input type="email" id="email" name="q_email"');
    expect(res.body).toContain('type="checkbox" id="contact_ok" name="q_contact_ok" value="true"');
    // A hidden field without a value in the link is not on the page.
    expect(res.body).not.toContain('name="q_source"');
  });

  it('stores a valid form post in the documented shapes and redirects 303', async () => {
    const s = await everyType('Form post');
    const res = await postForm(s.slug, formBody());
    expect(res.statusCode, res.body).toBe(303);
    expect(await storedAnswers(s.id)).toEqual([EVERY_TYPE_ANSWERS]);
  });

  it('stores an unticked optional consent as false and a ticked one as true', async () => {
    const s = await liveSurvey(c, admin, { title: 'Consent', definition: { questions: [{ id: 'ok', type: 'consent', text: 'I agree' }] } });
    expect((await postForm(s.slug, 'v=1&q_ok=false')).statusCode).toBe(303);
    expect((await postForm(s.slug, 'v=1&q_ok=false&q_ok=true')).statusCode).toBe(303);
    expect((await storedAnswers(s.id)).map((a) => a['ok']).sort()).toEqual([false, true]);
  });

  it.each([
    ['a CSAT of 6', { csat: '6' }, 'A score is a whole number from 1 to 5, not 6'],
    ['a matrix row left out', { 'service.care': undefined }, 'Please rate this row'],
    ['an unknown option', { country: 'es' }, 'This question has no option'],
    ['"other" without its text', { 'channel.other': '' }, 'Please say what'],
    ['a ranking with a rank twice', { 'priorities.rank.price': '1' }, 'Give each option a different rank from 1 to 3'],
    ['a number with decimals', { staff: '2.5' }, 'Write a whole number'],
    ['a date out of range', { visit: '2019-05-01' }, 'Choose a date on or after 2020-01-01'],
    ['a bad e-mail', { email: 'ana@' }, 'Write an e-mail address'],
    ['a required consent not ticked', { contact_ok: 'false' }, 'Please tick the box to agree'],
    ['a gap part out of range', { 'resolution.experience': '8' }, 'A score is a whole number from 1 to 7, not 8'],
    ['a derived key of another question', { 'nps.other': 'x' }, 'This survey has no question &#34;nps.other&#34;'],
  ])('answers %s with a 422 page and stores nothing', async (_, overrides, message) => {
    const res = await postForm(survey.slug, formBody(overrides));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(message);
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
  });

  it('shows every answer again after a 422, as the respondent entered it', async () => {
    const res = await postForm(survey.slug, formBody({ csat: '9', email: 'ana@example.com <b>' }));
    expect(res.statusCode).toBe(422);
    const b = res.body;
    expect(b).toContain('id="nps-9" name="q_nps" value="9" checked');
    expect(b).toContain('id="service-speed-5" name="q_service.speed" value="5" checked');
    expect(b).toContain('id="resolution-experience-4" name="q_resolution.experience" value="4" checked');
    expect(b).toContain('name="q_channel" value="other" checked');
    expect(b).toContain('name="q_channel.other" maxlength="500" value="A letter"');
    expect(b).toContain('name="q_products" value="cards" checked');
    expect(b).toContain('name="q_products" value="savings" checked');
    expect(b).not.toContain('name="q_products" value="loans" checked');
    expect(b).toContain('<option value="de" selected>');
    expect(b).toMatch(/name="q_priorities.rank.quality"><option value="">–<\/option><option value="1" selected>/);
    expect(b).toContain('value="250"');
    expect(b).toContain('value="2026-03-31"');
    expect(b).toContain('value="ana@example.com &#60;b&#62;"');
    expect(b).toContain('name="q_contact_ok" value="true" checked');
    expect(b).toContain('<input type="hidden" name="q_source" value="email">');
    expect(b).toContain('aria-describedby="csat-err"');
    expect(b).toContain('<p class="err" id="csat-err">A score is a whole number from 1 to 5, not 9</p>');
  });

  it('captures a hidden field from the link, escaped, posts it back and stores it', async () => {
    const s = await everyType('Hidden field');
    const get = await c.app.inject(`/s/${s.slug}?source=email&utm=x`);
    expect(get.body).toContain('<input type="hidden" name="q_source" value="email">');
    const evil = await c.app.inject(`/s/${s.slug}?source=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(evil.body).toContain('<input type="hidden" name="q_source" value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">');
    expect(evil.body).not.toContain('<script>alert(1)');
    // What the browser posts back: the hidden input's name and value.
    const posted = /<input type="hidden" name="(q_source)" value="([^"]*)">/.exec(get.body);
    expect(posted?.slice(1)).toEqual(['q_source', 'email']);
    expect((await postForm(s.slug, formBody({ source: posted?.[2] }))).statusCode).toBe(303);
    expect((await storedAnswers(s.id))[0]).toMatchObject({ source: 'email' });
  });

  it('accepts the same answers in their stored shape through the JSON API, and refuses bad ones', async () => {
    const s = await everyType('JSON');
    const post = (answers: Record<string, unknown>) =>
      c.app.inject({ method: 'POST', url: `/api/v1/surveys/${s.slug}/responses`, headers: admin, payload: { answers } });
    const ok = await post(EVERY_TYPE_ANSWERS);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await storedAnswers(s.id)).toEqual([EVERY_TYPE_ANSWERS]);
    const bad = await post({ ...EVERY_TYPE_ANSWERS, priorities: ['price', 'price', 'speed'], contact_ok: false });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['contact_ok', 'priorities']);
    expect(await responseCount(c.handle.db, s.id)).toBe(1);
  });

  it('rolls up every scale answer (matrix rows and gap parts by key) and never the number answer', async () => {
    const s = await everyType('Rollup');
    expect((await postForm(s.slug, formBody())).statusCode).toBe(303);
    const keys = await eventually(
      async () => (await sql<{ question_id: string }>`select distinct question_id from rollup_daily where survey_id = ${s.id} and segment = '' order by question_id`.execute(c.handle.db)).rows.map((r) => r.question_id).sort(),
      (k) => k.length > 0,
    );
    expect(keys).toEqual(['*', 'ces', 'csat', 'nps', 'resolution.experience', 'resolution.expectation', 'service.care', 'service.speed', 'stars'].sort());
    expect(keys).not.toContain('staff');
    const speed = await sql<{ n: number; counts: Record<string, number> }>`select n, counts from rollup_daily where survey_id = ${s.id} and question_id = 'service.speed' and segment = ''`.execute(c.handle.db);
    expect(speed.rows).toEqual([{ n: 1, counts: { '5': 1 } }]);
  });

  it('keeps rolling up the scales of earlier versions after a republish drops them', async () => {
    const v1 = { questions: [{ id: 'nps', type: 'nps', text: 'N' }, { id: 'effort', type: 'ces', text: 'Easy?' }, { id: 'count', type: 'number', text: 'How many?' }] };
    const s = await liveSurvey(c, admin, { title: 'Versions', definition: v1 });
    expect((await postForm(s.slug, 'v=1&q_nps=8&q_effort=2&q_count=12')).statusCode).toBe(303);
    const patch = await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${s.id}`, headers: admin, payload: { definition: { questions: [v1.questions[0]] } } });
    expect(patch.statusCode, patch.body).toBe(200);
    await publish(c, admin, s.id);
    expect((await postForm(s.slug, 'v=2&q_nps=10')).statusCode).toBe(303);
    // Both answers fall on the same day, whose recompute now runs with version 2 live.
    const rows = await eventually(
      async () => (await sql<{ question_id: string; n: number }>`select question_id, n from rollup_daily where survey_id = ${s.id} and segment = '' order by question_id`.execute(c.handle.db)).rows,
      (r) => r.find((x) => x.question_id === '*')?.n === 2,
    );
    expect(Object.fromEntries(rows.map((r) => [r.question_id, r.n]))).toEqual({ '*': 2, nps: 2, effort: 1 });
  });
});
