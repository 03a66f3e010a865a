import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import type { QuoteInput, ThemeEffects, ThemeList, ThemeTrend, TrendingThemes, Verbatim, VerbatimSearchResult } from '../../src/contract/verbatims.ts';
import { CASE_SURVEY } from '../support/cases.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Theme statistics through the API, against numbers computed independently from the seeded data
 * (reference values from SciPy where a distribution is involved); theme discovery as a job; quoting a
 * verbatim into a case.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let key: Headers;
let survey: SurveyDetail;
const clock = new Date('2026-11-25T12:00:00Z');

// 30 comments: 10 in November 2026, 20 in September and October. "billing" on 6 of November's and
// 4 of the earlier ones. Scores of the billing comments and of the others:
const BILLING_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 3, 2];
const OTHER_SCORES = [9, 10, 8, 7, 10, 9, 6, 10, 9, 8, 10, 5, 7, 9, 8, 9, 10, 7, 6, 9];
interface Seed {
  at: string;
  score: number;
  billing: boolean;
}
const SEEDS: Seed[] = [
  ...BILLING_SCORES.map((score, i) => ({ score, billing: true, at: i < 6 ? `2026-11-${String(2 + i).padStart(2, '0')}T10:00:00Z` : `2026-${i % 2 ? '09' : '10'}-1${i - 6}T10:00:00Z` })),
  ...OTHER_SCORES.map((score, i) => ({ score, billing: false, at: i < 4 ? `2026-11-1${i}T10:00:00Z` : `2026-${i % 2 ? '09' : '10'}-${String(2 + (i % 20)).padStart(2, '0')}T10:00:00Z` })),
];
const ids: string[] = [];

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  key = await bearer(c, 'admin', co.company.id);
  survey = await liveSurvey(c, admin, { title: 'Quarterly', unitId: co.company.id, definition: CASE_SURVEY });
  for (const s of SEEDS) {
    const comment = s.billing ? 'The invoice was confusing and billing never answers.' : 'Friendly people, the account manager knows us well.';
    const res = await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.slug}/responses`, headers: key, payload: { answers: { nps: s.score, comment }, submittedAt: s.at, unitId: co.banking.id } });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json<{ id: string }>().id);
  }
  await c.texts!.tick();
  // The themes are set by hand here, so the statistics are tested apart from what discovery finds.
  await c.handle.db.insertInto('themes').values([
    { company_id: co.company.id, key: 'billing', name: 'Billing', terms: ['invoice', 'billing'], discovered_at: clock },
    { company_id: co.company.id, key: 'people', name: 'People', terms: ['account manager'], discovered_at: clock },
  ]).execute();
  for (const [i, s] of SEEDS.entries()) {
    await c.handle.db.updateTable('verbatims').set({ themes: s.billing ? ['billing'] : ['people'] }).where('response_id', '=', ids[i] ?? '').execute();
  }
});
afterAll(async () => c?.stop());

const get = async <T>(url: string, headers: Headers = admin): Promise<T> => {
  const res = await c.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

describe('theme statistics', () => {
  it('counts each theme per month', async () => {
    const trend = await get<ThemeTrend>('/api/v1/verbatims/theme-trend?months=3');
    expect(trend.months).toEqual(['2026-09', '2026-10', '2026-11']);
    const month = (at: string) => at.slice(0, 7);
    const expected = (pred: (s: Seed) => boolean) => trend.months.map((m) => SEEDS.filter((s) => month(s.at) === m && pred(s)).length);
    expect(trend.totals).toEqual(expected(() => true));
    expect(trend.series.find((x) => x.key === 'billing')?.counts).toEqual(expected((s) => s.billing));
    expect(trend.series.find((x) => x.key === 'people')?.counts).toEqual(expected((s) => !s.billing));
  });

  it('calls billing rising this month by the two-proportion test (exact for so few)', async () => {
    const t = await get<TrendingThemes>('/api/v1/verbatims/trending-themes?baselineMonths=2');
    expect(t).toMatchObject({ month: '2026-11', baselineMonths: ['2026-09', '2026-10'] });
    const billing = t.themes.find((x) => x.key === 'billing');
    expect(billing).toMatchObject({ current: { count: 6, total: 10, share: 0.6 }, baseline: { count: 4, total: 20, share: 0.2 }, rising: true });
    // SciPy: z = (0.6 − 0.2) / sqrt(1/3 · 2/3 · (1/10 + 1/20)); ten verbatims expect 3.3 with billing,
    // under 5, so p is Fisher's exact: fisher_exact([[6, 4], [4, 16]]).pvalue.
    expect(billing?.z).toBeCloseTo(2.1908902300206643, 9);
    expect(billing?.test).toBe('fisher');
    expect(billing?.p).toBeCloseTo(0.044857924018343806, 9);
    expect(t.themes.find((x) => x.key === 'people')?.rising).toBe(false);
    expect(t.themes[0]?.key).toBe('billing');
  });

  it("gives billing's effect on the score with Welch's interval", async () => {
    const e = await get<ThemeEffects>('/api/v1/verbatims/theme-effects');
    expect(e.n).toBe(SEEDS.length);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const billing = e.themes.find((x) => x.key === 'billing');
    expect(billing?.with).toEqual({ n: 10, mean: mean(BILLING_SCORES) });
    expect(billing?.without.n).toBe(20);
    expect(billing?.without.mean).toBeCloseTo(mean(OTHER_SCORES), 12);
    expect(billing?.difference).toBeCloseTo(mean(BILLING_SCORES) - mean(OTHER_SCORES), 12);
    // SciPy: ttest_ind(billing, others, equal_var=False).confidence_interval(0.95)
    expect(billing?.ci?.low).toBeCloseTo(-6.676841578161574, 6);
    expect(billing?.ci?.high).toBeCloseTo(-3.3231584218384276, 6);
    expect(e.themes[0]?.key).toBe('billing');
    // Under a filter: November only.
    const nov = await get<ThemeEffects>('/api/v1/verbatims/theme-effects?from=2026-11-01');
    expect(nov.n).toBe(SEEDS.filter((s) => s.at.startsWith('2026-11')).length);
  });

  it('counts only what a manager may see', async () => {
    const manager = await signIn(c, 'manager', co.insurance.id);
    const trend = await get<ThemeTrend>('/api/v1/verbatims/theme-trend?months=3', manager.headers);
    expect(trend.totals).toEqual([0, 0, 0]);
    expect((await get<ThemeEffects>('/api/v1/verbatims/theme-effects', manager.headers)).n).toBe(0);
  });
});

describe('theme discovery', () => {
  it('runs as a job on demand, stores themes and assigns them to the verbatims', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/themes/discover', headers: admin });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json<{ state: string }>().state).toBe('queued');
    await c.texts!.tick();
    const list = await get<ThemeList>('/api/v1/themes');
    expect(list.discovery).toMatchObject({ state: 'done', done: SEEDS.length, total: SEEDS.length });
    expect(list.themes.length).toBeGreaterThan(0);
    for (const t of list.themes) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from verbatims where company_id = ${co.company.id} and ${t.key} = any(themes)`.execute(c.handle.db);
      expect(t.verbatimCount).toBe(rows[0]?.n);
    }
    expect(list.themes.some((t) => t.verbatimCount > 0)).toBe(true);
  });
});

