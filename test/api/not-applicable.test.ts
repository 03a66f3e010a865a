import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany } from '../support/factories.ts';
import { bearer, liveSurvey, responseCount, type Headers, type TestCorridor } from './helpers.ts';

// "Not applicable" beside a scale: offered where the question says so, in the page's language,
// without JavaScript; stored as "na", left out of the rollups, written "N/A" by the export.

let c: TestCorridor;
let admin: Headers;
let survey: SurveyDetail;

const DEFINITION = {
  translations: { de: { 'q.csat.text': 'Wie zufrieden sind Sie?' } },
  questions: [
    { id: 'csat', type: 'csat', text: 'How satisfied are you?', required: true, notApplicable: true },
    { id: 'service', type: 'matrix', text: 'Rate our service', rows: [{ id: 'speed', text: 'Speed' }, { id: 'care', text: 'Care' }], notApplicable: true, notApplicableLabel: 'Did not use it' },
    { id: 'stars', type: 'rating', text: 'Rate the onboarding', min: 1, max: 5 },
  ],
};

const post = (slug: string, fields: Record<string, string>) =>
  c.app.inject({ method: 'POST', url: `/s/${slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ v: '1', ...fields }).toString() });

beforeAll(async () => {
  c = await openTestCorridor();
  const co = await makeCompany(c.handle.db);
  admin = await bearer(c, 'admin', co.company.id);
  survey = await liveSurvey(c, admin, { title: 'Not applicable', definition: { ...DEFINITION, translations: { de: {} } } });
});
afterAll(async () => c?.stop());

describe('a scale with "not applicable"', () => {
  it('is saved with the definition, its label optional', () => {
    expect(survey.definition.questions[0]).toMatchObject({ notApplicable: true });
    expect(survey.definition.questions[0]).not.toHaveProperty('notApplicableLabel');
    expect(survey.definition.questions[1]).toMatchObject({ notApplicable: true, notApplicableLabel: 'Did not use it' });
  });

  it('renders a radio of the same group below the scale, with its label, only where offered', async () => {
    const res = await c.app.inject(`/s/${survey.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div class="scale scale-na"><input type="radio" id="csat-na" name="q_csat" value="na" required><label for="csat-na">Not applicable</label></div>');
    expect(res.body).toContain('<input type="radio" id="service-speed-na" name="q_service.speed" value="na"><label for="service-speed-na">Did not use it</label>');
    expect(res.body).toContain('id="service-care-na"');
    expect(res.body).not.toContain('name="q_stars" value="na"');
  });

  it('speaks the respondent’s language when the survey gives no label', async () => {
    const de = await liveSurvey(c, admin, { title: 'Nicht zutreffend', definition: { ...DEFINITION, language: 'en', translations: { de: { 'q.csat.text': 'Wie zufrieden sind Sie?' } } } });
    const res = await c.app.inject(`/s/${de.slug}?lang=de`);
    expect(res.body).toContain('<label for="csat-na">Trifft nicht zu</label>');
  });

  it('stores "na" from a form post, satisfies a required question, and stays out of the rollups', async () => {
    const res = await post(survey.slug, { q_csat: 'na', 'q_service.speed': 'na', 'q_service.care': '4', q_stars: '5' });
    expect(res.statusCode, res.body).toBe(303);
    const stored = await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', survey.id).execute();
    expect(stored.map((r) => r.answers)).toEqual([{ csat: 'na', 'service.speed': 'na', 'service.care': 4, stars: 5 }]);
    expect((await post(survey.slug, { q_csat: '5', 'q_service.speed': '2' })).statusCode).toBe(303);
    const rollups = await c.handle.db
      .selectFrom('rollup_daily')
      .select(['question_id', 'n', 'sum', 'counts'])
      .where('survey_id', '=', survey.id)
      .where('segment', '=', '')
      .where('question_id', 'in', ['csat', 'service.speed', 'service.care'])
      .orderBy('question_id')
      .execute();
    expect(rollups.map((r) => [r.question_id, r.n, r.sum, r.counts])).toEqual([
      ['csat', 1, 5, { '5': 1 }],
      ['service.care', 1, 4, { '4': 1 }],
      ['service.speed', 1, 2, { '2': 1 }],
    ]);
  });

  it('is refused where the question does not offer it, saying what to do', async () => {
    const before = await responseCount(c.handle.db, survey.id);
    const res = await post(survey.slug, { q_csat: '4', q_stars: 'na' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This question has no &#34;not applicable&#34; choice: choose a score from 1 to 5');
    expect(await responseCount(c.handle.db, survey.id)).toBe(before);
  });

  it('is written "N/A" by the export', async () => {
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/responses/export`, headers: admin });
    const rows = parse(res.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['csat'], r['service.speed'], r['service.care']])).toEqual([
      ['N/A', 'N/A', '4'],
      ['5', '2', ''],
    ]);
  });
});
