import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDashboard } from '../../src/contract/dashboard.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey, submitResponse } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { createSurvey, expectValidation, liveSurvey, postForm, signIn, type Headers, type TestCorridor } from './helpers.ts';

// The clock stands still on Wednesday 18 March 2026, noon UTC: ISO week 12 starts Monday 16 March.
const NOW = new Date('2026-03-18T12:00:00Z');

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

const dashboard = async (id: string, period = 'all'): Promise<SurveyDashboard> => {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${id}/dashboard?period=${period}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** NPS statistics computed here from the scores alone, independently of the code under test. */
function expected(scores: number[]) {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const p = promoters / n;
  const d = detractors / n;
  const se = 100 * Math.sqrt((p + d - (p - d) ** 2) / n);
  return { n, promoters, passives: n - promoters - detractors, detractors, score: 100 * (p - d), se, moe: 1.96 * se };
}

// 5 promoters, 3 passives, 2 detractors over two ISO weeks: NPS 30.
const SCORED: [string, number][] = [
  ['2026-03-10T08:00:00Z', 10], // Tuesday of the week of 9 March
  ['2026-03-10T09:30:00Z', 9],
  ['2026-03-10T17:00:00Z', 7],
  ['2026-03-12T11:00:00Z', 3],
  ['2026-03-15T23:59:59Z', 9], // Sunday: still the week of 9 March
  ['2026-03-16T00:00:00Z', 8], // Monday: the week of 16 March
  ['2026-03-16T10:00:00Z', 0],
  ['2026-03-18T07:00:00Z', 10],
  ['2026-03-18T08:00:00Z', 9],
  ['2026-03-18T09:00:00Z', 8],
];

describe('survey dashboard numbers', () => {
  let survey: SurveyDetail;
  let d: SurveyDashboard;

  beforeAll(async () => {
    survey = await liveSurvey(c, admin, { title: 'Known scores' });
    const live = await findLiveSurvey(c.services, survey.slug);
    // One at a time, as respondents would: the rollup job catches up in the background.
    for (const [at, nps] of SCORED) {
      await submitResponse(c.services, live, { answers: { nps, comment: `scored ${nps} at ${at}` }, unitId: co.banking.id, submittedAt: new Date(at) });
    }
    d = await eventually(() => dashboard(survey.id), (x) => x.nps.n === SCORED.length);
  });

  it('counts n, promoters, passives and detractors, and scores 30', () => {
    expect(d.nps).toMatchObject({ n: 10, promoters: 5, passives: 3, detractors: 2, score: 30 });
    expect(d.nps.promoterShare).toBeCloseTo(0.5, 12);
    expect(d.nps.passiveShare).toBeCloseTo(0.3, 12);
    expect(d.nps.detractorShare).toBeCloseTo(0.2, 12);
    expect(d.nps.smallSample).toBe(true);
    expect(d.question).toEqual({ id: 'nps', text: survey.definition.questions[0]?.text });
  });

  it('has the standard error and margin of error of the published formula', () => {
    const e = expected(SCORED.map(([, s]) => s));
    expect(e.score).toBeCloseTo(30, 12);
    // 100 · sqrt((0.5 + 0.2 − 0.09) / 10) = 24.698…
    expect(e.se).toBeCloseTo(24.6981781, 6);
    expect(d.nps.standardError).toBeCloseTo(e.se, 9);
    expect(d.nps.marginOfError).toBeCloseTo(e.moe, 9);
    expect(d.nps.interval?.[0]).toBeCloseTo(30 - e.moe, 9);
    expect(d.nps.interval?.[1]).toBeCloseTo(30 + e.moe, 9);
  });

  it('counts each score in the distribution', () => {
    expect(d.distribution).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 2, 3, 2]);
  });

  it('groups the weekly trend by ISO week, Monday first', () => {
    const week1 = expected([10, 9, 7, 3, 9]);
    const week2 = expected([8, 0, 10, 9, 8]);
    expect(d.trend).toEqual([
      { weekStart: '2026-03-09', n: 5, score: week1.score },
      { weekStart: '2026-03-16', n: 5, score: week2.score },
    ]);
    expect(week1.score).toBe(40);
    expect(week2.score).toBe(20);
  });

  it('lists the latest comments, newest first, with their scores', () => {
    expect(d.comments.map((k) => [k.submittedAt, k.score])).toEqual(
      [...SCORED].reverse().map(([at, s]) => [new Date(at).toISOString(), s]),
    );
  });

  it('equals a direct computation over the raw responses rows', async () => {
    const { rows } = await sql<{ score: number; n: number }>`
      select (answers->>'nps')::int as score, count(*)::int as n from responses where survey_id = ${survey.id} group by 1 order by 1
    `.execute(c.handle.db);
    const distribution = Array.from({ length: 11 }, (_, i) => rows.find((r) => r.score === i)?.n ?? 0);
    expect(d.distribution).toEqual(distribution);
    const scores = rows.flatMap((r) => Array.from({ length: r.n }, () => r.score));
    const e = expected(scores);
    expect(d.nps).toMatchObject({ n: e.n, promoters: e.promoters, passives: e.passives, detractors: e.detractors });
    expect(d.nps.score).toBeCloseTo(e.score, 9);
    expect(d.nps.standardError).toBeCloseTo(e.se, 9);
    // The list and the detail count the same responses.
    const detail = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}`, headers: admin });
    expect(detail.json().responseCount).toBe(10);
  });

  it('rejects an unknown period with 400 naming it', async () => {
    for (const period of ['7d', 'ALL', '', '30']) {
      expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/dashboard?period=${period}`, headers: admin }), 'period');
    }
  });
});

