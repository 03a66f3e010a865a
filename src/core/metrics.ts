import jstat from 'jstat';
import { computeNps, countNpsBands, SMALL_SAMPLE, Z_95 } from './nps.ts';

const { jStat } = jstat;

/**
 * Summary metrics of scale answers, computed from histograms (answer value as text → count), the form
 * the daily rollups keep, so a dashboard over a year adds up a few hundred histograms and never reads
 * a response.
 *
 * Sources: CSAT as the top-two-box share of the 1–5 satisfaction scale (ACSI / industry convention);
 * CES 2.0 on a 1–7 agreement scale, reported as its mean and as the share agreeing (5–7) (Dixon,
 * Freeman & Toman, "Stop Trying to Delight Your Customers", HBR 2010, and CEB's CES 2.0); shares carry
 * the binomial standard error sqrt(p(1 − p)/n) with a 95 % normal interval; a mean's interval uses
 * Student's t with n − 1 degrees of freedom.
 */

/** Count, sum and sum of squares: enough for a mean and a variance, and they add up across rollup rows. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export function momentsOf(values: readonly number[]): Moments {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  return { n: values.length, sum, sumSq };
}

export function momentsOfHistogram(h: Readonly<Record<string, number>>): Moments {
  const m: Moments = { n: 0, sum: 0, sumSq: 0 };
  for (const [value, count] of Object.entries(h)) {
    const v = Number(value);
    m.n += count;
    m.sum += v * count;
    m.sumSq += v * v * count;
  }
  return m;
}

export function addMoments(a: Moments, b: Moments): Moments {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq };
}

export function meanOf(m: Moments): number | null {
  return m.n === 0 ? null : m.sum / m.n;
}

/** The sample variance (divisor n − 1); null below two values. Clamped at 0 against rounding. */
export function varianceOf(m: Moments): number | null {
  if (m.n < 2) return null;
  return Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/** A share in percent (0–100) with its binomial standard error and 95 % interval. */
export interface ShareResult {
  n: number;
  count: number;
  share: number | null;
  standardError: number | null;
  interval: [number, number] | null;
  smallSample: boolean;
}

export function computeShare(count: number, n: number): ShareResult {
  if (n === 0) return { n, count, share: null, standardError: null, interval: null, smallSample: true };
  const p = count / n;
  const standardError = 100 * Math.sqrt((p * (1 - p)) / n);
  const share = (100 * count) / n;
  const half = Z_95 * standardError;
  return { n, count, share, standardError, interval: [Math.max(0, share - half), Math.min(100, share + half)], smallSample: n < SMALL_SAMPLE };
}

export interface RatingSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  standardError: number | null;
  /** 95 % interval of the mean, with Student's t quantile for n − 1 degrees of freedom. */
  interval: [number, number] | null;
  topBox: ShareResult;
  topTwoBox: ShareResult;
  bottomBox: ShareResult;
  bottomTwoBox: ShareResult;
  /** Every whole value of the scale, min..max, with its count (values off the scale are not listed). */
  distribution: { value: number; count: number }[];
  smallSample: boolean;
}

export interface ScaleRange {
  min: number;
  max: number;
}

function countWhere(h: Readonly<Record<string, number>>, test: (v: number) => boolean): number {
  let c = 0;
  for (const [value, count] of Object.entries(h)) if (test(Number(value))) c += count;
  return c;
}

