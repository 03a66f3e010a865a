/**
 * Pure parts of the corridor view: pooling item answers on different scales into one 0–100 score,
 * the months of a trend, and which expectation–experience gaps are "snarls".
 */

/** Answers to items on different scales, pooled as the mean of each answer rescaled to 0–100. */
export class Pool {
  n = 0;
  private rescaledSum = 0;

  /** Adds n answers summing to `sum` on `scale`: Σ(v − min)/(max − min)·100 = (sum − n·min)/(max − min)·100. */
  add(part: { n: number; sum: number }, scale: { min: number; max: number }): void {
    if (part.n === 0 || scale.max <= scale.min) return;
    this.n += part.n;
    this.rescaledSum += ((part.sum - part.n * scale.min) / (scale.max - scale.min)) * 100;
  }

  /** The pooled mean on 0–100; null without answers. */
  score(): number | null {
    return this.n === 0 ? null : this.rescaledSum / this.n;
  }

  /** The pooled mean mapped back onto a scale (the plain mean when every item was on that scale). */
  meanOn(scale: { min: number; max: number }): number | null {
    const s = this.score();
    return s === null ? null : scale.min + (s / 100) * (scale.max - scale.min);
  }
}

/** The `count` calendar months (YYYY-MM) up to and including the month of `day`, oldest first. */
export function monthsEndingWith(day: string, count: number): string[] {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** At most this many snarls are marked in a corridor: the widest negative gaps. */
export const MAX_SNARLS = 3;
/** A gap counts as a snarl only when experience falls short of expectation by at least this share of the scale (%). */
export const SNARL_MIN_SHORTFALL = 5;

/**
 * Marks the snarls: the MAX_SNARLS widest gaps where experience falls short of expectation by at least
 * SNARL_MIN_SHORTFALL % of the scale (compared as shares of the scale, so 1–5 and 1–7 gaps rank together).
 */
export function flagSnarls<T extends { gap: { gap: number; scale: { min: number; max: number } } | null; snarl: boolean }>(steps: readonly T[]): T[] {
  const shortfall = (s: T) => (s.gap ? (-s.gap.gap / (s.gap.scale.max - s.gap.scale.min)) * 100 : 0);
  const widest = steps
    .map((s, i) => ({ i, short: shortfall(s) }))
    .filter((x) => x.short >= SNARL_MIN_SHORTFALL)
    .sort((a, b) => b.short - a.short)
    .slice(0, MAX_SNARLS);
  const marked = new Set(widest.map((x) => x.i));
  return steps.map((s, i) => ({ ...s, snarl: marked.has(i) }));
}