describe('question summaries', () => {
  const DEFINITION = {
    questions: [
      { id: 'nps', type: 'nps', text: 'Recommend us?' },
      { id: 'sat', type: 'csat', text: 'How satisfied are you?' },
      { id: 'effort', type: 'ces', text: 'It was easy.' },
      { id: 'value', type: 'rating', text: 'Value for money', min: 1, max: 10 },
      { id: 'parts', type: 'matrix', text: 'Rate each', rows: [{ id: 'speed', text: 'Speed', touchPoints: ['support'] }, { id: 'price', text: 'Price' }] },
      { id: 'why', type: 'text', text: 'Why?' },
    ],
  };
  // Answers with gaps: not everyone answers every question.
  const ROWS: Record<string, number>[] = [
    { nps: 10, sat: 5, effort: 7, value: 9, 'parts.speed': 5, 'parts.price': 2 },
    { nps: 9, sat: 4, effort: 6, value: 7, 'parts.speed': 4 },
    { nps: 7, sat: 3, effort: 4, 'parts.price': 3 },
    { nps: 3, sat: 1, effort: 2, value: 2, 'parts.speed': 1, 'parts.price': 1 },
    { nps: 8, sat: 4, value: 6 },
    { nps: 0, effort: 1, value: 1, 'parts.speed': 2 },
  ];
  const values = (key: string) => ROWS.map((r) => r[key]).filter((v): v is number => v !== undefined);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
  const pct = (xs: number[], test: (v: number) => boolean) => (100 * xs.filter(test).length) / xs.length;
  let questions: SurveyDashboard['questions'];

  beforeAll(async () => {
    const survey = await liveSurvey(c, admin, { title: 'Every scale', definition: DEFINITION });
    await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), ROWS.map((answers, i) => ({ answers, submittedAt: new Date(NOW.getTime() - i * 3_600_000), unitId: co.banking.id })));
    questions = (await eventually(() => dashboard(survey.id), (x) => x.questions[0]?.n === ROWS.length)).questions;
  });

  it('lists every scale answer in question order, matrix rows with their row', () => {
    expect(questions.map((q) => [q.key, q.text, q.metric.kind])).toEqual([
      ['nps', 'Recommend us?', 'nps'],
      ['sat', 'How satisfied are you?', 'csat'],
      ['effort', 'It was easy.', 'ces'],
      ['value', 'Value for money', 'mean'],
      ['parts.speed', 'Rate each — Speed', 'mean'],
      ['parts.price', 'Rate each — Price', 'mean'],
    ]);
    expect(questions[4]?.touchPoints).toEqual(['support']);
  });

  it('computes each headline metric from the answers given', () => {
    const nps = values('nps');
    expect(questions[0]?.metric.value).toBeCloseTo(pct(nps, (v) => v >= 9) - pct(nps, (v) => v <= 6), 9);
    expect(questions[1]?.metric.value).toBeCloseTo(pct(values('sat'), (v) => v >= 4), 9);
    expect(questions[2]?.metric.value).toBeCloseTo(pct(values('effort'), (v) => v >= 5), 9);
    for (const [i, key] of [[3, 'value'], [4, 'parts.speed'], [5, 'parts.price']] as const) {
      const q = questions[i];
      expect(q?.n).toBe(values(key).length);
      expect(q?.metric.value).toBeCloseTo(mean(values(key)), 9);
      expect(q?.sd).toBeCloseTo(sd(values(key)), 9);
    }
  });

  it('gives boxes and the whole distribution on the question’s own scale', () => {
    const value = questions[3];
    expect(value?.distribution.map((d) => d.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(value?.distribution.reduce((a, d) => a + d.count, 0)).toBe(values('value').length);
    expect(value?.topTwoBox.share).toBeCloseTo(pct(values('value'), (v) => v >= 9), 9);
    expect(value?.bottomTwoBox.share).toBeCloseTo(pct(values('value'), (v) => v <= 2), 9);
    expect(questions.every((q) => q.smallSample)).toBe(true);
  });
});

