import { describe, expect, it } from 'vitest';
import { analyzeDrivers, classifyImportancePerformance, type DriverRow, type DriverWeight } from './drivers.ts';
import { olsRSquared as leastSquaresRSquared, seeded } from '../../test/support/drivers.ts';
import { shapleyWeights } from './driver-weights.ts';

// mtcars (R datasets, Henderson & Velleman 1981), the 32 cars, columns mpg, cyl, disp, hp, wt, vs, am, gear.
const COLUMNS = ['mpg', 'cyl', 'disp', 'hp', 'wt', 'vs', 'am', 'gear'] as const;
const MTCARS: number[][] = [
  [21, 6, 160, 110, 2.62, 0, 1, 4],
  [21, 6, 160, 110, 2.875, 0, 1, 4],
  [22.8, 4, 108, 93, 2.32, 1, 1, 4],
  [21.4, 6, 258, 110, 3.215, 1, 0, 3],
  [18.7, 8, 360, 175, 3.44, 0, 0, 3],
  [18.1, 6, 225, 105, 3.46, 1, 0, 3],
  [14.3, 8, 360, 245, 3.57, 0, 0, 3],
  [24.4, 4, 146.7, 62, 3.19, 1, 0, 4],
  [22.8, 4, 140.8, 95, 3.15, 1, 0, 4],
  [19.2, 6, 167.6, 123, 3.44, 1, 0, 4],
  [17.8, 6, 167.6, 123, 3.44, 1, 0, 4],
  [16.4, 8, 275.8, 180, 4.07, 0, 0, 3],
  [17.3, 8, 275.8, 180, 3.73, 0, 0, 3],
  [15.2, 8, 275.8, 180, 3.78, 0, 0, 3],
  [10.4, 8, 472, 205, 5.25, 0, 0, 3],
  [10.4, 8, 460, 215, 5.424, 0, 0, 3],
  [14.7, 8, 440, 230, 5.345, 0, 0, 3],
  [32.4, 4, 78.7, 66, 2.2, 1, 1, 4],
  [30.4, 4, 75.7, 52, 1.615, 1, 1, 4],
  [33.9, 4, 71.1, 65, 1.835, 1, 1, 4],
  [21.5, 4, 120.1, 97, 2.465, 1, 0, 3],
  [15.5, 8, 318, 150, 3.52, 0, 0, 3],
  [15.2, 8, 304, 150, 3.435, 0, 0, 3],
  [13.3, 8, 350, 245, 3.84, 0, 0, 3],
  [19.2, 8, 400, 175, 3.845, 0, 0, 3],
  [27.3, 4, 79, 66, 1.935, 1, 1, 4],
  [26, 4, 120.3, 91, 2.14, 0, 1, 5],
  [30.4, 4, 95.1, 113, 1.513, 1, 1, 5],
  [15.8, 8, 351, 264, 3.17, 0, 1, 5],
  [19.7, 6, 145, 175, 2.77, 0, 1, 5],
  [15, 8, 301, 335, 3.57, 0, 1, 5],
  [21.4, 4, 121, 109, 2.78, 1, 1, 4],
];

type Column = (typeof COLUMNS)[number];
const col = (c: Column) => COLUMNS.indexOf(c);
function mtcarsRows(outcome: Column, drivers: Column[]): DriverRow[] {
  return MTCARS.map((car) => ({ outcome: car[col(outcome)], drivers: drivers.map((d) => car[col(d)]) }));
}
const byKey = (drivers: DriverWeight[]) => Object.fromEntries(drivers.map((d) => [d.key, d]));
const close = (actual: number | null | undefined, expected: number) => expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(1e-6);
/** A share in percent against a published percentage: to 1e-6 as a proportion (the published figures have 7 digits). */
const closeShare = (actual: number | null | undefined, expectedPercent: number) => close((actual ?? NaN) / 100, expectedPercent / 100);

/** R² of an OLS fit with intercept by QR least squares on the raw data: independent of the correlation route. */
function olsRSquared(rows: DriverRow[]): number {
  return leastSquaresRSquared(
    rows.map((r) => Number(r.outcome)),
    (rows[0]?.drivers ?? []).map((_, j) => rows.map((r) => Number(r.drivers[j]))),
  );
}

