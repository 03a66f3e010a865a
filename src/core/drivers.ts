import { MAX_EXACT_DRIVERS, relativeWeights, rSquaredOf, shapleyWeights, type Correlations } from './driver-weights.ts';

/**
 * Key driver analysis: how much of the variance of an outcome (NPS, overall satisfaction, an index)
 * each driver (a rating item or touch point) accounts for, as its share of the regression's R².
 *
 * Missing answers and "not applicable": a value that is null, absent or the string "na" is not a score.
 * Listwise deletion: a row counts only when the outcome and every driver kept are scores. First, drivers
 * scored (together with the outcome) by fewer than `minRows` rows (default 30) are dropped, so that one
 * rarely answered item cannot empty the analysis; then rows missing any kept driver are excluded and
 * counted (`nExcluded`, of which `nNotApplicable` had an "na"). Drivers that do not vary in the rows
 * used, or that are a linear combination of drivers before them, are dropped too, each with its reason.
 * The result never carries NaN: when too little is left, `status` says why and `drivers` is empty.
 *
 * Method: exact Shapley values (LMG) when at most 15 drivers are left, else Johnson's relative weights
 * (driver-weights.ts has the formulas and their sources).
 */

export type DriverValue = number | null | undefined | 'na';

export interface DriverRow {
  outcome: DriverValue;
  /** One value per driver, in the order of the drivers given. */
  drivers: readonly DriverValue[];
}

export interface DriverSpec {
  key: string;
  label?: string;
  /** The answer scale, to rescale performance to 0–100. */
  scale?: { min: number; max: number };
}

export type DriverMethod = 'lmg' | 'relative-weights';

export interface DriverOptions {
  method?: DriverMethod | 'auto';
  /** Fewest rows a driver (and the whole analysis) needs; 30 unless told. */
  minRows?: number;
}

export interface DriverWeight {
  key: string;
  label: string;
  /** The driver's share of R² in R² units (LMG value or raw relative weight). */
  weight: number;
  /** weight / R² · 100. */
  share: number;
  /** The sign of the zero-order correlation with the outcome. */
  sign: -1 | 0 | 1;
  correlation: number;
  /** Mean over the rows used, and rescaled 0–100 with the driver's scale (null without one). */
  performance: { mean: number; score: number | null };
  /** LMG only: conditional dominance at model sizes 1..p. */
  conditional?: number[];
}

export interface DroppedDriver {
  key: string;
  label: string;
  reason: 'too-few-answers' | 'constant' | 'collinear';
  message: string;
}

export type DriverStatus = 'ok' | 'too-few-rows' | 'outcome-constant' | 'no-drivers';

export interface DriverAnalysis {
  status: DriverStatus;
  /** Why there are no weights, for people; null when status is ok. */
  message: string | null;
  method: DriverMethod | null;
  rSquared: number | null;
  /** Rows used. */
  n: number;
  nExcluded: number;
  nNotApplicable: number;
  /** Most important first. */
  drivers: DriverWeight[];
  dropped: DroppedDriver[];
}

export const MIN_DRIVER_ROWS = 30;
/** A driver explained by the others to within this (1 − R²) is taken as collinear with them. */
const COLLINEAR_TOLERANCE = 1e-8;

const isScore = (v: DriverValue): v is number => typeof v === 'number' && Number.isFinite(v);

function labelOf(d: DriverSpec): string {
  return d.label ?? d.key;
}

/** Drivers scored together with the outcome by at least minRows rows; the others with their reason. */
function keepAnswered(rows: readonly DriverRow[], specs: readonly DriverSpec[], minRows: number, dropped: DroppedDriver[]): number[] {
  const answered = new Array<number>(specs.length).fill(0);
  for (const row of rows) {
    if (!isScore(row.outcome)) continue;
    for (let j = 0; j < specs.length; j++) if (isScore(row.drivers[j])) answered[j] = (answered[j] ?? 0) + 1;
  }
  const kept: number[] = [];
  specs.forEach((spec, j) => {
    const count = answered[j] ?? 0;
    if (count >= minRows) kept.push(j);
    else dropped.push({ key: spec.key, label: labelOf(spec), reason: 'too-few-answers', message: `Scored together with the outcome by ${count} responses; needs ${minRows}` });
  });
  return kept;
}

