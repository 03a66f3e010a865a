/**
 * Accounts in four quadrants (PRODUCT.md, "Accounts in four quadrants"): an account's summary score from
 * its contacts' responses, placed against its billed revenue.
 *
 * | quadrant | score            | billed revenue        |
 * |----------|------------------|-----------------------|
 * | Model    | ≥ score target   | ≥ revenue threshold   |
 * | Growth   | ≥ score target   | < revenue threshold   |
 * | At-Risk  | < score target   | ≥ revenue threshold   |
 * | Dangling | < score target   | < revenue threshold   |
 *
 * A value exactly at a threshold counts as "good" (≥). An account without a score is not placed.
 */

export const QUADRANTS = ['model', 'growth', 'at_risk', 'dangling'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const QUADRANT_LABELS: Record<Quadrant, string> = { model: 'Model', growth: 'Growth', at_risk: 'At-Risk', dangling: 'Dangling' };

export interface QuadrantThresholds {
  /** The score target on the 0–100 summary index. */
  scoreTarget: number;
  /** The billed revenue dividing "good" from "low". */
  revenueThreshold: number;
}

/**
 * The quadrant of an account; null when it has no score (no responses in the window is "no score",
 * never Dangling). Billed revenue left empty counts as 0.
 */
export function quadrantOf(score: number | null, billedRevenue: number | null, t: QuadrantThresholds): Quadrant | null {
  if (score === null || !Number.isFinite(score)) return null;
  const goodScore = score >= t.scoreTarget;
  const goodRevenue = (billedRevenue ?? 0) >= t.revenueThreshold;
  if (goodScore) return goodRevenue ? 'model' : 'growth';
  return goodRevenue ? 'at_risk' : 'dangling';
}

/** The median of the values (the mean of the two middle ones for an even count); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const GOOD_SCORE: ReadonlySet<Quadrant> = new Set(['model', 'growth']);

export interface Movement {
  from: Quadrant | null;
  to: Quadrant | null;
  changed: boolean;
  /** Moved into At-Risk from another quadrant (an account that only now got a score is not a mover). */
  intoAtRisk: boolean;
  /** up: from a low-score quadrant to a good-score one; down: the other way; same: the score side held. */
  direction: 'up' | 'down' | 'same' | null;
}

/** How an account moved between an earlier and a later placement. */
export function movementOf(from: Quadrant | null, to: Quadrant | null): Movement {
  const changed = from !== to;
  const placedBoth = from !== null && to !== null;
  const direction = !placedBoth ? null : GOOD_SCORE.has(from) === GOOD_SCORE.has(to) ? 'same' : GOOD_SCORE.has(to) ? 'up' : 'down';
  return { from, to, changed, intoAtRisk: placedBoth && from !== 'at_risk' && to === 'at_risk', direction };
}

export interface PlacedAccount {
  quadrant: Quadrant | null;
  billedRevenue: number | null;
}

export interface QuadrantTotal {
  quadrant: Quadrant;
  count: number;
  billedRevenue: number;
}

/** Count and billed revenue of each quadrant, in the order Model, Growth, At-Risk, Dangling. */
export function quadrantTotals(accounts: readonly PlacedAccount[]): QuadrantTotal[] {
  return QUADRANTS.map((quadrant) => {
    const inside = accounts.filter((a) => a.quadrant === quadrant);
    return { quadrant, count: inside.length, billedRevenue: inside.reduce((s, a) => s + (a.billedRevenue ?? 0), 0) };
  });
}

/** Revenue at risk: the billed revenue of the accounts in At-Risk. */
export function revenueAtRisk(accounts: readonly PlacedAccount[]): number {
  return accounts.reduce((s, a) => s + (a.quadrant === 'at_risk' ? (a.billedRevenue ?? 0) : 0), 0);
}

export interface DayWindow {
  /** First day, YYYY-MM-DD (UTC), inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

const DAY_MS = 86_400_000;
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day of the calendar quarter (UTC) a day falls in. */
export function quarterStartOf(day: string): string {
  const d = new Date(msOf(day));
  return dayAt(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
}

/** The quarter's key, such as 2026-Q4. */
export function quarterKeyOf(day: string): string {
  const d = new Date(msOf(day));
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/**
 * The window movement is measured from: as long as the current one, ending on the last day of the
 * quarter before the one the current window ends in ("who moved into At-Risk this quarter").
 */
export function previousQuarterWindow(w: DayWindow): DayWindow {
  const days = Math.round((msOf(w.to) - msOf(w.from)) / DAY_MS);
  const to = msOf(quarterStartOf(w.to)) - DAY_MS;
  return { from: dayAt(to - days * DAY_MS), to: dayAt(to) };
}
