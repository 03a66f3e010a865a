import { describe, expect, it } from 'vitest';
import { medianOf, movementOf, previousQuarterWindow, quadrantOf, quarterKeyOf, quadrantTotals, quarterStartOf, revenueAtRisk, type QuadrantThresholds } from './quadrants.ts';

const t: QuadrantThresholds = { scoreTarget: 70, revenueThreshold: 1_000 };

describe('quadrantOf', () => {
  it('places each corner: Model, Growth, At-Risk, Dangling', () => {
    expect(quadrantOf(80, 2_000, t)).toBe('model');
    expect(quadrantOf(80, 500, t)).toBe('growth');
    expect(quadrantOf(60, 2_000, t)).toBe('at_risk');
    expect(quadrantOf(60, 500, t)).toBe('dangling');
  });

  it('counts a value exactly at a threshold as good, and just below as low', () => {
    expect(quadrantOf(70, 1_000, t)).toBe('model');
    expect(quadrantOf(69.999999, 1_000, t)).toBe('at_risk');
    expect(quadrantOf(70, 999.99, t)).toBe('growth');
  });

  it('does not place an account without a score: no responses is "no score", not Dangling', () => {
    expect(quadrantOf(null, 0, t)).toBeNull();
    expect(quadrantOf(null, 5_000, t)).toBeNull();
    expect(quadrantOf(Number.NaN, 5_000, t)).toBeNull();
  });

  it('counts billed revenue left empty as 0', () => {
    expect(quadrantOf(90, null, t)).toBe('growth');
    expect(quadrantOf(90, null, { scoreTarget: 70, revenueThreshold: 0 })).toBe('model');
  });
});

describe('medianOf', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([7])).toBe(7);
    expect(medianOf([9, 1, 5])).toBe(5);
    expect(medianOf([400, 100, 300, 200])).toBe(250);
    expect(medianOf([1, 1, 2, 1_000_000])).toBe(1.5);
  });
  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    medianOf(v);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('movementOf', () => {
  it('flags moves into At-Risk from another quadrant only', () => {
    expect(movementOf('model', 'at_risk')).toEqual({ from: 'model', to: 'at_risk', changed: true, intoAtRisk: true, direction: 'down' });
    expect(movementOf('dangling', 'at_risk')).toMatchObject({ intoAtRisk: true, direction: 'same' });
    expect(movementOf('at_risk', 'at_risk')).toMatchObject({ changed: false, intoAtRisk: false, direction: 'same' });
    // Newly scored is not a mover.
    expect(movementOf(null, 'at_risk')).toMatchObject({ changed: true, intoAtRisk: false, direction: null });
    expect(movementOf('at_risk', 'growth')).toMatchObject({ direction: 'up', intoAtRisk: false });
    expect(movementOf('growth', null)).toMatchObject({ changed: true, direction: null });
  });
});

describe('totals and revenue at risk', () => {
  const accounts = [
    { quadrant: 'model' as const, billedRevenue: 5_000 },
    { quadrant: 'at_risk' as const, billedRevenue: 2_500.5 },
    { quadrant: 'at_risk' as const, billedRevenue: 1_200 },
    { quadrant: 'dangling' as const, billedRevenue: null },
    { quadrant: null, billedRevenue: 9_999 },
  ];
  it('sums billed revenue of the At-Risk accounts only', () => {
    expect(revenueAtRisk(accounts)).toBeCloseTo(3_700.5, 9);
    expect(revenueAtRisk([])).toBe(0);
  });
  it('counts each quadrant in order, leaving unscored accounts out', () => {
    expect(quadrantTotals(accounts)).toEqual([
      { quadrant: 'model', count: 1, billedRevenue: 5_000 },
      { quadrant: 'growth', count: 0, billedRevenue: 0 },
      { quadrant: 'at_risk', count: 2, billedRevenue: 3_700.5 },
      { quadrant: 'dangling', count: 1, billedRevenue: 0 },
    ]);
  });
});

describe('quarters', () => {
  it('finds the quarter of a day and its key', () => {
    expect(quarterStartOf('2026-12-02')).toBe('2026-10-01');
    expect(quarterStartOf('2026-01-01')).toBe('2026-01-01');
    expect(quarterStartOf('2026-06-30')).toBe('2026-04-01');
    expect(['2026-03-31', '2026-04-01', '2026-12-31'].map(quarterKeyOf)).toEqual(['2026-Q1', '2026-Q2', '2026-Q4']);
  });
  it('measures movement from a window of the same length ending at the previous quarter\'s end', () => {
    // 2025-12-03 … 2026-12-02 is 365 days; the previous quarter ended 2026-09-30.
    expect(previousQuarterWindow({ from: '2025-12-03', to: '2026-12-02' })).toEqual({ from: '2025-10-01', to: '2026-09-30' });
    expect(previousQuarterWindow({ from: '2026-04-01', to: '2026-04-01' })).toEqual({ from: '2026-03-31', to: '2026-03-31' });
  });
});