interface Complete {
  /** Row-major n × (k + 1): the kept drivers, then the outcome. */
  values: Float64Array;
  n: number;
  nNotApplicable: number;
}

function collectComplete(rows: readonly DriverRow[], kept: readonly number[]): Complete {
  const width = kept.length + 1;
  const values = new Float64Array(rows.length * width);
  let n = 0;
  let nNotApplicable = 0;
  for (const row of rows) {
    let complete = isScore(row.outcome);
    let na = row.outcome === 'na';
    for (let c = 0; c < kept.length; c++) {
      const v = row.drivers[kept[c] ?? 0];
      if (!isScore(v)) {
        complete = false;
        if (v === 'na') na = true;
      }
    }
    if (!complete) {
      if (na) nNotApplicable++;
      continue;
    }
    const base = n * width;
    for (let c = 0; c < kept.length; c++) values[base + c] = row.drivers[kept[c] ?? 0] as number;
    values[base + kept.length] = row.outcome as number;
    n++;
  }
  return { values, n, nNotApplicable };
}

/** Means and the centred cross-product matrix (two passes, for accuracy on large n). */
function crossProducts(data: Complete, width: number): { means: number[]; sscp: number[][] } {
  const { values, n } = data;
  const means = new Array<number>(width).fill(0);
  for (let i = 0; i < n; i++) for (let a = 0; a < width; a++) means[a] = (means[a] ?? 0) + (values[i * width + a] ?? 0);
  for (let a = 0; a < width; a++) means[a] = (means[a] ?? 0) / n;
  const flat = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < width; a++) centred[a] = (values[i * width + a] ?? 0) - (means[a] ?? 0);
    for (let a = 0; a < width; a++) {
      const ca = centred[a] ?? 0;
      for (let b = a; b < width; b++) flat[a * width + b] = (flat[a * width + b] ?? 0) + ca * (centred[b] ?? 0);
    }
  }
  const sscp = Array.from({ length: width }, (_, a) => Array.from({ length: width }, (_, b) => flat[Math.min(a, b) * width + Math.max(a, b)] ?? 0));
  return { means, sscp };
}

function empty(status: DriverStatus, message: string, counts: { n: number; nExcluded: number; nNotApplicable: number }, dropped: DroppedDriver[]): DriverAnalysis {
  return { status, message, method: null, rSquared: null, ...counts, drivers: [], dropped };
}

