import { describe, expect, it } from 'vitest';
import { figuresBy, figuresOf, medianOf } from './case-metrics.ts';

describe('case metrics', () => {
  it('takes medians of odd and even counts', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 10])).toBe(3.5);
  });

  it('computes the figures of a set of cases', () => {
    const facts = [
      { ackMinutes: 30, closeMinutes: 600, closed: true, withinDeadline: true },
      { ackMinutes: 90, closeMinutes: 3_000, closed: true, withinDeadline: false },
      { ackMinutes: 60, closeMinutes: null, closed: false, withinDeadline: false },
      { ackMinutes: null, closeMinutes: null, closed: false, withinDeadline: false },
    ];
    // acks 30, 60, 90 → median 60, mean 60; closes 600, 3000 → median 1800, mean 1800; 1 of 2 closed in time
    expect(figuresOf(facts)).toEqual({ opened: 4, closed: 2, ackMedianMinutes: 60, ackMeanMinutes: 60, closeMedianMinutes: 1_800, closeMeanMinutes: 1_800, withinDeadlineShare: 0.5 });
    const by = figuresBy(facts.map((f, i) => ({ ...f, k: i < 3 ? 'a' : 'b' })), (f) => f.k);
    expect([...by.keys()]).toEqual(['a', 'b']);
    expect(by.get('b')).toEqual({ opened: 1, closed: 0, ackMedianMinutes: null, ackMeanMinutes: null, closeMedianMinutes: null, closeMeanMinutes: null, withinDeadlineShare: null });
    expect(by.get('a')?.ackMeanMinutes).toBe(60);
  });
});
