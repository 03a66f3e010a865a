import jstat from 'jstat';
import { countOf, meanOf, momentsOfHistogram, shareTest, varianceOf, type MetricKind, type Moments, type ScaleRange } from './metrics.ts';
import { countNpsBands, SMALL_SAMPLE, type NpsCounts } from './nps.ts';

const { jStat } = jstat;

/**
 * Is a difference between two groups real? Three tests, each two-sided at α = 0.05 by default:
 *
 * - NPS: z = (NPS_a − NPS_b) / sqrt(SE_a² + SE_b²), each SE from the NPS variance
 *   (p + d − (p − d)²)/n of the −1/0/+1 variable (the shared reference's margin-of-error formula);
 * - a proportion (CSAT, CES agreement, boxes): the pooled two-proportion z test,
 *   z = (p_a − p_b) / sqrt(p̄(1 − p̄)(1/n_a + 1/n_b));
 * - a mean: Welch's t test, t = (x̄_a − x̄_b) / sqrt(s_a²/n_a + s_b²/n_b), with the Welch–Satterthwaite
 *   degrees of freedom (Welch, 1947).
 *
 * A group under 30 answers is flagged small and never called significant, so a dashboard does not put a
 * confident arrow on three responses.
 */

export interface Comparison {
  test: 'nps-z' | 'two-proportion-z' | 'welch-t';
  /** a − b in the metric's units: NPS points, percentage points, scale points. */
  difference: number | null;
  standardError: number | null;
  statistic: number | null;
  df: number | null;
  /** Two-sided. */
  pValue: number | null;
  significant: boolean;
  smallSample: boolean;
}

const ALPHA = 0.05;

// Clamped: the library's distributions are accurate to about 1e-8, which may step just past 1.
const probability = (p: number) => Math.min(1, Math.max(0, p));

function normalTwoSided(z: number): number {
  return probability(2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1)));
}

function verdict(test: Comparison['test'], difference: number | null, se: number | null, statistic: number | null, df: number | null, p: number | null, small: boolean, alpha: number): Comparison {
  return { test, difference, standardError: se, statistic, df, pValue: p, significant: !small && p !== null && p < alpha, smallSample: small };
}

/** Compares two NPS results from their band counts. */
export function compareNps(a: NpsCounts, b: NpsCounts, alpha = ALPHA): Comparison {
  const stats = [a, b].map((c) => {
    const n = c.promoters + c.passives + c.detractors;
    if (n === 0) return null;
    const p = c.promoters / n;
    const d = c.detractors / n;
    return { n, score: 100 * (p - d), variance: (10_000 * Math.max(0, p + d - (p - d) ** 2)) / n };
  });
  const [x, y] = stats;
  const small = !x || !y || x.n < SMALL_SAMPLE || y.n < SMALL_SAMPLE;
  if (!x || !y) return verdict('nps-z', null, null, null, null, null, true, alpha);
  const difference = x.score - y.score;
  const se = Math.sqrt(x.variance + y.variance);
  if (se === 0) return verdict('nps-z', difference, 0, null, null, difference === 0 ? 1 : 0, small, alpha);
  const z = difference / se;
  return verdict('nps-z', difference, se, z, null, normalTwoSided(z), small, alpha);
}

/** Compares two proportions (counts out of n), in percentage points, with the pooled z test. */
export function compareProportions(a: { count: number; n: number }, b: { count: number; n: number }, alpha = ALPHA): Comparison {
  const small = a.n < SMALL_SAMPLE || b.n < SMALL_SAMPLE;
  if (a.n === 0 || b.n === 0) return verdict('two-proportion-z', null, null, null, null, null, true, alpha);
  const pa = a.count / a.n;
  const pb = b.count / b.n;
  const pooled = (a.count + b.count) / (a.n + b.n);
  const difference = 100 * (pa - pb);
  const se = 100 * Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return verdict('two-proportion-z', difference, 0, null, null, 1, small, alpha);
  const z = difference / se;
  return verdict('two-proportion-z', difference, se, z, null, normalTwoSided(z), small, alpha);
}

/** Compares two means with Welch's unequal-variances t test. */
export function welchTest(a: Moments, b: Moments, alpha = ALPHA): Comparison {
  const small = a.n < SMALL_SAMPLE || b.n < SMALL_SAMPLE;
  const ma = meanOf(a);
  const mb = meanOf(b);
  const va = varianceOf(a);
  const vb = varianceOf(b);
  if (ma === null || mb === null) return verdict('welch-t', null, null, null, null, null, true, alpha);
  const difference = ma - mb;
  if (va === null || vb === null) return verdict('welch-t', difference, null, null, null, null, true, alpha);
  const qa = va / a.n;
  const qb = vb / b.n;
  const se = Math.sqrt(qa + qb);
  if (se === 0) return verdict('welch-t', difference, 0, null, null, difference === 0 ? 1 : 0, small, alpha);
  const t = difference / se;
  const df = (qa + qb) ** 2 / (qa ** 2 / (a.n - 1) + qb ** 2 / (b.n - 1));
  const p = probability(2 * (1 - jStat.studentt.cdf(Math.abs(t), df)));
  return verdict('welch-t', difference, se, t, df, p, small, alpha);
}

/** Compares one metric between two histograms with the test that fits it. */
export function compareMetric(kind: MetricKind, a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>, scale: ScaleRange, alpha = ALPHA): Comparison {
  if (kind === 'nps') return compareNps(countNpsBands(a), countNpsBands(b), alpha);
  const test = shareTest(kind, scale);
  if (test) return compareProportions(countOf(a, test), countOf(b, test), alpha);
  return welchTest(momentsOfHistogram(a), momentsOfHistogram(b), alpha);
}
