import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQuery, AnalyticsResult, DimensionList } from '../../src/contract/analytics.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { createRandom } from '../../src/core/random.ts';
import { findLiveSurvey, submitResponse } from '../../src/server/modules/responses/service.ts';
import { loadRollupKeys } from '../../src/server/modules/rollups/keys.ts';
import { refreshRollups } from '../../src/server/modules/rollups/refresh.ts';
import { monthGrainOf, readRollup } from '../../src/server/modules/analytics/read.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, publish, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let manager: Headers;
let a: SurveyDetail;
let b: SurveyDetail;

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'sat', type: 'csat', text: 'How satisfied are you?', required: false },
    { id: 'effort', type: 'ces', text: 'How easy was it?', required: false },
    { id: 'comment', type: 'text', text: 'Why?', required: false },
  ],
};

/** Every response made here, as the test knows it, to compute expected numbers independently. */
interface Made {
  survey: string;
  unit: string;
  day: string;
  nps: number;
  market: string | undefined;
}
const made: Made[] = [];

// Banking's markets are north and south; insurance answers only as "islands".
const MARKETS_BY_UNIT = (unit: string) => (unit === co.insurance.id ? ['islands'] : ['north', 'south']);

async function answer(survey: SurveyDetail, count: number, seed: number): Promise<void> {
  const rnd = createRandom(seed);
  const live = await findLiveSurvey(c.services, survey.slug);
  const units = [co.company.id, co.banking.id, co.bankingEmea.id, co.insurance.id];
  const owned = await makeContact(c.handle.db, co.bankingEmea.id);
  const owner = await makeUser(c.handle.db, 'viewer', co.company.id);
  await c.handle.db.updateTable('accounts').set({ owner_user_id: owner.id }).where('id', '=', owned.accountId).execute();
  const plain = await makeContact(c.handle.db, co.insurance.id);
  await Promise.all(
    Array.from({ length: count }, () => {
      const unit = rnd.pick(units);
      const day = `2026-0${rnd.int(1, 3)}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
      const nps = rnd.int(0, 10);
      const market = rnd.chance(0.9) ? rnd.pick(MARKETS_BY_UNIT(unit)) : undefined;
      const attributes: Record<string, string> = { ...(market ? { market } : {}), ...(rnd.chance(0.7) ? { product: `p${rnd.int(1, 3)}` } : {}) };
      const answers: Record<string, unknown> = { nps };
      if (rnd.chance(0.8)) answers['sat'] = rnd.int(1, 5);
      if (rnd.chance(0.7)) answers['effort'] = rnd.int(1, 7);
      const account = unit === co.bankingEmea.id ? owned : unit === co.insurance.id ? plain : null;
      made.push({ survey: survey.id, unit, day, nps, market });
      return submitResponse(c.services, live, {
        answers,
        unitId: unit,
        submittedAt: new Date(`${day}T${String(rnd.int(0, 23)).padStart(2, '0')}:30:00Z`),
        attributes,
        language: rnd.pick(['en', 'de']),
        channel: rnd.pick(['link', 'email']),
        accountId: account?.accountId ?? null,
        contactId: account?.id ?? null,
        respondent: { contact: {}, account: {}, audience: rnd.pick(['buyer', 'user', null]), language: 'en' },
      });
    }),
  );
}

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  manager = (await signIn(c, 'manager', co.banking.id)).headers;
  const tp = await c.handle.db
    .insertInto('touch_points')
    .values({ company_id: co.company.id, key: 'service-call', name: 'Service call', stage: 'service', channel: 'phone', owning_function: 'service' })
    .returning('id')
    .executeTakeFirstOrThrow();
  a = await liveSurvey(c, admin, { definition: DEFINITION });
  await c.handle.db.updateTable('surveys').set({ touch_point_id: tp.id }).where('id', '=', a.id).execute();
  b = await liveSurvey(c, admin, { definition: DEFINITION });
  await answer(a, 160, 1);
  await answer(b, 80, 2);
  // Version 2 of survey A: later responses carry version 2.
  await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${a.id}`, headers: admin, payload: { definition: { questions: DEFINITION.questions.map((q) => (q.id === 'comment' ? { ...q, text: 'Why that score?' } : q)) } } });
  await publish(c, admin, a.id);
  await answer(a, 100, 3);
}, 120_000);
afterAll(async () => c?.stop());

