/**
 * Net Promoter Score from the answers to the 0–10 "how likely are you to recommend" question.
 *
 * NPS = 100 · (p − d), p = share of 9–10 answers, d = share of 0–6 answers (Reichheld, 2003).
 * Standard error: 100 · sqrt((p + d − (p − d)²) / n), the variance of a variable that is +1 for a
 * promoter, 0 for a passive and −1 for a detractor; the 95 % margin of error is 1.96 standard errors
 * (see shared reference "NPS margin of error").
 */

/** The z value of a two-sided 95 % interval, rounded to 1.96 as the published NPS formula uses it. */
export const Z_95 = 1.96;

/** Below this many answers a score is shown with a small-sample warning, not as a confident number. */
export const SMALL_SAMPLE = 30;

export type NpsBand = 'promoter' | 'passive' | 'detractor';

/** Which NPS band a 0–10 score falls into. */
export function classifyNps(score: number): NpsBand {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`An NPS answer is a whole number from 0 to 10, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsResult extends NpsCounts {
  n: number;
  /** NPS on −100…100; null when there are no answers. */
  score: number | null;
  promoterShare: number | null;
  passiveShare: number | null;
  detractorShare: number | null;
  /** Standard error of the score, in NPS points. */
  standardError: number | null;
  /** Half-width of the 95 % interval, in NPS points. */
  marginOfError: number | null;
  /** The 95 % interval, clipped to −100…100. */
  interval: [number, number] | null;
  smallSample: boolean;
}

/** Counts promoters, passives and detractors in a histogram of 0–10 scores (value → count). */
export function countNpsBands(histogram: Readonly<Record<string, number>>): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const [value, count] of Object.entries(histogram)) {
    const band = classifyNps(Number(value));
    if (band === 'promoter') counts.promoters += count;
    else if (band === 'passive') counts.passives += count;
    else counts.detractors += count;
  }
  return counts;
}

/** NPS with its standard error and 95 % interval from band counts. */
export function computeNps(counts: NpsCounts): NpsResult {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) {
    return {
      ...counts,
      n,
      score: null,
      promoterShare: null,
      passiveShare: null,
      detractorShare: null,
      standardError: null,
      marginOfError: null,
      interval: null,
      smallSample: true,
    };
  }
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  // Computed from the counts, not from the rounded shares, so 277/1600 gives exactly 17.3125.
  const score = (100 * (counts.promoters - counts.detractors)) / n;
  const standardError = 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  const marginOfError = Z_95 * standardError;
  return {
    ...counts,
    n,
    score,
    promoterShare: p,
    passiveShare: counts.passives / n,
    detractorShare: d,
    standardError,
    marginOfError,
    interval: [Math.max(-100, score - marginOfError), Math.min(100, score + marginOfError)],
    smallSample: n < SMALL_SAMPLE,
  };
}

/** NPS of a list of 0–10 scores. */
export function npsOfScores(scores: readonly number[]): NpsResult {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    const band = classifyNps(s);
    if (band === 'promoter') counts.promoters++;
    else if (band === 'passive') counts.passives++;
    else counts.detractors++;
  }
  return computeNps(counts);
}

/** Adds histograms (value → count) together. */
export function mergeHistograms(histograms: Iterable<Readonly<Record<string, number>>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const h of histograms) {
    for (const [value, count] of Object.entries(h)) total[value] = (total[value] ?? 0) + count;
  }
  return total;
}