describe('periods', () => {
  it('counts the last 30 days, 90 days and 12 months including today, and all time', async () => {
    const survey = await liveSurvey(c, admin, { title: 'Periods' });
    const at = (iso: string, nps: number) => ({ unitId: co.company.id, submittedAt: new Date(iso), answers: { nps, comment: iso } });
    await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
      at('2026-03-18T11:00:00Z', 10), // today
      at('2026-02-17T00:00:00Z', 9), // the first day of the last 30
      at('2026-02-16T23:59:59Z', 0), // a day too old for 30d
      at('2025-12-19T00:00:00Z', 8), // the first day of the last 90
      at('2025-03-19T06:00:00Z', 2), // the first day of the last 365
      at('2025-03-18T23:00:00Z', 1), // a day too old for 12m
    ]);
    const n = async (period: string) => (await dashboard(survey.id, period)).nps.n;
    expect(await n('30d')).toBe(2);
    expect(await n('90d')).toBe(4);
    expect(await n('12m')).toBe(5);
    expect(await n('all')).toBe(6);
    const d30 = await dashboard(survey.id, '30d');
    expect(d30.nps).toMatchObject({ promoters: 2, score: 100 });
    expect(d30.comments.map((k) => k.text)).toEqual(['2026-03-18T11:00:00Z', '2026-02-17T00:00:00Z']);
    expect(d30.trend.map((t) => t.weekStart)).toEqual(['2026-02-16', '2026-03-16']);
    // Without a period the dashboard covers twelve months.
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/dashboard`, headers: admin });
    expect(res.json()).toMatchObject({ period: '12m', nps: { n: 5 } });
  });

  it('dates a respondent’s answer by the clock and shows it in this week', async () => {
    const survey = await liveSurvey(c, admin, { title: 'Posted today' });
    expect((await postForm(c, survey.slug, { v: 1, q_nps: 6, q_comment: 'meh' })).statusCode).toBe(303);
    const row = await c.handle.db.selectFrom('responses').select('submitted_at').where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    expect(row.submitted_at.toISOString()).toBe(NOW.toISOString());
    const d = await eventually(() => dashboard(survey.id, '30d'), (x) => x.nps.n === 1);
    expect(d.trend).toEqual([{ weekStart: '2026-03-16', n: 1, score: -100 }]);
    expect(d.nps).toMatchObject({ detractors: 1, standardError: 0, marginOfError: 0, interval: [-100, -100] });
  });

  it('reports an empty dashboard for a survey never published or never answered', async () => {
    const draft = await createSurvey(c, admin, { title: 'Draft' });
    const empty = await dashboard(draft.id);
    expect(empty).toMatchObject({ question: null, nps: { n: 0, score: null, standardError: null, marginOfError: null, interval: null }, trend: [], comments: [] });
    expect(empty.distribution).toEqual(Array(11).fill(0));
    const unanswered = await dashboard((await liveSurvey(c, admin, { title: 'Silent' })).id);
    expect(unanswered.question?.id).toBe('nps');
    expect(unanswered.nps.n).toBe(0);
  });
});

describe('overview', () => {
  it('counts responses of the last 30 days and the 30 before, and scores each live survey over 12 months', async () => {
    const own = await makeCompany(c.handle.db);
    const ownAdmin = (await signIn(c, 'admin', own.company.id)).headers;
    const survey = await liveSurvey(c, ownAdmin, { title: 'Overview' });
    await createSurvey(c, ownAdmin, { title: 'A draft stays off the overview' });
    const at = (iso: string, nps: number) => ({ unitId: own.banking.id, submittedAt: new Date(iso), answers: { nps, comment: `said on ${iso}` } });
    await importResponses(c.services, await findLiveSurvey(c.services, survey.slug), [
      at('2026-03-18T10:00:00Z', 10), // today
      at('2026-02-17T00:00:00Z', 9), // the first of the last 30 days
      at('2026-02-16T12:00:00Z', 0), // the last of the 30 before
      at('2026-01-18T00:00:00Z', 7), // the first of the 30 before
      at('2026-01-17T23:59:59Z', 3), // older: only in the 12-month score
      at('2025-03-18T12:00:00Z', 0), // older than 12 months: nowhere
    ]);
    const res = await c.app.inject({ method: 'GET', url: '/api/v1/overview', headers: ownAdmin });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ companyName: own.company.name, responses30d: 2, responsesPrevious30d: 2 });
    expect(o.surveys).toHaveLength(1);
    expect(o.surveys[0].survey.id).toBe(survey.id);
    expect(o.surveys[0].nps).toMatchObject({ n: 5, promoters: 2, passives: 1, detractors: 2, score: 0 });
    // The trend covers the twelve ISO weeks up to this one.
    expect(o.surveys[0].trend.map((t: { weekStart: string }) => t.weekStart)).toEqual(['2026-01-12', '2026-02-16', '2026-03-16']);
    expect(o.comments.map((k: { text: string }) => k.text)).toEqual([
      'said on 2026-03-18T10:00:00Z',
      'said on 2026-02-17T00:00:00Z',
      'said on 2026-02-16T12:00:00Z',
      'said on 2026-01-18T00:00:00Z',
      'said on 2026-01-17T23:59:59Z',
    ]);
  });
});
