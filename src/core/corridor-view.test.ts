import { describe, expect, it } from 'vitest';
import { flagSnarls, monthsEndingWith, Pool } from './corridor-view.ts';

describe('Pool', () => {
  it('pools answers on different scales as the mean of rescaled answers', () => {
    const pool = new Pool();
    pool.add({ n: 2, sum: 4 + 5 }, { min: 1, max: 5 }); // 75, 100
    pool.add({ n: 1, sum: 1 }, { min: 1, max: 7 }); // 0
    expect(pool.n).toBe(3);
    expect(pool.score()).toBeCloseTo((75 + 100 + 0) / 3, 12);
    expect(pool.meanOn({ min: 1, max: 5 })).toBeCloseTo(1 + (175 / 3 / 100) * 4, 12);
  });

  it('is the plain mean on one scale, and null when empty', () => {
    const pool = new Pool();
    expect(pool.score()).toBeNull();
    pool.add({ n: 4, sum: 3 + 5 + 6 + 7 }, { min: 1, max: 7 });
    expect(pool.meanOn({ min: 1, max: 7 })).toBeCloseTo(21 / 4, 12);
  });
});

describe('monthsEndingWith', () => {
  it('counts back across a year', () => {
    expect(monthsEndingWith('2026-02-14', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEndingWith('2026-12-31', 12)).toHaveLength(12);
    expect(monthsEndingWith('2026-12-31', 12)[0]).toBe('2026-01');
  });
});

describe('flagSnarls', () => {
  const step = (gap: number | null, scale = { min: 1, max: 7 }) => ({ gap: gap === null ? null : { gap, scale }, snarl: false });

  it('marks the three widest shortfalls past 5 % of the scale, comparing scales by share', () => {
    const steps = [step(-2), step(-0.2), step(null), step(1), step(-1, { min: 1, max: 5 }), step(-1.2), step(-0.9)];
    // Shortfalls as % of scale: 33.3, 3.3, –, –, 25, 20, 15.
    expect(flagSnarls(steps).map((s) => s.snarl)).toEqual([true, false, false, false, true, true, false]);
  });

  it('marks nothing when experience meets expectation', () => {
    expect(flagSnarls([step(0.5), step(0), step(-0.1)]).some((s) => s.snarl)).toBe(false);
  });
});
