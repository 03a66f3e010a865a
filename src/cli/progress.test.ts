import { describe, expect, it } from 'vitest';
import { etaBar, formatDuration } from './progress.ts';

describe('the progress bar', () => {
  it('writes durations as hours and minutes, minutes and seconds, or seconds', () => {
    expect(formatDuration(12.4)).toBe('12s');
    expect(formatDuration(282)).toBe('4m 42s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(-3)).toBe('0s');
  });

  it('shows the share done and, from the second call on, the rate since the first call and the time left', () => {
    let t = 1_000_000;
    const bar = etaBar(10, () => t);
    // The first call's own work was not timed: it sets the baseline.
    expect(bar(100, 1000)).toBe('[#---------] 10% 100 of 1,000 · 0/s');
    t += 20_000;
    expect(bar(500, 1000)).toBe('[#####-----] 50% 500 of 1,000 · 20/s · 25s left');
    t += 25_000;
    expect(bar(1000, 1000)).toBe('[##########] 100% 1,000 of 1,000 · 20/s · 0s left');
  });
});