describe('Shapley values (LMG) against domir', () => {
  // jluchman/domir README: lm(mpg ~ am + vs + cyl).
  const result = analyzeDrivers(mtcarsRows('mpg', ['am', 'vs', 'cyl']), [{ key: 'am' }, { key: 'vs' }, { key: 'cyl' }]);
  const d = byKey(result.drivers);

  it('chooses the exact method and reproduces R²', () => {
    expect(result.status).toBe('ok');
    expect(result.method).toBe('lmg');
    expect(result.n).toBe(32);
    close(result.rSquared, 0.7619773);
  });

  it('reproduces general dominance and its standardised shares', () => {
    close(d.am?.weight, 0.1774892);
    close(d.vs?.weight, 0.2027032);
    close(d.cyl?.weight, 0.3817849);
    closeShare(d.am?.share, 23.29324);
    closeShare(d.vs?.share, 26.60226);
    closeShare(d.cyl?.share, 50.1045);
    expect(result.drivers.map((x) => x.key)).toEqual(['cyl', 'vs', 'am']);
  });

  it('reproduces conditional dominance at 1, 2 and 3 drivers', () => {
    const expected: Record<string, number[]> = {
      am: [0.3597989, 0.1389842, 0.0336844],
      vs: [0.4409477, 0.1641982, 0.0029637],
      cyl: [0.72618, 0.3432799, 0.0758948],
    };
    for (const [key, values] of Object.entries(expected)) values.forEach((v, k) => close(d[key]?.conditional?.[k], v));
  });

  it('gives each driver the sign of its correlation with the outcome', () => {
    expect([d.am?.sign, d.vs?.sign, d.cyl?.sign]).toEqual([1, 1, -1]);
  });

  it('agrees with R² from least squares on the raw data', () => {
    close(result.rSquared, olsRSquared(mtcarsRows('mpg', ['am', 'vs', 'cyl'])));
  });
});

describe("Johnson's relative weights against rwa", () => {
  it('reproduces the README: mpg on cyl, disp, hp, gear', () => {
    const result = analyzeDrivers(mtcarsRows('mpg', ['cyl', 'disp', 'hp', 'gear']), ['cyl', 'disp', 'hp', 'gear'].map((key) => ({ key })), { method: 'relative-weights' });
    const d = byKey(result.drivers);
    expect(result.method).toBe('relative-weights');
    close(result.rSquared, 0.7791896);
    close(d.cyl?.weight, 0.2284797);
    close(d.disp?.weight, 0.2221469);
    close(d.hp?.weight, 0.2321744);
    close(d.gear?.weight, 0.0963886);
    closeShare(d.cyl?.share, 29.32274);
    closeShare(d.disp?.share, 28.50999);
    closeShare(d.hp?.share, 29.79691);
    closeShare(d.gear?.share, 12.37037);
    expect([d.cyl?.sign, d.disp?.sign, d.hp?.sign, d.gear?.sign]).toEqual([-1, -1, -1, 1]);
  });

  it('reproduces the regression-methods vignette: mpg on cyl, disp, hp, wt', () => {
    const result = analyzeDrivers(mtcarsRows('mpg', ['cyl', 'disp', 'hp', 'wt']), ['cyl', 'disp', 'hp', 'wt'].map((key) => ({ key })), { method: 'relative-weights' });
    const d = byKey(result.drivers);
    close(result.rSquared, 0.8486348);
    close(d.cyl?.weight, 0.2096904);
    close(d.disp?.weight, 0.1883043);
    close(d.hp?.weight, 0.179959);
    close(d.wt?.weight, 0.2706812);
    closeShare(d.cyl?.share, 24.70914);
    closeShare(d.disp?.share, 22.18908);
    closeShare(d.hp?.share, 21.2057);
    closeShare(d.wt?.share, 31.89607);
  });
});

function generatedRows(n: number, p: number, seed = 7): DriverRow[] {
  const next = seeded(seed);
  return Array.from({ length: n }, () => {
    const common = next();
    const drivers = Array.from({ length: p }, () => Math.round(1 + 4 * (0.5 * common + 0.5 * next())));
    const outcome = Math.round(drivers.reduce((s, v, j) => s + v * (j + 1), 0) / (p * 2) + 3 * next());
    return { outcome, drivers };
  });
}

