import { describe, expect, it } from 'vitest';
import { computeCes, computeCsat, computeShare, metricOfHistogram, momentsOf, momentsOfHistogram, summarizeRating, varianceOf } from './metrics.ts';
import { compareMetric, compareNps, compareProportions, welchTest } from './significance.ts';
import { defaultSummaryIndex, indexOfAnswers, indexOfMeans, type SummaryIndex } from './summary-index.ts';
import { SurveyDefinitionSchema } from './survey-definition.ts';

// Reference values below were computed independently with SciPy 1.17 (numpy mean/std(ddof=1),
// scipy.stats.sem, stats.t.interval, stats.ttest_ind(equal_var=False), stats.norm.sf) on the
// expanded raw values of the same histograms.
const A = { '1': 3, '2': 5, '3': 10, '4': 20, '5': 12 };
const B = { '1': 8, '2': 9, '3': 11, '4': 9, '5': 6 };
const SCALE = { min: 1, max: 5 };
// jStat's t distribution is accurate to about 1e-8, well inside the 1e-6 the metrics promise.
const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 7);

describe('summarizeRating', () => {
  it('gives the mean, sample sd, standard error and t interval', () => {
    const r = summarizeRating(A, SCALE);
    expect(r.n).toBe(50);
    close(r.mean, 3.66);
    close(r.sd, 1.135871507536241);
    close(r.standardError, 0.16063648910709252);
    close(r.interval?.[0], 3.3371888893110064);
    close(r.interval?.[1], 3.982811110688994);
    close(r.topBox.share, 24);
    close(r.topTwoBox.share, 64);
    close(r.bottomBox.share, 6);
    close(r.bottomTwoBox.share, 16);
    expect(r.distribution).toEqual([1, 2, 3, 4, 5].map((v) => ({ value: v, count: A[String(v) as keyof typeof A] })));
    expect(r.smallSample).toBe(false);
  });

  it('has no numbers without answers and no spread with one', () => {
    const none = summarizeRating({}, SCALE);
    expect([none.n, none.mean, none.sd, none.interval, none.topBox.share]).toEqual([0, null, null, null, null]);
    expect(none.smallSample).toBe(true);
    const one = summarizeRating({ '4': 1 }, SCALE);
    expect([one.mean, one.sd, one.interval]).toEqual([4, null, null]);
    expect(one.topTwoBox.share).toBe(100);
    expect(one.smallSample).toBe(true);
  });

  it('reads moments from raw values and histograms alike', () => {
    const raw = Object.entries(A).flatMap(([v, c]) => Array<number>(c).fill(Number(v)));
    expect(momentsOf(raw)).toEqual(momentsOfHistogram(A));
    expect(varianceOf(momentsOf([2, 2, 2]))).toBe(0);
  });
});

describe('CSAT, CES and shares', () => {
  it('CSAT is the share of 4 and 5 with its binomial error', () => {
    const r = computeCsat(A);
    close(r.share, 64);
    close(r.standardError, 100 * Math.sqrt((0.64 * 0.36) / 50));
    expect(r.count).toBe(32);
  });

  it('CES is the mean on 1–7 and the share agreeing (5–7)', () => {
    const r = computeCes({ '1': 1, '4': 2, '5': 3, '7': 4 });
    close(r.mean.mean, (1 + 8 + 15 + 28) / 10);
    close(r.agree.share, 70);
  });

  it('clips share intervals to 0–100 and flags small samples', () => {
    const all = computeShare(10, 10);
    expect(all.share).toBe(100);
    expect(all.interval).toEqual([100, 100]);
    expect(all.smallSample).toBe(true);
    expect(computeShare(0, 0).share).toBeNull();
  });

  it('metricOfHistogram picks each metric', () => {
    const nps = metricOfHistogram('nps', { '10': 5, '9': 5, '8': 5, '3': 5 }, { min: 0, max: 10 });
    expect(nps.value).toBe(25);
    expect(metricOfHistogram('csat', A, SCALE).value).toBeCloseTo(64, 9);
    expect(metricOfHistogram('top-box', A, SCALE).value).toBeCloseTo(24, 9);
    expect(metricOfHistogram('mean', A, SCALE).value).toBeCloseTo(3.66, 9);
    expect(metricOfHistogram('ces', { '6': 3, '2': 1 }, { min: 1, max: 7 }).value).toBe(75);
    expect(metricOfHistogram('mean', {}, SCALE)).toMatchObject({ value: null, n: 0, smallSample: true });
  });
});