describe('quoting into a case', () => {
  it('adds a sentence to the case timeline as a note, both scope-checked', async () => {
    const contact = await makeContact(c.handle.db, co.banking.id, {}, { name: 'Nordwerk' });
    const caseRow = await c.handle.db
      .insertInto('cases')
      .values({ company_id: co.company.id, title: 'Billing complaint', status: 'new', stage: 'new', unit_id: co.banking.id, unit_path: (await c.handle.db.selectFrom('units').select('path').where('id', '=', co.banking.id).executeTakeFirstOrThrow()).path, account_id: contact.accountId, opened_at: clock, updated_at: clock })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = (await get<VerbatimSearchResult>('/api/v1/verbatims?q=invoice&limit=1')).items[0] as Verbatim;
    const sentence = v.sentences[0]!;
    const body: QuoteInput = { caseId: caseRow.id, range: { start: sentence.start, end: sentence.end }, comment: 'The customer in their words' };
    const res = await c.app.inject({ method: 'POST', url: `/api/v1/verbatims/${v.id}/quote`, headers: admin, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const quote = v.text.slice(sentence.start, sentence.end).trim();
    expect(res.json()).toMatchObject({ caseId: caseRow.id, quote });
    const detail = (await c.app.inject({ url: `/api/v1/cases/${caseRow.id}`, headers: admin })).json<{ timeline: { id: string; kind: string; details: { text?: string } }[] }>();
    const note = detail.timeline.find((e) => e.id === res.json<{ noteId: string }>().noteId);
    expect(note?.kind).toBe('note');
    expect(note?.details.text).toContain(`“${quote}”`);
    expect(note?.details.text).toContain('The customer in their words');
    // Outside the text: 400; another market's manager sees neither: 404.
    const bad = await c.app.inject({ method: 'POST', url: `/api/v1/verbatims/${v.id}/quote`, headers: admin, payload: { caseId: caseRow.id, range: { start: 0, end: v.text.length + 5 } } });
    expectError(bad, 400, 'validation_failed');
    const manager = await signIn(c, 'manager', co.insurance.id);
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/verbatims/${v.id}/quote`, headers: manager.headers, payload: { caseId: caseRow.id } }), 404, 'not_found');
  });
});