describe('edge cases', () => {
  it('with one driver gives it all of R², which is its squared correlation', () => {
    const result = analyzeDrivers(mtcarsRows('mpg', ['wt']), [{ key: 'wt' }]);
    expect(result.drivers).toHaveLength(1);
    close(result.drivers[0]?.share, 100);
    close(result.rSquared, (result.drivers[0]?.correlation ?? 0) ** 2);
    close(result.rSquared, olsRSquared(mtcarsRows('mpg', ['wt'])));
  });

  it('shares R² between two drivers as the mean gain over both orders of entry', () => {
    const rows = mtcarsRows('mpg', ['hp', 'wt']);
    const result = analyzeDrivers(rows, [{ key: 'hp' }, { key: 'wt' }]);
    const full = olsRSquared(rows);
    const hpAlone = olsRSquared(mtcarsRows('mpg', ['hp']));
    const wtAlone = olsRSquared(mtcarsRows('mpg', ['wt']));
    close(byKey(result.drivers).hp?.weight, (hpAlone + (full - wtAlone)) / 2);
    close(byKey(result.drivers).wt?.weight, (wtAlone + (full - hpAlone)) / 2);
  });

  it('drops a constant driver with its reason, and weighs the others', () => {
    const rows = mtcarsRows('mpg', ['wt', 'hp']).map((r) => ({ ...r, drivers: [...r.drivers, 3] }));
    const result = analyzeDrivers(rows, [{ key: 'wt' }, { key: 'hp' }, { key: 'flat' }]);
    expect(result.status).toBe('ok');
    expect(result.dropped).toEqual([expect.objectContaining({ key: 'flat', reason: 'constant' })]);
    expect(result.drivers.map((d) => d.key).sort()).toEqual(['hp', 'wt']);
    close(result.rSquared, olsRSquared(mtcarsRows('mpg', ['wt', 'hp'])));
  });

  it('drops a driver that is a linear combination of others, never giving NaN', () => {
    const rows = mtcarsRows('mpg', ['wt', 'hp']).map((r) => ({ ...r, drivers: [...r.drivers, 2 * Number(r.drivers[0]) - Number(r.drivers[1]) + 1] }));
    for (const method of ['lmg', 'relative-weights'] as const) {
      const result = analyzeDrivers(rows, [{ key: 'wt' }, { key: 'hp' }, { key: 'combo' }], { method });
      expect(result.dropped).toEqual([expect.objectContaining({ key: 'combo', reason: 'collinear' })]);
      expect(result.drivers.every((d) => Number.isFinite(d.weight) && Number.isFinite(d.share))).toBe(true);
      close(result.rSquared, olsRSquared(mtcarsRows('mpg', ['wt', 'hp'])));
    }
  });

  it('drops the second of two identical drivers', () => {
    const rows = mtcarsRows('mpg', ['wt', 'wt']);
    const result = analyzeDrivers(rows, [{ key: 'a' }, { key: 'b' }]);
    expect(result.drivers.map((d) => d.key)).toEqual(['a']);
    expect(result.dropped[0]).toMatchObject({ key: 'b', reason: 'collinear' });
  });

  it('chooses relative weights past 15 drivers; they sum to the least-squares R²', () => {
    const rows = generatedRows(400, 16);
    const result = analyzeDrivers(rows, Array.from({ length: 16 }, (_, j) => ({ key: `d${j}` })));
    expect(result.method).toBe('relative-weights');
    expect(result.drivers).toHaveLength(16);
    close(result.drivers.reduce((s, d) => s + d.weight, 0), result.rSquared ?? NaN);
    close(result.rSquared, olsRSquared(rows));
    close(result.drivers.reduce((s, d) => s + d.share, 0), 100);
  });

  it('gives exact Shapley values that sum to R² at 15 drivers', () => {
    const rows = generatedRows(400, 15);
    const result = analyzeDrivers(rows, Array.from({ length: 15 }, (_, j) => ({ key: `d${j}` })));
    expect(result.method).toBe('lmg');
    close(result.drivers.reduce((s, d) => s + d.weight, 0), olsRSquared(rows));
  });

  it('refuses exact Shapley values past 15 drivers', () => {
    expect(() => shapleyWeights({ between: [], withOutcome: new Array(16).fill(0) })).toThrow(/at most 15/);
  });

  it('says when there are too few rows, with no weights', () => {
    const result = analyzeDrivers(mtcarsRows('mpg', ['wt', 'hp']).slice(0, 20), [{ key: 'wt' }, { key: 'hp' }], { minRows: 10 });
    expect(result.status).toBe('ok');
    const few = analyzeDrivers(mtcarsRows('mpg', ['wt', 'hp']).slice(0, 29), [{ key: 'wt' }, { key: 'hp' }]);
    expect(few).toMatchObject({ status: 'no-drivers', rSquared: null, drivers: [], n: 29 });
    expect(few.dropped.map((d) => d.reason)).toEqual(['too-few-answers', 'too-few-answers']);
    const three = analyzeDrivers(mtcarsRows('mpg', ['wt', 'hp']).slice(0, 3), [{ key: 'wt' }, { key: 'hp' }], { minRows: 1 });
    expect(three).toMatchObject({ status: 'too-few-rows', rSquared: null, drivers: [] });
    expect(analyzeDrivers([], [{ key: 'wt' }])).toMatchObject({ status: 'no-drivers', n: 0, nExcluded: 0 });
  });

  it('says when the outcome does not vary', () => {
    const rows = mtcarsRows('mpg', ['wt']).map((r) => ({ ...r, outcome: 9 }));
    expect(analyzeDrivers(rows, [{ key: 'wt' }])).toMatchObject({ status: 'outcome-constant', drivers: [], rSquared: null });
  });

  it('uses only complete rows, counting those excluded and "not applicable"', () => {
    const base = mtcarsRows('mpg', ['wt', 'hp']);
    const rows: DriverRow[] = [
      ...base,
      { outcome: null, drivers: [3, 100] },
      { outcome: 20, drivers: ['na', 100] },
      { outcome: 20, drivers: [3, undefined] },
      { outcome: 'na', drivers: [3, 100] },
    ];
    const result = analyzeDrivers(rows, [{ key: 'wt' }, { key: 'hp' }]);
    expect(result).toMatchObject({ n: 32, nExcluded: 4, nNotApplicable: 2 });
    close(result.rSquared, olsRSquared(base));
  });

  it('drops a driver scored by too few responses and keeps the rows it would have excluded', () => {
    const rows = mtcarsRows('mpg', ['wt', 'hp']).map((r, i) => ({ ...r, drivers: [...r.drivers, i < 5 ? 4 : null] }));
    const result = analyzeDrivers(rows, [{ key: 'wt' }, { key: 'hp' }, { key: 'rare', label: 'Rare item' }]);
    expect(result.n).toBe(32);
    expect(result.dropped).toEqual([{ key: 'rare', label: 'Rare item', reason: 'too-few-answers', message: expect.stringContaining('5 responses') }]);
  });

  it('reports performance as the mean and rescaled to 0–100', () => {
    const rows: DriverRow[] = generatedRows(100, 2);
    const result = analyzeDrivers(rows, [{ key: 'a', scale: { min: 1, max: 5 } }, { key: 'b' }]);
    const a = byKey(result.drivers).a;
    const mean = rows.reduce((s, r) => s + Number(r.drivers[0]), 0) / rows.length;
    close(a?.performance.mean, mean);
    close(a?.performance.score, ((mean - 1) / 4) * 100);
    expect(byKey(result.drivers).b?.performance.score).toBeNull();
  });
});

