import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, wrap } from 'ml-matrix';

/**
 * The two ways of sharing out the R² of an OLS regression among its drivers, both from correlations
 * only (standardised variables): exact Shapley values (LMG, general dominance) and Johnson's relative
 * weights. drivers.ts prepares the correlations from responses; this file does the linear algebra.
 */

/** Correlations of the drivers among themselves (p × p) and with the outcome (p). */
export interface Correlations {
  between: number[][];
  withOutcome: number[];
}

/** The largest number of drivers for exact Shapley values: 2^15 = 32,768 regressions. */
export const MAX_EXACT_DRIVERS = 15;

/** R² of the outcome on the drivers `indices`: r'·R⁻¹·r on that subset (the normal equations in correlation form). */
export function rSquaredOf(c: Correlations, indices: readonly number[]): number {
  const k = indices.length;
  if (k === 0) return 0;
  // Flat buffers wrapped, not copied: 32,768 subsets would otherwise allocate a matrix of rows each.
  const sub = new Float64Array(k * k);
  const r = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const row = c.between[indices[a] ?? 0] ?? [];
    r[a] = c.withOutcome[indices[a] ?? 0] ?? 0;
    for (let b = 0; b < k; b++) sub[a * k + b] = row[indices[b] ?? 0] ?? 0;
  }
  // Cholesky: a correlation matrix of non-collinear drivers is symmetric positive definite.
  const beta = new CholeskyDecomposition(wrap(sub, { rows: k })).solve(wrap(r, { rows: k }) as unknown as Matrix);
  let r2 = 0;
  for (let a = 0; a < k; a++) r2 += (r[a] ?? 0) * beta.get(a, 0);
  return r2;
}

export interface ShapleyResult {
  /** R² of the full model. */
  rSquared: number;
  /** General dominance per driver (= LMG / Shapley value); they sum to R². */
  general: number[];
  /** Conditional dominance per driver: [k − 1] = mean increase in R² when entering a model of k − 1 other drivers. */
  conditional: number[][];
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

function binomial(n: number, k: number): number {
  let b = 1;
  for (let i = 1; i <= k; i++) b = (b * (n - k + i)) / i;
  return b;
}

/**
 * Exact Shapley-value regression over all 2^p subsets (Lindeman, Merenda & Gold, 1980; general and
 * conditional dominance as in Budescu, 1993 and Azen & Budescu, 2003 — what R's domir reports).
 * Conditional dominance at size k is the mean gain over the C(p−1, k−1) models without the driver of
 * k − 1 drivers; general dominance is the mean of those over k, which equals the Shapley value.
 */
export function shapleyWeights(c: Correlations): ShapleyResult {
  const p = c.withOutcome.length;
  if (p > MAX_EXACT_DRIVERS) throw new RangeError(`Exact Shapley values take at most ${MAX_EXACT_DRIVERS} drivers, got ${p}; use relative weights`);
  const subsets = 1 << p;
  const r2 = new Float64Array(subsets);
  const indices: number[] = [];
  for (let mask = 1; mask < subsets; mask++) {
    indices.length = 0;
    for (let i = 0; i < p; i++) if (mask & (1 << i)) indices.push(i);
    r2[mask] = rSquaredOf(c, indices);
  }
  const conditional = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const bit = 1 << j;
    const row = conditional[j] as number[];
    for (let mask = 0; mask < subsets; mask++) {
      if (mask & bit) continue;
      const size = bitCount(mask);
      row[size] = (row[size] ?? 0) + (r2[mask | bit] ?? 0) - (r2[mask] ?? 0);
    }
    for (let size = 0; size < p; size++) row[size] = (row[size] ?? 0) / binomial(p - 1, size);
  }
  const general = conditional.map((row) => row.reduce((s, v) => s + v, 0) / p);
  return { rSquared: r2[subsets - 1] ?? 0, general, conditional };
}

export interface RelativeWeightsResult {
  rSquared: number;
  /** Raw relative weight per driver; they sum to R². */
  weights: number[];
}

/**
 * Johnson's (2000) relative weights: with R_xx = P·Λ·P', Λ½ = P·Λ^½·P' is the correlation of the drivers
 * with their closest orthogonal counterparts Z; β = Λ½⁻¹·r_xy = P·Λ^−½·P'·r_xy regresses the outcome on Z,
 * and driver j's weight is Σ_k Λ½[j,k]²·β_k². Needs R_xx positive definite (drivers.ts drops collinear ones).
 */
export function relativeWeights(c: Correlations): RelativeWeightsResult {
  const p = c.withOutcome.length;
  const evd = new EigenvalueDecomposition(new Matrix(c.between), { assumeSymmetric: true });
  const vectors = evd.eigenvectorMatrix;
  const values = evd.realEigenvalues;
  if (values.some((v) => !(v > 0))) throw new RangeError('The drivers are collinear: their correlation matrix is not positive definite');
  const sqrtDiag = Matrix.diag(values.map(Math.sqrt));
  const invSqrtDiag = Matrix.diag(values.map((v) => 1 / Math.sqrt(v)));
  const lambdaHalf = vectors.mmul(sqrtDiag).mmul(vectors.transpose());
  const beta = vectors.mmul(invSqrtDiag).mmul(vectors.transpose()).mmul(Matrix.columnVector(c.withOutcome));
  const weights: number[] = [];
  for (let j = 0; j < p; j++) {
    let w = 0;
    for (let k = 0; k < p; k++) w += lambdaHalf.get(j, k) ** 2 * beta.get(k, 0) ** 2;
    weights.push(w);
  }
  let rSquared = 0;
  for (let k = 0; k < p; k++) rSquared += beta.get(k, 0) ** 2;
  return { rSquared, weights };
}