describe('significance', () => {
  it("Welch's t matches SciPy", () => {
    const r = welchTest(momentsOfHistogram(A), momentsOfHistogram(B));
    close(r.statistic, 2.918506713507757);
    close(r.df, 83.36626196997304);
    close(r.pValue, 0.0045203595152965865);
    expect(r.significant).toBe(true);
  });

  it('the two-proportion z test matches the pooled formula', () => {
    const r = compareProportions({ count: 32, n: 50 }, { count: 15, n: 43 });
    close(r.difference, 29.116279069767444);
    close(r.standardError, 10.398414867562241);
    close(r.statistic, 2.8000689951884303);
    close(r.pValue, 0.005109168510207567);
    expect(compareMetric('csat', A, B, SCALE)).toEqual(r);
  });

  it('NPS differences use the variance of the −1/0/+1 variable', () => {
    const r = compareNps({ promoters: 120, passives: 50, detractors: 30 }, { promoters: 80, passives: 60, detractors: 60 });
    close(r.difference, 35);
    close(r.standardError, 7.866066361276138);
    close(r.statistic, 4.4494920831460965);
    expect(r.pValue).toBeCloseTo(8.60736024810544e-6, 12);
    expect(r.significant).toBe(true);
  });

  it('never calls a small group significant', () => {
    const r = compareNps({ promoters: 10, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 10 });
    expect(r.difference).toBe(200);
    expect(r.smallSample).toBe(true);
    expect(r.significant).toBe(false);
    expect(compareNps({ promoters: 0, passives: 0, detractors: 0 }, { promoters: 40, passives: 0, detractors: 0 })).toMatchObject({ difference: null, pValue: null, significant: false });
    expect(welchTest(momentsOf([3]), momentsOf([1, 2, 3]))).toMatchObject({ difference: 1, statistic: null, significant: false });
  });

  it('equal groups do not differ', () => {
    const r = welchTest(momentsOfHistogram(A), momentsOfHistogram(A));
    expect(r.difference).toBe(0);
    close(r.pValue, 1);
    expect(r.significant).toBe(false);
  });
});

describe('summary index', () => {
  const index: SummaryIndex = {
    items: [
      { key: 'nps', weight: 2, min: 0, max: 10 },
      { key: 'promise', weight: 1, min: 1, max: 5 },
    ],
  };

  it('rescales each item to 0–100 and weights them', () => {
    // nps 8 → 80, promise 4 → 75: (2·80 + 75) / 3
    close(indexOfAnswers(index, { nps: 8, promise: 4 }), (2 * 80 + 75) / 3);
  });

  it('leaves unanswered and "not applicable" items out', () => {
    expect(indexOfAnswers(index, { nps: 8, promise: 'na' })).toBe(80);
    expect(indexOfAnswers(index, {})).toBeNull();
  });

  it('computes the same from item means', () => {
    close(indexOfMeans(index, { nps: { mean: 8, n: 4 }, promise: { mean: 4, n: 4 } }), (2 * 80 + 75) / 3);
    expect(indexOfMeans(index, { nps: { mean: null, n: 0 } })).toBeNull();
  });

  it('starts from every scale answer of a survey', () => {
    const def = SurveyDefinitionSchema.parse({
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend?' },
        { id: 'c', type: 'text', text: 'Why?' },
        { id: 'm', type: 'matrix', text: 'Rate', rows: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] },
        { id: 'g', type: 'gap', text: 'Speed' },
      ],
    });
    expect(defaultSummaryIndex(def)?.items).toEqual([
      { key: 'nps', weight: 1, min: 0, max: 10 },
      { key: 'm.a', weight: 1, min: 1, max: 5 },
      { key: 'm.b', weight: 1, min: 1, max: 5 },
      { key: 'g.experience', weight: 1, min: 1, max: 7 },
    ]);
  });
});