/** Mean, spread, boxes and distribution of a rating's histogram on its scale. */
export function summarizeRating(h: Readonly<Record<string, number>>, scale: ScaleRange): RatingSummary {
  const m = momentsOfHistogram(h);
  const mean = meanOf(m);
  const variance = varianceOf(m);
  const sd = variance === null ? null : Math.sqrt(variance);
  const standardError = sd === null ? null : sd / Math.sqrt(m.n);
  let interval: [number, number] | null = null;
  if (mean !== null && standardError !== null) {
    const half = jStat.studentt.inv(0.975, m.n - 1) * standardError;
    interval = [mean - half, mean + half];
  }
  const share = (test: (v: number) => boolean) => computeShare(countWhere(h, test), m.n);
  const distribution: { value: number; count: number }[] = [];
  for (let v = Math.ceil(scale.min); v <= scale.max; v++) distribution.push({ value: v, count: h[String(v)] ?? 0 });
  return {
    n: m.n,
    mean,
    sd,
    standardError,
    interval,
    topBox: share((v) => v >= scale.max),
    topTwoBox: share((v) => v >= scale.max - 1),
    bottomBox: share((v) => v <= scale.min),
    bottomTwoBox: share((v) => v <= scale.min + 1),
    distribution,
    smallSample: m.n < SMALL_SAMPLE,
  };
}

const CSAT_SATISFIED = (v: number) => v >= 4;
const CES_AGREE = (v: number) => v >= 5;

/** CSAT: the share (percent) of 4 and 5 answers on the 1–5 satisfaction scale. */
export function computeCsat(h: Readonly<Record<string, number>>): ShareResult {
  const { count, n } = countOf(h, CSAT_SATISFIED);
  return computeShare(count, n);
}

/** CES on its 1–7 agreement scale: the mean, and the share agreeing (5, 6 or 7). */
export interface CesResult {
  mean: RatingSummary;
  agree: ShareResult;
}

export function computeCes(h: Readonly<Record<string, number>>): CesResult {
  const mean = summarizeRating(h, { min: 1, max: 7 });
  return { mean, agree: computeShare(countWhere(h, CES_AGREE), mean.n) };
}

/** The metrics a dashboard can show for a scale question. */
export const METRIC_KINDS = ['nps', 'csat', 'ces', 'mean', 'top-box', 'top-two-box'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface MetricValue {
  kind: MetricKind;
  value: number | null;
  n: number;
  standardError: number | null;
  interval: [number, number] | null;
  smallSample: boolean;
}

/**
 * One metric of a histogram: NPS (−100…100), CSAT and the boxes (percent), CES (share agreeing, percent;
 * its mean is `mean`), or the mean on the question's own scale.
 */
export function metricOfHistogram(kind: MetricKind, h: Readonly<Record<string, number>>, scale: ScaleRange): MetricValue {
  const fromShare = (s: ShareResult): MetricValue => ({ kind, value: s.share, n: s.n, standardError: s.standardError, interval: s.interval, smallSample: s.smallSample });
  switch (kind) {
    case 'nps': {
      const r = computeNps(countNpsBands(h));
      return { kind, value: r.score, n: r.n, standardError: r.standardError, interval: r.interval, smallSample: r.smallSample };
    }
    case 'csat':
    case 'ces':
    case 'top-box':
    case 'top-two-box': {
      const { count, n } = countOf(h, shareTest(kind, scale) ?? (() => false));
      return fromShare(computeShare(count, n));
    }
    case 'mean': {
      const r = summarizeRating(h, scale);
      return { kind, value: r.mean, n: r.n, standardError: r.standardError, interval: r.interval, smallSample: r.smallSample };
    }
  }
}

/** Which values count towards a share metric (csat, ces, boxes); null for NPS and the mean. */
export function shareTest(kind: MetricKind, scale: ScaleRange): ((v: number) => boolean) | null {
  switch (kind) {
    case 'csat':
      return CSAT_SATISFIED;
    case 'ces':
      return CES_AGREE;
    case 'top-box':
      return (v) => v >= scale.max;
    case 'top-two-box':
      return (v) => v >= scale.max - 1;
    default:
      return null;
  }
}

/** The count of a histogram's answers passing a test, with its total. */
export function countOf(h: Readonly<Record<string, number>>, test: (v: number) => boolean): { count: number; n: number } {
  return { count: countWhere(h, test), n: momentsOfHistogram(h).n };
}
