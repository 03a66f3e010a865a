import { describe, expect, it } from 'vitest';
import { rollUpResponses, weightOfRole, type RolledResponse } from './account-rollup.ts';

const r = (contactId: string | null, role: string | null, nps: number | null, index: number | null): RolledResponse => ({ contactId, role, nps, index });

describe('rollUpResponses', () => {
  const responses = [
    r('a', 'executive', 10, 90),
    r('b', 'it', 3, 20),
    r('c', 'operations', 8, 60),
    r('a', 'executive', 9, null),
    r('d', null, null, 50),
  ];

  it('gives the unweighted figures when every weight is 1', () => {
    const x = rollUpResponses(responses);
    // index: (90 + 20 + 60 + 50) / 4 = 55; NPS over 4 answers: 2 promoters, 1 passive, 1 detractor.
    expect(x.summaryIndex).toBeCloseTo(55, 9);
    expect(x.indexN).toBe(4);
    expect(x.nps.score).toBeCloseTo(25, 9);
    expect(x.nps.mean).toBeCloseTo((10 + 3 + 8 + 9) / 4, 9);
    expect(x.nps.promoterShare).toBeCloseTo(0.5, 9);
    expect(x.nps.passiveShare).toBeCloseTo(0.25, 9);
    expect(x.nps.detractorShare).toBeCloseTo(0.25, 9);
    expect([x.n, x.nps.n, x.contacts, x.smallSample]).toEqual([5, 4, 4, true]);
  });

  it('weights every response by its contact role, by hand', () => {
    const x = rollUpResponses(responses, { executive: 3, it: 0.5 });
    // weights: a 3, b 0.5, c 1, a 3, d 1 (no role → 1)
    // index = (3·90 + 0.5·20 + 1·60 + 1·50) / (3 + 0.5 + 1 + 1) = 390 / 5.5
    expect(x.summaryIndex).toBeCloseTo(390 / 5.5, 9);
    expect(x.summaryIndex).toBeCloseTo(70.909091, 6);
    // NPS weights: 3 (10), 0.5 (3), 1 (8), 3 (9) → total 7.5; promoters 6, detractors 0.5
    expect(x.nps.score).toBeCloseTo((100 * (6 - 0.5)) / 7.5, 9);
    expect(x.nps.score).toBeCloseTo(73.333333, 6);
    expect(x.nps.mean).toBeCloseTo((30 + 1.5 + 8 + 27) / 7.5, 9);
    expect(x.nps.mean).toBeCloseTo(8.866667, 6);
    expect(x.nps.promoterShare).toBeCloseTo(0.8, 9);
    expect(x.nps.detractorShare).toBeCloseTo(0.5 / 7.5, 9);
    expect(x.nps.n).toBe(4);
  });

  it('leaves a role weighted 0 out of every figure', () => {
    const x = rollUpResponses(responses, { it: 0 });
    expect(x.n).toBe(4);
    expect(x.contacts).toBe(3);
    expect(x.summaryIndex).toBeCloseTo((90 + 60 + 50) / 3, 9);
    expect(x.nps.score).toBeCloseTo((100 * 2) / 3, 9);
    expect(x.nps.detractorShare).toBe(0);
  });

  it('has no score without responses, and counts an answer-less response nowhere', () => {
    for (const x of [rollUpResponses([]), rollUpResponses([r('a', 'it', null, null)])]) {
      expect(x).toMatchObject({ n: 0, contacts: 0, summaryIndex: null, indexN: 0, smallSample: true });
      expect(x.nps).toEqual({ score: null, mean: null, promoterShare: null, passiveShare: null, detractorShare: null, n: 0 });
    }
  });

  it('gives all promoters NPS 100, and 30 responses is no longer a small sample', () => {
    const x = rollUpResponses(Array.from({ length: 30 }, (_, i) => r(String(i), null, 9 + (i % 2), 100)));
    expect([x.nps.score, x.nps.mean, x.summaryIndex, x.smallSample, x.contacts]).toEqual([100, 9.5, 100, false, 30]);
  });
});

describe('weightOfRole', () => {
  it('is 1 for roles not listed and for contacts without a role', () => {
    expect(weightOfRole({ it: 2 }, 'it')).toBe(2);
    expect(weightOfRole({ it: 2 }, 'executive')).toBe(1);
    expect(weightOfRole({ it: 2 }, null)).toBe(1);
    expect(weightOfRole({ it: 0 }, 'it')).toBe(0);
  });
});
