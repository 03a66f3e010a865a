/**
 * A straight line through a series by ordinary least squares, to forecast where a goal's metric
 * will stand on its due date: slope b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², intercept a = ȳ − b·x̄
 * (any statistics text, e.g. Freedman, Pisani & Purves, "Statistics", ch. 12). Points may carry
 * weights (each period's number of answers), giving weighted least squares with the same formulas
 * on weighted sums, so a month of three answers pulls the line less than a month of three hundred.
 */

export interface SeriesPoint {
  /** Position in time, e.g. days since the goal's start (the middle of the period). */
  x: number;
  y: number;
  /** Weight of the point; 1 when absent. */
  weight?: number;
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** Points used (those with a positive weight). */
  n: number;
}

/** The least-squares line through the points; null with fewer than two distinct x values. */
export function fitLine(points: readonly SeriesPoint[]): LineFit | null {
  const used = points.filter((p) => (p.weight ?? 1) > 0 && Number.isFinite(p.y));
  let w = 0;
  let sx = 0;
  let sy = 0;
  for (const p of used) {
    const pw = p.weight ?? 1;
    w += pw;
    sx += pw * p.x;
    sy += pw * p.y;
  }
  if (used.length < 2 || w === 0) return null;
  const mx = sx / w;
  const my = sy / w;
  let sxx = 0;
  let sxy = 0;
  for (const p of used) {
    const pw = p.weight ?? 1;
    sxx += pw * (p.x - mx) ** 2;
    sxy += pw * (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, n: used.length };
}

/** The line's value at x. */
export function predictAt(fit: LineFit, x: number): number {
  return fit.intercept + fit.slope * x;
}
