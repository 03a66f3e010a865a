/**
 * Case metrics from case facts: time to acknowledge and time to close (medians and means, in the
 * minutes the caller measured — business minutes for Corridor), and the share of closed cases
 * resolved by their deadline. Pure: the caller measures the durations with its calendar.
 */

export interface CaseFact {
  /** Minutes from opening to the first action; null while none was taken. */
  ackMinutes: number | null;
  /** Minutes from opening to closing; null while open. */
  closeMinutes: number | null;
  closed: boolean;
  /** Resolved by the resolution deadline (meaningful when closed). */
  withinDeadline: boolean;
}

export interface CaseFigures {
  opened: number;
  closed: number;
  ackMedianMinutes: number | null;
  ackMeanMinutes: number | null;
  closeMedianMinutes: number | null;
  closeMeanMinutes: number | null;
  withinDeadlineShare: number | null;
}

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function meanOfValues(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function figuresOf(facts: readonly CaseFact[]): CaseFigures {
  const acks = facts.flatMap((f) => (f.ackMinutes === null ? [] : [f.ackMinutes]));
  const closes = facts.flatMap((f) => (f.closeMinutes === null ? [] : [f.closeMinutes]));
  const closed = facts.filter((f) => f.closed);
  return {
    opened: facts.length,
    closed: closed.length,
    ackMedianMinutes: medianOf(acks),
    ackMeanMinutes: meanOfValues(acks),
    closeMedianMinutes: medianOf(closes),
    closeMeanMinutes: meanOfValues(closes),
    withinDeadlineShare: closed.length === 0 ? null : closed.filter((f) => f.withinDeadline).length / closed.length,
  };
}

/** Figures per group key, largest group first. */
export function figuresBy<T extends CaseFact>(facts: readonly T[], keyOf: (f: T) => string): Map<string, CaseFigures> {
  const groups = new Map<string, T[]>();
  for (const f of facts) {
    const k = keyOf(f);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return new Map([...groups.entries()].sort((a, b) => b[1].length - a[1].length).map(([k, g]) => [k, figuresOf(g)]));
}
