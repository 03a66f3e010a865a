import { describe, expect, it } from 'vitest';
import { fitLine, predictAt } from './trend-forecast.ts';

// Reference values computed independently with SciPy 1.17.1 / NumPy:
//   xs = [15, 45, 75, 105, 135]; ys = [20.0, 22.5, 21.0, 25.0, 26.5]; w = [40, 55, 30, 60, 50]
//   stats.linregress(xs, ys) -> slope 0.051666666666666666, intercept 19.125; at x = 300: 34.625
//   weighted: beta = solve(X'WX, X'Wy) -> slope 0.05138888888888889, intercept 19.354166666666668
const xs = [15, 45, 75, 105, 135];
const ys = [20.0, 22.5, 21.0, 25.0, 26.5];
const ws = [40, 55, 30, 60, 50];

describe('least-squares forecast', () => {
  it('matches linregress on an unweighted series', () => {
    const fit = fitLine(xs.map((x, i) => ({ x, y: ys[i]! })))!;
    expect(fit.slope).toBeCloseTo(0.051666666666666666, 12);
    expect(fit.intercept).toBeCloseTo(19.125, 12);
    expect(predictAt(fit, 300)).toBeCloseTo(34.625, 10);
  });

  it('matches weighted least squares when points carry their answers as weights', () => {
    const fit = fitLine(xs.map((x, i) => ({ x, y: ys[i]!, weight: ws[i]! })))!;
    expect(fit.slope).toBeCloseTo(0.05138888888888889, 12);
    expect(fit.intercept).toBeCloseTo(19.354166666666668, 10);
  });

  it('draws no line through fewer than two periods with answers', () => {
    expect(fitLine([{ x: 1, y: 3 }])).toBeNull();
    expect(fitLine([{ x: 1, y: 3 }, { x: 2, y: 9, weight: 0 }])).toBeNull();
    expect(fitLine([{ x: 1, y: 3 }, { x: 1, y: 5 }])).toBeNull();
  });
});
