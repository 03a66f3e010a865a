import { describe, expect, it } from 'vitest';
import { addDays, weekStart } from './dates.ts';

describe('dates', () => {
  it('finds the Monday of the ISO week', () => {
    expect(weekStart('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // Sunday belongs to the week before
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // across a year
  });
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('not a day', 1)).toThrow(RangeError);
  });
});
