import jstat from 'jstat';
import { meanOf, varianceOf, type Moments } from '../metrics.ts';

const { jStat } = jstat;

/**
 * The explorer's theme statistics, from counts and score moments the server sums:
 *
 * - trending: the share of verbatims carrying a theme in a month against a baseline of months before,
 *   with the pooled two-proportion z test, z = (p₁ − p₀) / sqrt(p̄(1 − p̄)(1/n₁ + 1/n₀)), two-sided p
 *   from the standard normal — or Fisher's exact p when an expected count is under 5;
 * - effect on the score: the mean score of verbatims with the theme minus the mean of those without,
 *   with Welch's 95% interval, difference ± t(0.975, ν)·sqrt(s₁²/n₁ + s₀²/n₀), ν by Welch–Satterthwaite
 *   (Welch, 1947).
 */

export interface ShareCount {
  count: number;
  total: number;
}

export interface ProportionTest {
  /** Null when either period has no verbatims, or both shares are 0 or 1 (no variance). */
  z: number | null;
  /** From the z test; from Fisher's exact test when an expected count of the 2×2 table is under 5. */
  p: number | null;
  test: 'z' | 'fisher' | null;
}

const ALPHA = 0.05;
/** The smallest expected count in each cell for the z test's normal approximation (the usual rule of 5). */
const MIN_EXPECTED = 5;
/** A theme is called rising only when the month has at least this many verbatims with it. */
const MIN_MENTIONS = 3;
const clamp01 = (p: number) => Math.min(1, Math.max(0, p));

const logChoose = (n: number, k: number) => jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1);

/**
 * Fisher's exact test of a 2×2 table (two-sided: the probabilities of every table with the same
 * margins no likelier than the one observed; Fisher, 1922), as scipy.stats.fisher_exact computes it.
 */
export function fisherExact(current: ShareCount, baseline: ShareCount): number {
  const n1 = current.total;
  const n2 = baseline.total;
  const k = current.count + baseline.count;
  const logP = (x: number) => logChoose(k, x) + logChoose(n1 + n2 - k, n1 - x) - logChoose(n1 + n2, n1);
  const observed = logP(current.count);
  let sum = 0;
  for (let x = Math.max(0, k - n2); x <= Math.min(k, n1); x++) {
    const lp = logP(x);
    // The same relative tolerance as SciPy, so ties count as ties.
    if (lp <= observed + 1e-7) sum += Math.exp(lp);
  }
  return clamp01(sum);
}

/** The pooled two-proportion z test of current against baseline (two-sided), exact for small counts. */
export function testProportions(current: ShareCount, baseline: ShareCount): ProportionTest {
  if (current.total === 0 || baseline.total === 0) return { z: null, p: null, test: null };
  const p1 = current.count / current.total;
  const p0 = baseline.count / baseline.total;
  const pooled = (current.count + baseline.count) / (current.total + baseline.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / current.total + 1 / baseline.total));
  if (se === 0) return { z: null, p: null, test: null };
  const z = (p1 - p0) / se;
  const expected = [current.total, baseline.total].flatMap((n) => [n * pooled, n * (1 - pooled)]);
  if (expected.some((e) => e < MIN_EXPECTED)) return { z, p: fisherExact(current, baseline), test: 'fisher' };
  return { z, p: clamp01(2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))), test: 'z' };
}

export interface TrendingInput {
  key: string;
  current: ShareCount;
  baseline: ShareCount;
}

export interface TrendingResult extends TrendingInput, ProportionTest {
  currentShare: number;
  baselineShare: number;
  /** Significant at α, the share rose, and the month has a few verbatims with the theme (not one or two). */
  rising: boolean;
}

const share = (s: ShareCount) => (s.total === 0 ? 0 : s.count / s.total);

/** Tests each theme's rise, largest z first (themes without a z last). */
export function rankTrendingThemes(themes: readonly TrendingInput[], alpha = ALPHA): TrendingResult[] {
  return themes
    .map((t) => {
      const test = testProportions(t.current, t.baseline);
      return { ...t, ...test, currentShare: share(t.current), baselineShare: share(t.baseline), rising: test.z !== null && test.z > 0 && test.p !== null && test.p < alpha && t.current.count >= MIN_MENTIONS };
    })
    .sort((a, b) => (b.z ?? Number.NEGATIVE_INFINITY) - (a.z ?? Number.NEGATIVE_INFINITY) || a.key.localeCompare(b.key));
}

export interface ScoreEffect {
  withMean: number | null;
  withoutMean: number | null;
  /** with − without; null when a side has no score. */
  difference: number | null;
  /** Welch's interval; null when a side has fewer than 2 scores or neither varies. */
  ci: { low: number; high: number } | null;
  df: number | null;
}

/** The difference of mean scores with and without a theme, with its Welch confidence interval. */
export function effectOnScore(withTheme: Moments, withoutTheme: Moments, level = 0.95): ScoreEffect {
  const m1 = meanOf(withTheme);
  const m0 = meanOf(withoutTheme);
  const difference = m1 === null || m0 === null ? null : m1 - m0;
  const v1 = varianceOf(withTheme);
  const v0 = varianceOf(withoutTheme);
  if (difference === null || v1 === null || v0 === null) return { withMean: m1, withoutMean: m0, difference, ci: null, df: null };
  const q1 = v1 / withTheme.n;
  const q0 = v0 / withoutTheme.n;
  const se = Math.sqrt(q1 + q0);
  if (se === 0) return { withMean: m1, withoutMean: m0, difference, ci: null, df: null };
  const df = (q1 + q0) ** 2 / (q1 ** 2 / (withTheme.n - 1) + q0 ** 2 / (withoutTheme.n - 1));
  const t = jStat.studentt.inv(1 - (1 - level) / 2, df);
  return { withMean: m1, withoutMean: m0, difference, ci: { low: difference - t * se, high: difference + t * se }, df };
}

/** The calendar months (YYYY-MM, UTC) from `months - 1` before `last` to `last`, oldest first. */
export function monthsEndingAt(last: string, months: number): string[] {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}
