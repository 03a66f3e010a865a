import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReview, RelationshipSummary } from '../../src/contract/reviews.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

const NOW = new Date('2030-06-30T12:00:00Z');

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;

const at = (year: number, month: number, i: number) => new Date(Date.UTC(year, month - 1, 1 + (i % 28), 12));
// May 2030 in Banking: NPS answers (5 + i) % 11, invoicing mostly 1 (it was 5 in April), speed steady.
const mayNps = (i: number) => (5 + i) % 11;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  const survey = await liveSurvey(c, admin, {
    title: 'Relationship',
    definition: {
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend us?' },
        { id: 'invoice', type: 'rating', text: 'Invoicing', min: 1, max: 5 },
        { id: 'speed', type: 'rating', text: 'Speed', min: 1, max: 5 },
        { id: 'why', type: 'text', text: 'Why?' },
      ],
    },
  });
  const live = await findLiveSurvey(c.services, survey.slug);
  const banking = co.banking.id;
  await importResponses(c.services, live, [
    ...Array.from({ length: 60 }, (_, i) => ({ unitId: banking, submittedAt: at(2030, 5, i), answers: { nps: mayNps(i), invoice: i % 4 === 0 ? 3 : 1, speed: 4, why: i % 4 === 0 ? 'fine' : `Invoice <b>wrong</b> again ${i}` } })),
    ...Array.from({ length: 40 }, (_, i) => ({ unitId: banking, submittedAt: at(2030, 4, i), answers: { nps: 10, invoice: 5, speed: 4 } })),
    ...Array.from({ length: 30 }, (_, i) => ({ unitId: banking, submittedAt: at(2029, 5, i), answers: { nps: 6, invoice: 4, speed: 4, why: 'Invoices arrive late' } })),
    ...Array.from({ length: 20 }, (_, i) => ({ unitId: banking, submittedAt: at(2030, 2, i), answers: { nps: 3, invoice: 2, speed: 4, why: 'Invoices still late' } })),
    ...Array.from({ length: 40 }, (_, i) => ({ unitId: co.insurance.id, submittedAt: at(2030, 5, i), answers: { nps: 0, invoice: 1, speed: 1, why: 'Insurance only secret' } })),
  ]);
});
afterAll(async () => c?.stop());

async function getJson<T>(headers: Headers, url: string): Promise<T> {
  const res = await c.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

/** NPS and its 95 % margin from raw scores, computed here from the definition. */
function npsByHand(scores: number[]): { score: number; margin: number } {
  const n = scores.length;
  const p = scores.filter((s) => s >= 9).length / n;
  const d = scores.filter((s) => s <= 6).length / n;
  return { score: 100 * (p - d), margin: 1.96 * 100 * Math.sqrt((p + d - (p - d) ** 2) / n) };
}

describe('monthly operations review', () => {
  it("gives a manager their own unit's last complete month, with NPS, margin and both comparisons", async () => {
    const r = await getJson<MonthlyReview>(bankingManager, '/api/v1/reviews/monthly');
    expect(r.unit.id).toBe(co.banking.id);
    expect(r.month).toBe('2030-05');
    expect([r.from, r.to]).toEqual(['2030-05-01', '2030-05-31']);
    expect(r.units.map((u) => u.name)).toEqual(['Banking', 'EMEA']);
    const [h] = r.headlines;
    const expected = npsByHand(Array.from({ length: 60 }, (_, i) => mayNps(i)));
    expect(h?.metric).toBe('nps');
    expect(h?.n).toBe(60);
    expect(h?.value).toBeCloseTo(expected.score, 9);
    expect(h?.marginOfError).toBeCloseTo(expected.margin, 9);
    expect(h?.previousMonth).toMatchObject({ value: 100, n: 40 });
    expect(h?.previousMonth.difference).toBeCloseTo(expected.score - 100, 9);
    expect(h?.yearAgo).toMatchObject({ value: -100, n: 30 });
    expect(h?.yearAgo.difference).toBeCloseTo(expected.score + 100, 9);
  });

  it('ranks invoicing first, with its detractor share and low scorers’ own words from the unit only', async () => {
    const r = await getJson<MonthlyReview>(bankingManager, '/api/v1/reviews/monthly?month=2030-05');
    // The NPS is the headline, not a problem; with two aspects, both are among the three weakest.
    expect(r.problems.map((p) => [p.key, p.reasons])).toEqual([['invoice', ['low', 'declined']], ['speed', ['low']]]);
    const [first] = r.problems;
    expect(first?.key).toBe('invoice');
    expect(first?.smallSample).toBe(false);
    expect(first?.reasons).toContain('declined');
    expect(first?.n).toBe(60);
    // 45 of 60 answered 1 (the two lowest answers are 1 and 2).
    expect(first?.detractorShare).toBeCloseTo(45 / 60, 12);
    // Mean 1.5 on 1–5 → 12.5; April's 5 → 100.
    expect(first?.score).toBeCloseTo(12.5, 9);
    expect(first?.previousScore).toBeCloseTo(100, 9);
    expect(first?.comments).toHaveLength(2);
    for (const cm of first?.comments ?? []) {
      expect(cm.text).toMatch(/^Invoice <b>wrong<\/b> again \d+$/);
      expect(cm.score).toBe(1);
    }
    expect(JSON.stringify(r)).not.toContain('Insurance only');
    expect(r.accounts).not.toBeNull();
  });

  it('lets an admin review any unit, a manager no other, and says what a bad month is', async () => {
    const theirs = await getJson<MonthlyReview>(admin, `/api/v1/reviews/monthly?unitId=${co.insurance.id}&month=2030-05`);
    expect(theirs.headlines[0]).toMatchObject({ n: 40, value: -100 });
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/reviews/monthly?unitId=${co.insurance.id}`, headers: bankingManager }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/reviews/monthly?month=2030-13', headers: admin }), 400, 'validation_failed');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/reviews/monthly' }), 401, 'unauthenticated');
  });
});

describe('relationship summary', () => {
  it('shows four complete quarters, the weakest items and the issues raised quarter after quarter', async () => {
    const r = await getJson<RelationshipSummary>(bankingManager, '/api/v1/reviews/relationship');
    expect(r.quarters).toEqual(['2029-Q2', '2029-Q3', '2029-Q4', '2030-Q1']);
    const trend = r.surveys[0]?.trend ?? [];
    expect(trend.map((t) => [t.value, t.n])).toEqual([[-100, 30], [null, 0], [null, 0], [-100, 20]]);
    // Invoicing in 2030-Q1: all 2 → 25; a year before all 4 → 75.
    const [weakest] = r.weakest;
    expect(weakest?.key).toBe('invoice');
    expect(weakest?.scores.at(-1)?.score).toBeCloseTo(25, 9);
    expect(weakest?.changeOverYear).toBeCloseTo(-50, 9);
    expect(weakest?.changeFromPrevious).toBeNull();
    expect(r.recurringIssues.map((t) => [t.term, t.quarters, t.mentions])).toEqual([['invoices', 2, 50], ['late', 2, 50]]);
    expect(r.recurringIssues[0]?.example).toBe('Invoices still late');
    expect(JSON.stringify(r)).not.toContain('Insurance only');
  });
});
