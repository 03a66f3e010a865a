import { describe, expect, it } from 'vitest';
import { classifyNps, computeNps, countNpsBands, mergeHistograms, npsOfScores, SMALL_SAMPLE, Z_95 } from './nps.ts';

describe('classifyNps', () => {
  it('puts 9–10 in promoters, 7–8 in passives, 0–6 in detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(classifyNps)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });
  it('rejects scores outside 0–10 and fractions', () => {
    for (const bad of [-1, 11, 7.5, Number.NaN]) expect(() => classifyNps(bad)).toThrow(RangeError);
  });
});

describe('computeNps', () => {
  it('gives nothing but n = 0 when there are no answers', () => {
    const r = computeNps({ promoters: 0, passives: 0, detractors: 0 });
    expect(r).toMatchObject({ n: 0, score: null, standardError: null, marginOfError: null, interval: null, smallSample: true });
  });

  it('matches the published formula: NPS = 100(p − d), SE = 100·sqrt((p + d − (p − d)²)/n), MoE = 1.96·SE', () => {
    // 60 promoters, 25 passives, 15 detractors out of 100: p = .6, d = .15.
    const r = computeNps({ promoters: 60, passives: 25, detractors: 15 });
    expect(r.score).toBe(45);
    const se = 100 * Math.sqrt((0.6 + 0.15 - 0.45 ** 2) / 100);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(se).toBeCloseTo(7.3993243, 6); // sqrt(0.5475)/10·100 worked by hand: sqrt(.005475) = .0739932
    expect(r.marginOfError).toBeCloseTo(1.96 * se, 12);
    expect(r.interval?.[0]).toBeCloseTo(45 - 1.96 * se, 12);
    expect(r.interval?.[1]).toBeCloseTo(45 + 1.96 * se, 12);
    expect(Z_95).toBe(1.96);
    expect(r.smallSample).toBe(false);
  });

  it('is exact on the counts (277 net of 1600 is 17.3125, with no float residue)', () => {
    expect(computeNps({ promoters: 688, passives: 501, detractors: 411 }).score).toBe(17.3125);
  });

  it('has zero error when everyone is a promoter, and clips the interval to ±100', () => {
    const r = computeNps({ promoters: 40, passives: 0, detractors: 0 });
    expect(r).toMatchObject({ score: 100, standardError: 0, marginOfError: 0, interval: [100, 100] });
    const lone = computeNps({ promoters: 1, passives: 0, detractors: 1 });
    expect(lone.score).toBe(0);
    expect(lone.standardError).toBeCloseTo(100 * Math.sqrt(1 / 2), 12);
    expect(lone.interval).toEqual([-100, 100]);
  });

  it('handles one response and flags samples under 30', () => {
    const one = npsOfScores([3]);
    expect(one).toMatchObject({ n: 1, score: -100, standardError: 0, smallSample: true });
    expect(npsOfScores(Array.from({ length: SMALL_SAMPLE - 1 }, () => 9)).smallSample).toBe(true);
    expect(npsOfScores(Array.from({ length: SMALL_SAMPLE }, () => 9)).smallSample).toBe(false);
  });

  it('agrees with the variance of the +1/0/−1 coding computed directly', () => {
    const scores = [0, 3, 5, 6, 7, 7, 8, 9, 9, 10, 10, 10, 4, 8, 9];
    const coded: number[] = scores.map((s) => (s >= 9 ? 1 : s >= 7 ? 0 : -1));
    const mean = coded.reduce((a, b) => a + b, 0) / coded.length;
    const variance = coded.reduce((a, b) => a + (b - mean) ** 2, 0) / coded.length; // population variance
    const r = npsOfScores(scores);
    expect(r.score).toBeCloseTo(100 * mean, 12);
    expect(r.standardError).toBeCloseTo(100 * Math.sqrt(variance / coded.length), 12);
  });
});

describe('histograms', () => {
  it('counts bands from a value → count histogram and merges histograms', () => {
    const merged = mergeHistograms([{ '0': 1, '9': 2 }, { '9': 1, '7': 4, '10': 3 }]);
    expect(merged).toEqual({ '0': 1, '9': 3, '7': 4, '10': 3 });
    expect(countNpsBands(merged)).toEqual({ promoters: 6, passives: 4, detractors: 1 });
  });
});
