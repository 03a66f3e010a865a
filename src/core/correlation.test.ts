import { describe, expect, it } from 'vitest';
import { correlatePearson, correlateSpearman, fisherInterval, rankWithTies } from './correlation.ts';

// Reference values computed independently with SciPy 1.17.1 and NumPy:
//   from scipy import stats; import numpy as np
//   x = [12, 25, -5, 30, 8, 18, 22, 3]; y = [31, 44, 20, 41, 35, 38, 47, 22]
//   stats.pearsonr(x, y)   -> r 0.9064273144762404, p 0.0019072139355117673
//   stats.spearmanr(x, y)  -> rho 0.880952380952381, p 0.0038503204637324005
//   z = np.arctanh(r); se = 1/np.sqrt(8 - 3); np.tanh(z ± 1.96*se) -> 0.5584550532485915, 0.9831371954245419
//   a = [1, 2, 2, 3, 5, 5, 5, 8]; b = [2, 1, 4, 3, 7, 6, 6, 9]
//   stats.spearmanr(a, b)  -> rho 0.9015094183400432, p 0.0022155360780939785; stats.rankdata(a) -> 1 2.5 2.5 4 6 6 6 8
const x = [12, 25, -5, 30, 8, 18, 22, 3];
const y = [31, 44, 20, 41, 35, 38, 47, 22];

describe('correlation across units', () => {
  it("matches SciPy's pearsonr, with the Fisher z interval", () => {
    const c = correlatePearson(x, y);
    expect(c.n).toBe(8);
    expect(c.r).toBeCloseTo(0.9064273144762404, 12);
    expect(c.pValue).toBeCloseTo(0.0019072139355117673, 8);
    expect(c.interval![0]).toBeCloseTo(0.5584550532485915, 10);
    expect(c.interval![1]).toBeCloseTo(0.9831371954245419, 10);
  });

  it("matches SciPy's spearmanr, ties included", () => {
    const c = correlateSpearman(x, y);
    expect(c.r).toBeCloseTo(0.880952380952381, 12);
    expect(c.pValue).toBeCloseTo(0.0038503204637324005, 8);
    expect(rankWithTies([1, 2, 2, 3, 5, 5, 5, 8])).toEqual([1, 2.5, 2.5, 4, 6, 6, 6, 8]);
    const t = correlateSpearman([1, 2, 2, 3, 5, 5, 5, 8], [2, 1, 4, 3, 7, 6, 6, 9]);
    expect(t.r).toBeCloseTo(0.9015094183400432, 12);
    expect(t.pValue).toBeCloseTo(0.0022155360780939785, 8);
  });

  it('says nothing it cannot know: no variation, too few pairs', () => {
    expect(correlatePearson([1, 2, 3], [5, 5, 5]).r).toBeNull();
    const two = correlatePearson([1, 2], [3, 5]);
    expect(two.r).toBeCloseTo(1, 12);
    expect(two.pValue).toBeNull();
    expect(fisherInterval(0.5, 3)).toBeNull();
  });
});

describe('correlation in words', () => {
  it("reads |r| by Cohen's bands and p < 0.05", async () => {
    const { describeAssociation } = await import('./correlation.ts');
    expect(describeAssociation({ r: 0.906, n: 8, pValue: 0.0019, interval: null })).toEqual({ strength: 'strong', direction: 'positive', significant: true });
    expect(describeAssociation({ r: -0.4, n: 8, pValue: 0.32, interval: null })).toEqual({ strength: 'moderate', direction: 'negative', significant: false });
    expect(describeAssociation({ r: 0.05, n: 8, pValue: 0.9, interval: null })).toEqual({ strength: 'none', direction: null, significant: false });
    expect(describeAssociation({ r: null, n: 1, pValue: null, interval: null }).strength).toBe('none');
  });
});
