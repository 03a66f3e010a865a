import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany } from '../support/factories.ts';
import { form, liveSurvey, signIn, type TestCorridor } from './helpers.ts';

// Public endpoints under abuse: form-filling bots, oversized bodies; and pages travel compressed.

let c: TestCorridor;
let slug: string;
let surveyId: string;

beforeAll(async () => {
  c = await openTestCorridor();
  const co = await makeCompany(c.handle.db);
  const { headers } = await signIn(c, 'admin', co.company.id);
  const survey = await liveSurvey(c, headers);
  slug = survey.slug;
  surveyId = survey.id;
});
afterAll(async () => c?.stop());

const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from responses where survey_id = ${surveyId}`.execute(c.handle.db)).rows[0]?.n;
const post = (payload: string) =>
  c.app.inject({ method: 'POST', url: `/s/${slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });

describe('the respondent page under abuse', () => {
  it('has a honeypot field; a filled one looks accepted but stores nothing', async () => {
    const page = await c.app.inject(`/s/${slug}`);
    expect(page.body).toMatch(/<input type="text" id="website" name="website" tabindex="-1" autocomplete="off">/);
    const bot = await post(form({ q_nps: 10, v: 1, website: 'http://spam.example' }));
    expect(bot.statusCode).toBe(303);
    expect(bot.headers.location).toBe(`/s/${slug}/thanks`);
    expect(await stored()).toBe(0);
    const person = await post(form({ q_nps: 10, v: 1, website: '' }));
    expect(person.statusCode).toBe(303);
    expect(await stored()).toBe(1);
  });

  it('refuses a body over 64 KB with a page, storing nothing', async () => {
    const before = await stored();
    const res = await post(form({ q_nps: 5, v: 1, q_comment: 'x'.repeat(70_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(await stored()).toBe(before);
  });

  it('sends the page compressed to clients that accept it', async () => {
    const res = await c.app.inject({ url: `/s/${slug}`, headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(res.rawPayload).toString('utf8');
    expect(html).toContain('<form');
    expect(res.rawPayload.length).toBeLessThan(html.length / 2);
  });
});
