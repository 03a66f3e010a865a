import { describe, expect, it } from 'vitest';
import { momentsOf } from '../metrics.ts';
import { effectOnScore, monthsEndingAt, rankTrendingThemes, testProportions } from './theme-stats.ts';

// Reference values computed independently with SciPy 1.x:
//   z = (0.3 − 0.15) / sqrt(0.18·0.82·(1/100 + 1/400)); p = 2·norm.sf(|z|)
//   stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95), .df
describe('testProportions', () => {
  it('matches the pooled two-proportion z test', () => {
    const t = testProportions({ count: 30, total: 100 }, { count: 60, total: 400 });
    expect(t.z).toBeCloseTo(3.492151478847891, 9);
    expect(t.p).toBeCloseTo(0.0004791464345873001, 9);
  });
  it('is symmetric in sign and has no z without data or variance', () => {
    expect(testProportions({ count: 60, total: 400 }, { count: 30, total: 100 }).z).toBeCloseTo(-3.492151478847891, 9);
    expect(testProportions({ count: 0, total: 0 }, { count: 3, total: 10 })).toEqual({ z: null, p: null, test: null });
    expect(testProportions({ count: 0, total: 10 }, { count: 0, total: 10 })).toEqual({ z: null, p: null, test: null });
  });
  // SciPy 1.17.1: fisher_exact([[6, 4], [4, 16]]).pvalue, fisher_exact([[1, 17], [5, 2995]]).pvalue,
  // fisher_exact([[3, 2], [2, 8]]).pvalue
  it("takes Fisher's exact p when an expected count is under 5", () => {
    const small = testProportions({ count: 6, total: 10 }, { count: 4, total: 20 });
    expect(small.test).toBe('fisher');
    expect(small.z).toBeCloseTo(2.1908902300206643, 9);
    expect(small.p).toBeCloseTo(0.044857924018343806, 9);
    expect(testProportions({ count: 1, total: 18 }, { count: 5, total: 3000 }).p).toBeCloseTo(0.0352847390217844, 9);
    expect(testProportions({ count: 3, total: 5 }, { count: 2, total: 10 }).p).toBeCloseTo(0.2507492507492507, 9);
    expect(testProportions({ count: 30, total: 100 }, { count: 60, total: 400 }).test).toBe('z');
  });
});

describe('rankTrendingThemes', () => {
  it('calls a significant rise rising, a fall or a small change not, and sorts by z', () => {
    const ranked = rankTrendingThemes([
      { key: 'flat', current: { count: 16, total: 100 }, baseline: { count: 60, total: 400 } },
      { key: 'invoicing', current: { count: 30, total: 100 }, baseline: { count: 60, total: 400 } },
      { key: 'falling', current: { count: 2, total: 100 }, baseline: { count: 60, total: 400 } },
    ]);
    expect(ranked.map((r) => [r.key, r.rising])).toEqual([['invoicing', true], ['flat', false], ['falling', false]]);
    expect(ranked[0]?.currentShare).toBe(0.3);
    expect(ranked[0]?.baselineShare).toBe(0.15);
  });
  it('does not call one or two verbatims of a young month a rise, however small the p', () => {
    const [young] = rankTrendingThemes([{ key: 'portal', current: { count: 2, total: 4 }, baseline: { count: 2, total: 3000 } }]);
    expect(young?.p).toBeLessThan(0.001);
    expect(young?.rising).toBe(false);
  });
});

describe('effectOnScore', () => {
  const withTheme = [0, 1, 2, 3, 4, 5, 6, 7, 8, 3, 2, 1];
  const without = [9, 10, 8, 7, 10, 9, 6, 10, 9, 8, 10, 5, 7, 9];
  it("matches Welch's interval", () => {
    const e = effectOnScore(momentsOf(withTheme), momentsOf(without));
    expect(e.difference).toBeCloseTo(-4.857142857142858, 9);
    expect(e.ci?.low).toBeCloseTo(-6.640445304816891, 6);
    expect(e.ci?.high).toBeCloseTo(-3.073840409468824, 6);
    expect(e.df).toBeCloseTo(17.97932802990636, 6);
  });
  it('has a difference but no interval below two scores a side, and nothing without scores', () => {
    const one = effectOnScore(momentsOf([3]), momentsOf(without));
    expect(one.difference).toBeCloseTo(3 - without.reduce((a, b) => a + b, 0) / without.length, 12);
    expect(one.ci).toBeNull();
    expect(effectOnScore(momentsOf([]), momentsOf(without)).difference).toBeNull();
  });
});

describe('monthsEndingAt', () => {
  it('walks back across a year end', () => {
    expect(monthsEndingAt('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