async function query(headers: Headers, body: AnalyticsQuery): Promise<AnalyticsResult> {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/analytics/query', headers, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** NPS of scores, computed here. */
function nps(scores: number[]) {
  const n = scores.length;
  const p = scores.filter((s) => s >= 9).length / n;
  const d = scores.filter((s) => s <= 6).length / n;
  return { n, score: 100 * (p - d), se: 100 * Math.sqrt((p + d - (p - d) ** 2) / n) };
}

const DIMENSIONS = ['language', 'channel', 'audience', 'version', 'touch_point', 'account_owner', 'attr:market', 'attr:product'];

describe('the analytics explorer', () => {
  it('keeps the segment rollup equal to a recompute from the responses', async () => {
    const rows = async () =>
      (await sql`select survey_id, question_id, dimension, value, unit_id, day::text, n, sum, sum_sq, counts from rollup_segments where survey_id = ${a.id} order by 2, 3, 4, 5, 6`.execute(c.handle.db)).rows;
    const live = await rows();
    expect(new Set(live.map((r) => (r as { dimension: string }).dimension))).toEqual(new Set(DIMENSIONS));
    await refreshRollups(c.handle.db, a.id, await loadRollupKeys(c.handle.db, a.id), '2026-01-01', '2026-03-31');
    expect(await rows()).toEqual(live);
  });

  it('answers NPS by market × month from the rollup with the numbers computed from the scores', async () => {
    const r = await query(admin, { surveys: [a.id], groupBy: 'attr:market', interval: 'month' });
    expect(r.source).toBe('rollup');
    expect(r.groups.map((g) => g.value)).toEqual(['islands', 'north', 'south']);
    for (const cell of r.cells) {
      const scores = made.filter((m) => m.survey === a.id && m.market === cell.group && `${m.day.slice(0, 7)}-01` === cell.period).map((m) => m.nps);
      const want = nps(scores);
      expect(cell.n).toBe(want.n);
      expect(cell.value!).toBeCloseTo(want.score, 6);
      expect(cell.standardError!).toBeCloseTo(want.se, 6);
      expect(cell.comparison?.test).toBe('nps-z');
    }
    // Responses without a market are in no group.
    expect(r.overall.n).toBe(made.filter((m) => m.survey === a.id && m.market !== undefined).length);
  });

  it('gives exactly the same numbers from the rollups and from the raw responses, for every metric, grouping, interval and filter', async () => {
    const metrics: [AnalyticsQuery['metric'], string | undefined][] = [
      ['nps', undefined], ['csat', 'sat'], ['ces', 'effort'], ['mean', 'effort'], ['top-box', 'nps'], ['top-two-box', 'sat'],
    ];
    const filters: AnalyticsQuery['filters'][] = [[], [{ dimension: 'attr:market', values: ['north', 'islands'] }]];
    let fromRollup = 0;
    for (const [metric, question] of metrics) {
      for (const groupBy of [undefined, ...DIMENSIONS]) {
        for (const interval of [undefined, 'day', 'week', 'month', 'quarter'] as const) {
          for (const f of filters) {
            const body: AnalyticsQuery = { surveys: [a.id, b.id], metric, groupBy, interval, filters: f, ...(question ? { question } : {}), from: '2026-01-05', to: '2026-03-20' };
            const auto = await query(admin, body);
            const raw = await query(admin, { ...body, source: 'raw' });
            expect(raw.source).toBe('raw');
            if (auto.source === 'rollup') fromRollup++;
            expect(auto.cells).toEqual(raw.cells);
            expect(auto.overall).toEqual(raw.overall);
            expect(auto.groups).toEqual(raw.groups);
          }
        }
      }
    }
    // No dimension, or one: the rollups answer (a filter on market with groupBy market too).
    expect(fromRollup).toBe(metrics.length * 5 * (1 + DIMENSIONS.length + 2));
  }, 300_000);

  it('cross-tabs two dimensions from the raw responses, the same numbers as grouping within a filter', async () => {
    const cross = await query(admin, { surveys: [a.id], groupBy: 'attr:market', crossBy: 'language' });
    expect(cross.source).toBe('raw');
    expect(cross.rawReason).toMatch(/one dimension at a time/);
    for (const lang of ['en', 'de']) {
      const one = await query(admin, { surveys: [a.id], groupBy: 'attr:market', filters: [{ dimension: 'language', values: [lang] }] });
      expect(cross.cells.filter((x) => x.cross === lang).map(({ cross: _, ...rest }) => rest)).toEqual(one.cells.map(({ cross: _, ...rest }) => rest));
    }
  });

  it('labels touch points, owners and versions', async () => {
    const tp = await query(admin, { surveys: [a.id], groupBy: 'touch_point' });
    expect(tp.groups.map((g) => g.label)).toEqual(['Service call']);
    const v = await query(admin, { surveys: [a.id], groupBy: 'version' });
    expect(v.groups.map((g) => g.label)).toEqual(['Version 1', 'Version 2']);
    expect(v.cells.map((x) => x.n)).toEqual([160, 100]);
    const owner = await query(admin, { surveys: [a.id], groupBy: 'account_owner' });
    expect(owner.groups).toHaveLength(2);
    expect(owner.cells.reduce((s, x) => s + x.n, 0)).toBe(made.filter((m) => m.survey === a.id && m.unit === co.bankingEmea.id).length);
  });

  it("shows a market's manager only their market's responses, through groups, filters and dimension values", async () => {
    const mine = made.filter((m) => m.survey === a.id && m.unit !== co.insurance.id && m.unit !== co.company.id);
    for (const source of ['auto', 'raw'] as const) {
      const all = await query(manager, { surveys: [a.id], source });
      expect(all.overall.n).toBe(mine.length);
      const byMarket = await query(manager, { surveys: [a.id], groupBy: 'market', source });
      expect(byMarket.groups.map((g) => g.value)).toEqual(['north', 'south']);
      const islands = await query(manager, { surveys: [a.id], filters: [{ dimension: 'attr:market', values: ['islands'] }], source });
      expect(islands.overall.n).toBe(0);
      expect(islands.cells).toEqual([]);
      const crossed = await query(manager, { surveys: [a.id], groupBy: 'language', crossBy: 'attr:market', source });
      expect(crossed.crosses.map((x) => x.value)).toEqual(['north', 'south']);
    }
    const res = await c.app.inject({ url: `/api/v1/analytics/dimensions?survey=${a.id}`, headers: manager });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<DimensionList>();
    expect(list.dimensions.find((d) => d.id === 'attr:market')?.values.map((v) => v.value)).toEqual(['north', 'south']);
    const adminList = (await c.app.inject({ url: `/api/v1/analytics/dimensions?survey=${a.id}`, headers: admin })).json<DimensionList>();
    expect(adminList.dimensions.find((d) => d.id === 'attr:market')?.values.map((v) => v.value)).toEqual(['islands', 'north', 'south']);
    expect(adminList.questions.map((q) => q.key)).toEqual(['nps', 'sat', 'effort']);
  });

  it('refuses bad input with a stable code', async () => {
    const post = (payload: Record<string, unknown>) => c.app.inject({ method: 'POST', url: '/api/v1/analytics/query', headers: admin, payload });
    expectError(await post({ surveys: [a.id], groupBy: 'colour' }), 400, 'unknown_dimension');
    expectError(await post({ surveys: [a.id], filters: [{ dimension: 'attr:colour', values: ['red'] }] }), 400, 'unknown_dimension');
    expectError(await post({ surveys: [a.id], question: 'comment' }), 400, 'question_not_scale');
    expectError(await post({ surveys: [a.id], question: 'nope' }), 400, 'unknown_question');
    expectError(await post({ surveys: [a.id], from: '2026-03-01', to: '2026-02-01' }), 400, 'invalid_period');
    expectError(await post({ surveys: [a.id], metric: 'csat' }), 400, 'metric_not_applicable');
    expectError(await post({ surveys: [a.id], crossBy: 'language' }), 400, 'cross_without_group');
    expectError(await post({ surveys: [a.id], metric: 'median' }), 400, 'validation_failed');
    expectError(await post({ surveys: ['00000000-0000-4000-8000-000000000000'] }), 404, 'not_found');
  });

  it('stops rolling up a dimension past 200 values, and says the answer comes from responses', async () => {
    const s = await liveSurvey(c, admin, { definition: DEFINITION });
    const live = await findLiveSurvey(c.services, s.slug);
    for (let i = 0; i < 205; i += 41) {
      await Promise.all(Array.from({ length: 41 }, (_, k) => submitResponse(c.services, live, { answers: { nps: (i + k) % 11 }, attributes: { ticket: `T-${i + k}`, market: 'north' } })));
    }
    const list = (await c.app.inject({ url: `/api/v1/analytics/dimensions?survey=${s.id}`, headers: admin })).json<DimensionList>();
    expect(list.dimensions.find((d) => d.id === 'attr:ticket')).toMatchObject({ rolledUp: false, values: [] });
    expect(list.dimensions.find((d) => d.id === 'attr:market')).toMatchObject({ rolledUp: true });
    const tickets = await query(admin, { surveys: [s.id], groupBy: 'ticket' });
    expect(tickets.source).toBe('raw');
    expect(tickets.rawReason).toMatch(/more than 200 values/);
    expect(tickets.groups).toHaveLength(205);
    const left = await sql<{ n: number }>`select count(*)::int as n from rollup_segments where survey_id = ${s.id} and dimension = 'attr:ticket'`.execute(c.handle.db);
    expect(left.rows[0]?.n).toBe(0);
  });

  it('keeps each monthly row the sum of its days over all units, as responses arrive and after a recompute', async () => {
    const months = async () =>
      (await sql<{ sum: number; sum_sq: number }>`select question_id, dimension, value, month::text, n, sum, sum_sq, counts from rollup_segment_months where survey_id = ${a.id} order by 1, 2, 3, 4`.execute(c.handle.db)).rows;
    const fromDays = async () => {
      const { rows } = await sql<{ question_id: string; dimension: string; value: string; day: string; n: number; sum: number; sum_sq: number; counts: Record<string, number> }>`
        select question_id, dimension, value, day::text, n, sum, sum_sq, counts from rollup_segments where survey_id = ${a.id}`.execute(c.handle.db);
      const out = new Map<string, { question_id: string; dimension: string; value: string; month: string; n: number; sum: number; sum_sq: number; counts: Record<string, number> }>();
      for (const r of rows) {
        const month = `${r.day.slice(0, 7)}-01`;
        const k = [r.question_id, r.dimension, r.value, month].join('|');
        const m = out.get(k) ?? { question_id: r.question_id, dimension: r.dimension, value: r.value, month, n: 0, sum: 0, sum_sq: 0, counts: {} };
        m.n += r.n;
        m.sum += r.sum;
        m.sum_sq += r.sum_sq;
        for (const [v, n] of Object.entries(r.counts)) m.counts[v] = (m.counts[v] ?? 0) + n;
        out.set(k, m);
      }
      return [...out.values()].sort((x, y) => [x.question_id, x.dimension, x.value, x.month].join('|').localeCompare([y.question_id, y.dimension, y.value, y.month].join('|'), 'en'));
    };
    const live = await months();
    expect(live.length).toBeGreaterThan(0);
    const expected = await fromDays();
    expect(live.map((r) => ({ ...r, sum: Number(r.sum.toFixed(6)), sum_sq: Number(r.sum_sq.toFixed(6)) }))).toEqual(expected.map((r) => ({ ...r, sum: Number(r.sum.toFixed(6)), sum_sq: Number(r.sum_sq.toFixed(6)) })));
    // A recompute of a window that starts and ends inside months (as `corridor rollups` windows do) leaves the same rows.
    await refreshRollups(c.handle.db, a.id, await loadRollupKeys(c.handle.db, a.id), '2026-01-20', '2026-02-10');
    expect(await months()).toEqual(live);
  });

  it('gives the raw numbers from whole months and the partial days at either end, and reads days alone for a scoped viewer', async () => {
    const ranges: [string | undefined, string | undefined][] = [
      [undefined, undefined], ['2026-01-01', '2026-03-31'], ['2026-01-01', '2026-02-28'], ['2026-01-15', undefined], [undefined, '2026-02-14'],
      ['2026-02-03', '2026-02-25'], ['2026-01-31', '2026-03-01'], ['2025-12-15', '2026-04-15'],
    ];
    let monthly = 0;
    for (const [from, to] of ranges) {
      for (const interval of [undefined, 'month', 'quarter'] as const) {
        for (const [viewer, scope] of [[admin, { all: true } as const], [manager, { all: false, unitPath: co.banking.path } as const]] as const) {
          const body: AnalyticsQuery = { surveys: [a.id, b.id], groupBy: 'attr:market', interval, ...(from ? { from } : {}), ...(to ? { to } : {}) };
          const auto = await query(viewer, body);
          const raw = await query(viewer, { ...body, source: 'raw' });
          expect(auto.source).toBe('rollup');
          expect(auto.cells).toEqual(raw.cells);
          expect(auto.overall).toEqual(raw.overall);
          const grain = monthGrainOf({ surveys: [{ surveyId: a.id, key: 'nps', scope }], interval: interval ?? null, from: from ?? null, to: to ?? null });
          if (grain !== null) monthly++;
          if (viewer === manager) expect(grain).toBeNull();
        }
      }
    }
    // Every range but the one inside February has whole months, for the admin.
    expect(monthly).toBe((ranges.length - 1) * 3);
  });
  it('reads every histogram key when a rollup row holds one off the scale (counted, not dropped), by day and by month', async () => {
    const count = (rows: { c: number }[]) => rows.reduce((n, r) => n + r.c, 0);
    // By day the daily rows answer; over all time the monthly ones do: a key added to one row of each shows in its read.
    for (const [table, interval] of [['rollup_segments', 'day'], ['rollup_segment_months', null]] as const) {
      const spec = { surveys: [{ surveyId: b.id, key: 'nps', scope: { all: true } as const }], interval, from: null, to: null, groupBy: 'language', crossBy: null, filters: new Map(), scale: { min: 0, max: 10 } };
      expect(monthGrainOf(spec) !== null).toBe(table === 'rollup_segment_months');
      const before = count(await readRollup(c.handle.db, spec));
      // A key the per-value sums do not ask for: its row's counts fall short of its n.
      await sql`
        update ${sql.table(table)} set counts = counts || '{"11": 1}'::jsonb, n = n + 1
        where ctid = (select ctid from ${sql.table(table)} where survey_id = ${b.id} and question_id = 'nps' and dimension = 'language' limit 1)`.execute(c.handle.db);
      const after = await readRollup(c.handle.db, spec);
      expect(count(after)).toBe(before + 1);
      expect(after.filter((r) => r.v === '11').map((r) => r.c)).toEqual([1]);
    }
  });
});