/** Key driver analysis of the outcome on the drivers; see the file comment for missing values and the method. */
export function analyzeDrivers(rows: readonly DriverRow[], specs: readonly DriverSpec[], options: DriverOptions = {}): DriverAnalysis {
  const minRows = options.minRows ?? MIN_DRIVER_ROWS;
  const dropped: DroppedDriver[] = [];
  const answered = keepAnswered(rows, specs, minRows, dropped);
  const data = collectComplete(rows, answered);
  const counts = { n: data.n, nExcluded: rows.length - data.n, nNotApplicable: data.nNotApplicable };
  if (answered.length === 0) return empty('no-drivers', `No driver is scored together with the outcome by ${minRows} responses; each needs ${minRows}`, counts, dropped);
  if (data.n < Math.max(minRows, answered.length + 2)) {
    return empty('too-few-rows', `${data.n} responses score the outcome and every driver; the analysis needs ${Math.max(minRows, answered.length + 2)}`, counts, dropped);
  }
  const width = answered.length + 1;
  const { means, sscp } = crossProducts(data, width);
  const outcomeSs = sscp[width - 1]?.[width - 1] ?? 0;
  if (!(outcomeSs > 1e-12 * data.n)) return empty('outcome-constant', 'Every response used gives the outcome the same score; there is no variance to explain', counts, dropped);
  const sd = sscp.map((row, a) => Math.sqrt(row[a] ?? 0));
  const corr = (a: number, b: number) => (sscp[a]?.[b] ?? 0) / ((sd[a] ?? 1) * (sd[b] ?? 1));

  // Keep drivers that vary and are not a linear combination of those kept before them.
  const kept: number[] = [];
  for (let c = 0; c < answered.length; c++) {
    const spec = specs[answered[c] ?? 0] as DriverSpec;
    if (!((sscp[c]?.[c] ?? 0) > 1e-12 * data.n)) {
      dropped.push({ key: spec.key, label: labelOf(spec), reason: 'constant', message: 'Every response used gives it the same score' });
      continue;
    }
    if (kept.length > 0) {
      const explained = rSquaredOf({ between: kept.map((a) => kept.map((b) => corr(a, b))), withOutcome: kept.map((a) => corr(a, c)) }, kept.map((_, i) => i));
      if (!(1 - explained > COLLINEAR_TOLERANCE)) {
        const others = kept.map((a) => labelOf(specs[answered[a] ?? 0] as DriverSpec)).join(', ');
        dropped.push({ key: spec.key, label: labelOf(spec), reason: 'collinear', message: `Fully determined by ${others}; its weight cannot be told apart from theirs` });
        continue;
      }
    }
    kept.push(c);
  }
  if (kept.length === 0) return empty('no-drivers', 'No driver varies in the responses used', counts, dropped);

  const correlations: Correlations = { between: kept.map((a) => kept.map((b) => corr(a, b))), withOutcome: kept.map((a) => corr(a, width - 1)) };
  const method: DriverMethod = options.method && options.method !== 'auto' ? options.method : kept.length <= MAX_EXACT_DRIVERS ? 'lmg' : 'relative-weights';
  const lmg = method === 'lmg' ? shapleyWeights(correlations) : null;
  const rw = lmg ? null : relativeWeights(correlations);
  const rSquared = lmg ? lmg.rSquared : (rw as { rSquared: number }).rSquared;
  const drivers = kept.map((c, i): DriverWeight => {
    const spec = specs[answered[c] ?? 0] as DriverSpec;
    const weight = lmg ? (lmg.general[i] ?? 0) : (rw?.weights[i] ?? 0);
    const r = correlations.withOutcome[i] ?? 0;
    const mean = means[c] ?? 0;
    const scale = spec.scale;
    return {
      key: spec.key,
      label: labelOf(spec),
      weight,
      share: rSquared > 0 ? (weight / rSquared) * 100 : 0,
      sign: r > 0 ? 1 : r < 0 ? -1 : 0,
      correlation: r,
      performance: { mean, score: scale && scale.max > scale.min ? ((mean - scale.min) / (scale.max - scale.min)) * 100 : null },
      ...(lmg ? { conditional: lmg.conditional[i] ?? [] } : {}),
    };
  });
  drivers.sort((a, b) => b.weight - a.weight);
  return { status: 'ok', message: null, method, rSquared, ...counts, drivers, dropped };
}

export type ImportanceQuadrant = 'fix-first' | 'keep-up' | 'over-delivering' | 'low-priority';

export interface ImportancePerformance {
  /** Mean share of R² over the drivers (%), the horizontal line of the map. */
  importanceMean: number;
  /** Mean performance over the drivers (0–100 where every driver has a scale, else raw means). */
  performanceMean: number;
  drivers: { key: string; importance: number; performance: number; quadrant: ImportanceQuadrant }[];
}

/**
 * The importance–performance map (Martilla & James, 1977), with the lines at the drivers' means:
 * important and below-mean performance = fix first; important and performing = keep up; less important
 * but performing = over-delivering; neither = low priority.
 */
export function classifyImportancePerformance(drivers: readonly DriverWeight[]): ImportancePerformance {
  const rescaled = drivers.every((d) => d.performance.score !== null);
  const points = drivers.map((d) => ({ key: d.key, importance: d.share, performance: rescaled ? (d.performance.score as number) : d.performance.mean }));
  const meanOf = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  const importanceMean = meanOf(points.map((p) => p.importance));
  const performanceMean = meanOf(points.map((p) => p.performance));
  return {
    importanceMean,
    performanceMean,
    drivers: points.map((p) => {
      const important = p.importance > importanceMean;
      const low = p.performance < performanceMean;
      const quadrant: ImportanceQuadrant = important ? (low ? 'fix-first' : 'keep-up') : low ? 'low-priority' : 'over-delivering';
      return { ...p, quadrant };
    }),
  };
}
