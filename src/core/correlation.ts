import jstat from 'jstat';
import { Z_95 } from './nps.ts';

const { jStat } = jstat;

/**
 * Correlation across units (eNPS against customer NPS): Pearson's r, Spearman's ρ (Pearson's r of the
 * ranks, ties given their average rank), a two-sided p-value from t = r·√((n − 2)/(1 − r²)) with n − 2
 * degrees of freedom (the test SciPy's pearsonr and spearmanr report), and a 95% confidence interval
 * by Fisher's z: z = atanh(r), SE = 1/√(n − 3), interval tanh(z ± 1.96·SE) (Fisher, 1921).
 */

export interface Correlation {
  r: number | null;
  n: number;
  /** Two-sided p-value of "no correlation"; null with fewer than three pairs. */
  pValue: number | null;
  /** 95% interval by Fisher's z; null with fewer than four pairs. */
  interval: [number, number] | null;
}

/** Pearson's product-moment correlation of paired values; null when either side does not vary. */
export function pearsonR(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks from 1, ties sharing the average of the ranks they span. */
export function rankWithTies(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** The two-sided p-value of r over n pairs by the t test with n − 2 degrees of freedom. */
export function correlationPValue(r: number, n: number): number | null {
  if (n < 3) return null;
  if (Math.abs(r) >= 1) return 0;
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  return Math.min(1, 2 * (1 - jStat.studentt.cdf(Math.abs(t), n - 2)));
}

/** The 95% interval of a correlation by Fisher's z transformation; null with fewer than four pairs. */
export function fisherInterval(r: number, n: number, z = Z_95): [number, number] | null {
  if (n < 4) return null;
  if (Math.abs(r) >= 1) return [r, r];
  const centre = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  return [Math.tanh(centre - z * se), Math.tanh(centre + z * se)];
}

function describe(r: number | null, n: number): Correlation {
  return { r, n, pValue: r === null ? null : correlationPValue(r, n), interval: r === null ? null : fisherInterval(r, n) };
}

/** Pearson's r of the pairs, with its p-value and interval. */
export function correlatePearson(xs: readonly number[], ys: readonly number[]): Correlation {
  return describe(pearsonR(xs, ys), Math.min(xs.length, ys.length));
}

/** Spearman's ρ of the pairs (Pearson's r of their ranks), with its p-value and interval. */
export function correlateSpearman(xs: readonly number[], ys: readonly number[]): Correlation {
  const n = Math.min(xs.length, ys.length);
  return describe(pearsonR(rankWithTies(xs.slice(0, n)), rankWithTies(ys.slice(0, n))), n);
}

export type AssociationStrength = 'none' | 'weak' | 'moderate' | 'strong';

export interface Association {
  strength: AssociationStrength;
  direction: 'positive' | 'negative' | null;
  /** The p-value is under 0.05: a correlation this large would rarely arise by chance with this many units. */
  significant: boolean;
}

/**
 * How to say a correlation in words, by the usual reading of |r| (Cohen, 1988): under 0.1 none,
 * under 0.3 weak, under 0.5 moderate, else strong; significant when p < 0.05.
 */
export function describeAssociation(c: Correlation): Association {
  if (c.r === null) return { strength: 'none', direction: null, significant: false };
  const a = Math.abs(c.r);
  const strength: AssociationStrength = a < 0.1 ? 'none' : a < 0.3 ? 'weak' : a < 0.5 ? 'moderate' : 'strong';
  return { strength, direction: strength === 'none' ? null : c.r > 0 ? 'positive' : 'negative', significant: c.pValue !== null && c.pValue < 0.05 };
}