describe('classifyImportancePerformance', () => {
  const driver = (key: string, share: number, score: number): DriverWeight => ({
    key,
    label: key,
    weight: share / 100,
    share,
    sign: 1,
    correlation: 0.5,
    performance: { mean: 1 + score / 25, score },
  });

  it('puts each driver in its quadrant by the means of importance and performance', () => {
    const map = classifyImportancePerformance([driver('a', 40, 50), driver('b', 30, 80), driver('c', 20, 90), driver('d', 10, 60)]);
    expect(map.importanceMean).toBe(25);
    expect(map.performanceMean).toBe(70);
    expect(Object.fromEntries(map.drivers.map((d) => [d.key, d.quadrant]))).toEqual({ a: 'fix-first', b: 'keep-up', c: 'over-delivering', d: 'low-priority' });
  });

  it('uses raw means when a driver has no scale', () => {
    const map = classifyImportancePerformance([driver('a', 60, 50), { ...driver('b', 40, 80), performance: { mean: 4.2, score: null } }]);
    expect(map.performanceMean).toBeCloseTo((3 + 4.2) / 2, 12);
  });

  it('is empty for no drivers', () => {
    expect(classifyImportancePerformance([])).toEqual({ importanceMean: 0, performanceMean: 0, drivers: [] });
  });
});
