import { describe, expect, it } from 'vitest';
import { compareGaps, indexOfRating, isMiddleOfScale, perceptionGapOf, ratingOfIndex, silenceOf } from './account-signals.ts';

describe('perception gap', () => {
  it('reads the index in quarters, a boundary belonging to the quarter above', () => {
    expect([0, 24.99, 25, 49.99, 50, 74.99, 75, 100].map(ratingOfIndex)).toEqual(['at_risk', 'at_risk', 'fair', 'fair', 'good', 'good', 'superior', 'superior']);
    expect(['at_risk', 'fair', 'good', 'superior'].map((x) => indexOfRating(x as 'fair'))).toEqual([12.5, 37.5, 62.5, 87.5]);
  });

  it('measures a team rating "superior" against detractors', () => {
    const g = perceptionGapOf('superior', 31.25, -40);
    expect(g.customerRating).toBe('fair');
    expect(g.points).toBeCloseTo(87.5 - 31.25, 9);
    expect(g.steps).toBe(2);
    expect(g.sentence).toBe('Rated superior; contacts are detractors (index 31, NPS −40)');
  });

  it('is negative when the team thinks worse of it than the customers', () => {
    const g = perceptionGapOf('at_risk', 80, 45);
    expect([g.steps, g.points, g.sentence]).toEqual([-3, -67.5, 'Rated at risk; contacts are promoters (index 80, NPS +45)']);
    expect(perceptionGapOf('good', 60, null).sentence).toBe('Rated good; contacts gave no recommendation score (index 60)');
  });

  it('sorts the largest disagreement first, either way', () => {
    const rows = [
      { name: 'B', gap: perceptionGapOf('good', 60, 0) },
      { name: 'A', gap: perceptionGapOf('at_risk', 90, 50) },
      { name: 'C', gap: perceptionGapOf('superior', 20, -60) },
    ];
    expect([...rows].sort(compareGaps).map((x) => x.name)).toEqual(['A', 'C', 'B']);
  });
});

describe('silence', () => {
  it('knows the middle third of each scale', () => {
    const middle = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => min + i).filter((v) => isMiddleOfScale(v, min, max));
    expect(middle(1, 5)).toEqual([3]);
    expect(middle(1, 7)).toEqual([3, 4, 5]);
    expect(middle(0, 10)).toEqual([4, 5, 6]);
    expect(middle(1, 1)).toEqual([]);
  });

  it('flags an item fewer than half answered', () => {
    const s = silenceOf({ asked: 40, answered: 19, histogram: { '1': 10, '5': 9 }, min: 1, max: 5 });
    expect(s.reason).toBe('unanswered');
    expect(s.answerRate).toBeCloseTo(0.475, 9);
    expect(s.middleShare).toBe(0);
    expect(silenceOf({ asked: 40, answered: 20, histogram: { '5': 20 }, min: 1, max: 5 }).reason).toBeNull();
  });

  it('flags an item where at least 70 % answer in the middle', () => {
    const s = silenceOf({ asked: 30, answered: 30, histogram: { '3': 21, '1': 4, '5': 5 }, min: 1, max: 5 });
    expect(s.middleShare).toBeCloseTo(0.7, 9);
    expect(s.reason).toBe('indifferent');
    expect(silenceOf({ asked: 30, answered: 30, histogram: { '3': 20, '1': 5, '5': 5 }, min: 1, max: 5 }).reason).toBeNull();
  });

  it('says nothing below 20 asked, or when nobody was asked', () => {
    expect(silenceOf({ asked: 19, answered: 1, histogram: { '3': 1 }, min: 1, max: 5 }).reason).toBeNull();
    expect(silenceOf({ asked: 0, answered: 0, histogram: {}, min: 1, max: 5 })).toEqual({ answerRate: null, middleShare: null, reason: null });
  });
});
