import { describe, expect, it } from 'vitest';
import { lastCompleteMonth, lastCompleteQuarter, monthBounds, quarterBounds, quarterOfDay, shiftMonth, shiftQuarter } from './review-periods.ts';

describe('review periods', () => {
  it('bounds months, leap February included', () => {
    expect(monthBounds('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
  it('shifts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', -12)).toBe('2025-11');
    expect(lastCompleteMonth('2026-12-02')).toBe('2026-11');
    expect(lastCompleteMonth('2026-01-31')).toBe('2025-12');
  });
  it('names and bounds quarters', () => {
    expect(quarterOfDay('2026-12-02')).toBe('2026-Q4');
    expect(quarterOfDay('2026-03-31')).toBe('2026-Q1');
    expect(quarterBounds('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2026-Q2', -3)).toBe('2025-Q3');
    expect(lastCompleteQuarter('2026-12-02')).toBe('2026-Q3');
  });
});
