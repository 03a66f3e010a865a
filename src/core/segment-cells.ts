import { metricOfHistogram, type MetricKind, type MetricValue, type ScaleRange } from './metrics.ts';
import { compareMetric, type Comparison } from './significance.ts';

/**
 * The explorer's cells from counted answers: one histogram per period × group × cross value, its
 * metric, and — when grouped — a comparison of each group with the rest of the same period and
 * cross value (compareMetric picks the test: NPS z, two proportions, Welch's t). Pure, so the rollup
 * and the raw read, which count the same answers, give the same cells.
 */

export interface CountedAnswer {
  period: string | null;
  g: string | null;
  x: string | null;
  /** The answer value as text (a histogram key). */
  v: string;
  c: number;
}

export interface SegmentCell extends Omit<MetricValue, 'kind'> {
  period: string | null;
  group: string | null;
  cross: string | null;
  comparison: Comparison | null;
}

export interface SegmentTable {
  periods: string[];
  groups: string[];
  crosses: string[];
  cells: SegmentCell[];
  overall: Omit<MetricValue, 'kind'>;
}

type Histogram = Record<string, number>;

const SEP = '\u0000';
const cellKey = (period: string | null, g: string | null, x: string | null) => [period ?? '', g ?? '', x ?? ''].join(SEP);

function addTo(target: Histogram, h: Readonly<Histogram>): void {
  for (const [k, c] of Object.entries(h)) target[k] = (target[k] ?? 0) + c;
}

const sortValues = (values: Iterable<string | null>) =>
  [...new Set(values)].filter((v): v is string => v !== null).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

function stripKind(m: MetricValue): Omit<MetricValue, 'kind'> {
  return { value: m.value, n: m.n, standardError: m.standardError, interval: m.interval, smallSample: m.smallSample };
}

/** The table of cells of one metric; empty cells (no answers) are left out. */
export function buildSegmentTable(rows: readonly CountedAnswer[], kind: MetricKind, scale: ScaleRange, grouped: boolean): SegmentTable {
  const hists = new Map<string, { period: string | null; g: string | null; x: string | null; h: Histogram }>();
  const total: Histogram = {};
  for (const r of rows) {
    const key = cellKey(r.period, r.g, r.x);
    let cell = hists.get(key);
    if (!cell) {
      cell = { period: r.period, g: r.g, x: r.x, h: {} };
      hists.set(key, cell);
    }
    cell.h[r.v] = (cell.h[r.v] ?? 0) + r.c;
    total[r.v] = (total[r.v] ?? 0) + r.c;
  }
  // Per period × cross value, everyone: "the rest" of a group is this minus the group.
  const slices = new Map<string, Histogram>();
  if (grouped) {
    for (const cell of hists.values()) {
      const key = cellKey(cell.period, null, cell.x);
      const slice = slices.get(key) ?? {};
      addTo(slice, cell.h);
      slices.set(key, slice);
    }
  }
  const cells = [...hists.values()].map((cell): SegmentCell => {
    let comparison: Comparison | null = null;
    if (grouped) {
      const rest: Histogram = { ...slices.get(cellKey(cell.period, null, cell.x)) };
      for (const [k, c] of Object.entries(cell.h)) rest[k] = (rest[k] ?? 0) - c;
      comparison = compareMetric(kind, cell.h, rest, scale);
    }
    return { period: cell.period, group: cell.g, cross: cell.x, ...stripKind(metricOfHistogram(kind, cell.h, scale)), comparison };
  });
  const order = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', 'en', { numeric: true });
  cells.sort((a, b) => order(a.period, b.period) || order(a.group, b.group) || order(a.cross, b.cross));
  return {
    periods: sortValues(cells.map((c) => c.period)),
    groups: sortValues(cells.map((c) => c.group)),
    crosses: sortValues(cells.map((c) => c.cross)),
    cells,
    overall: stripKind(metricOfHistogram(kind, total, scale)),
  };
}
