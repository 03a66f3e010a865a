import { sql } from 'kysely';
import type { ThemeEffects, ThemeTrend, ThemeTrendQuery, TrendingThemes, TrendingThemesQuery, VerbatimFilter } from '../../../contract/verbatims.ts';
import { effectOnScore, monthsEndingAt, rankTrendingThemes } from '../../../core/text/theme-stats.ts';
import type { Services } from '../../context.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { filterCondition } from './filters.ts';
import { namesOf } from './search.ts';

/** Theme trend, trending themes and each theme's effect on the score, under the explorer's filter. */

const monthOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthStart = (m: string) => new Date(`${m}-01T00:00:00Z`);
const nextMonthStart = (m: string) => {
  const d = monthStart(m);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
};
const MONTH = sql<string>`to_char(v.occurred_at at time zone 'UTC', 'YYYY-MM')`;

/** Counts per month of all verbatims and of each theme, between two months (inclusive). */
async function monthlyCounts(svc: Services, actor: Actor, filter: Partial<VerbatimFilter>, first: string, last: string) {
  const where = await filterCondition(svc.db, actor, filter);
  const period = sql<boolean>`v.occurred_at >= ${monthStart(first)} and v.occurred_at < ${nextMonthStart(last)}`;
  const [totals, themes] = await Promise.all([
    sql<{ month: string; n: number }>`select ${MONTH} as month, count(*)::int as n from verbatims v where ${where} and ${period} group by 1`.execute(svc.db),
    sql<{ month: string; key: string; n: number }>`
      select ${MONTH} as month, t.key, count(*)::int as n from verbatims v cross join lateral unnest(v.themes) as t(key)
       where ${where} and ${period} group by 1, 2`.execute(svc.db),
  ]);
  return { totals: totals.rows, themes: themes.rows };
}

export async function getThemeTrend(svc: Services, actor: Actor, query: ThemeTrendQuery): Promise<ThemeTrend> {
  authorize(actor, 'responses.read');
  const { months: count, top, ...filter } = query;
  const months = monthsEndingAt(monthOf(svc.now()), count);
  const counts = await monthlyCounts(svc, actor, filter, months[0] ?? '', months.at(-1) ?? '');
  const names = (await namesOf(svc.db, companyIdOf(actor.unitPath))).themes;
  const index = new Map(months.map((m, i) => [m, i]));
  const totals = months.map(() => 0);
  for (const r of counts.totals) totals[index.get(r.month) ?? -1] = r.n;
  const series = new Map<string, number[]>();
  for (const r of counts.themes) {
    if (!names.has(r.key)) continue;
    const row = series.get(r.key) ?? months.map(() => 0);
    row[index.get(r.month) ?? -1] = r.n;
    series.set(r.key, row);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ranked = [...series].sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0])).slice(0, top);
  return { months, totals, series: ranked.map(([key, c]) => ({ key, name: names.get(key) ?? key, counts: c })) };
}

export async function getTrendingThemes(svc: Services, actor: Actor, query: TrendingThemesQuery): Promise<TrendingThemes> {
  authorize(actor, 'responses.read');
  const { month: asked, baselineMonths: k, ...filter } = query;
  const month = asked ?? monthOf(svc.now());
  const all = monthsEndingAt(month, k + 1);
  const baselineMonths = all.slice(0, k);
  const counts = await monthlyCounts(svc, actor, filter, all[0] ?? month, month);
  const names = (await namesOf(svc.db, companyIdOf(actor.unitPath))).themes;
  const inBaseline = new Set(baselineMonths);
  const total = { current: 0, baseline: 0 };
  for (const r of counts.totals) {
    if (r.month === month) total.current += r.n;
    else if (inBaseline.has(r.month)) total.baseline += r.n;
  }
  const byKey = new Map<string, { current: number; baseline: number }>();
  for (const r of counts.themes) {
    if (!names.has(r.key)) continue;
    const c = byKey.get(r.key) ?? { current: 0, baseline: 0 };
    if (r.month === month) c.current += r.n;
    else if (inBaseline.has(r.month)) c.baseline += r.n;
    byKey.set(r.key, c);
  }
  const ranked = rankTrendingThemes(
    [...byKey].map(([key, c]) => ({ key, current: { count: c.current, total: total.current }, baseline: { count: c.baseline, total: total.baseline } })),
  );
  return {
    month,
    baselineMonths,
    themes: ranked.map((r) => ({
      key: r.key,
      name: names.get(r.key) ?? r.key,
      current: { ...r.current, share: r.currentShare },
      baseline: { ...r.baseline, share: r.baselineShare },
      z: r.z,
      p: r.p,
      test: r.test,
      rising: r.rising,
    })),
  };
}

export async function getThemeEffects(svc: Services, actor: Actor, filter: VerbatimFilter): Promise<ThemeEffects> {
  authorize(actor, 'responses.read');
  const where = await filterCondition(svc.db, actor, filter);
  const [overall, themes] = await Promise.all([
    sql<{ n: number; sum: number; sum_sq: number }>`
      select count(*)::int as n, coalesce(sum(v.score), 0)::float8 as sum, coalesce(sum(v.score * v.score), 0)::float8 as sum_sq
        from verbatims v where ${where} and v.score is not null`.execute(svc.db),
    sql<{ key: string; n: number; sum: number; sum_sq: number }>`
      select t.key, count(*)::int as n, sum(v.score)::float8 as sum, sum(v.score * v.score)::float8 as sum_sq
        from verbatims v cross join lateral unnest(v.themes) as t(key)
       where ${where} and v.score is not null group by t.key`.execute(svc.db),
  ]);
  const names = (await namesOf(svc.db, companyIdOf(actor.unitPath))).themes;
  const all = overall.rows[0] ?? { n: 0, sum: 0, sum_sq: 0 };
  const effects = themes.rows
    .filter((t) => names.has(t.key))
    .map((t) => {
      const withTheme = { n: t.n, sum: t.sum, sumSq: t.sum_sq };
      const without = { n: all.n - t.n, sum: all.sum - t.sum, sumSq: all.sum_sq - t.sum_sq };
      const e = effectOnScore(withTheme, without);
      return {
        key: t.key,
        name: names.get(t.key) ?? t.key,
        with: { n: withTheme.n, mean: e.withMean },
        without: { n: without.n, mean: e.withoutMean },
        difference: withTheme.n >= 2 && without.n >= 2 ? e.difference : null,
        ci: e.ci,
      };
    })
    .sort((a, b) => (a.difference ?? Number.POSITIVE_INFINITY) - (b.difference ?? Number.POSITIVE_INFINITY) || a.key.localeCompare(b.key));
  return { n: all.n, themes: effects };
}
