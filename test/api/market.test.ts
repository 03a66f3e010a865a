import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketReview } from '../../src/contract/market.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

const NOW = new Date('2030-06-30T12:00:00Z');
const DAY = 86_400_000;

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;

// Banking's invoicing got worse: 60 answers a period, its mean falls from 4.5 to 1.5; speed stays at 4.
// Insurance is steady and high; a Banking manager must never see it.
const rows = (unitId: string, daysAgo: number, count: number, answers: (i: number) => Record<string, number>) =>
  Array.from({ length: count }, (_, i) => ({ answers: { speed: 4, ...answers(i) }, submittedAt: new Date(NOW.getTime() - (daysAgo + (i % 20)) * DAY), unitId }));

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  const survey = await liveSurvey(c, admin, {
    title: 'Service',
    definition: {
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend us?' },
        { id: 'invoice', type: 'rating', text: 'Invoicing', min: 1, max: 5 },
        { id: 'speed', type: 'rating', text: 'Speed', min: 1, max: 5 },
      ],
    },
  });
  const live = await findLiveSurvey(c.services, survey.slug);
  await importResponses(c.services, live, [
    ...rows(co.banking.id, 35, 60, (i) => ({ nps: (5 + i) % 11, invoice: i % 4 === 0 ? 3 : 5 })),
    ...rows(co.banking.id, 2, 60, (i) => ({ nps: (5 + i) % 11, invoice: i % 4 === 0 ? 3 : 1 })),
    ...rows(co.insurance.id, 2, 40, () => ({ nps: 10, invoice: 5 })),
  ]);
});
afterAll(async () => c?.stop());

const review = async (headers: Headers, query = ''): Promise<MarketReview> => {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/analytics/market?period=30d${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('market review', () => {
  it("shows a manager their own market, and lists invoicing's fall as the first key problem", async () => {
    const r = await review(bankingManager);
    expect(r.unit.id).toBe(co.banking.id);
    expect(r.markets.map((m) => m.id)).toEqual([co.banking.id]);
    const [first] = r.problems;
    expect(first?.current.key).toBe('invoice');
    expect(first?.reasons).toContain('declined');
    // Now: 45 answers of 1 and 15 of 3 → mean 1.5; before: 45 of 5 and 15 of 3 → 4.5.
    expect(first?.current.n).toBe(60);
    expect(first?.current.mean).toBeCloseTo(1.5, 9);
    expect(first?.change.difference).toBeCloseTo(-3, 9);
    expect(first?.change.significant).toBe(true);
    expect(first?.score).toBeCloseTo(12.5, 9);
    expect(first?.previousScore).toBeCloseTo(87.5, 9);
    // Speed did not move: listed among the aspects, not as a decline.
    const speed = r.items.find((i) => i.current.key === 'speed');
    expect(speed?.change.difference).toBe(0);
    expect(speed?.reasons).not.toContain('declined');
  });

  it('counts only the market’s own answers', async () => {
    const r = await review(bankingManager);
    const nps = r.surveys[0]?.nps;
    expect(nps?.n).toBe(60);
    const mine = (await review(admin, `&unit=${co.banking.id}`)).surveys[0]?.nps;
    expect(mine).toEqual(nps);
    const theirs = (await review(admin, `&unit=${co.insurance.id}`)).surveys[0]?.nps;
    expect(theirs?.n).toBe(40);
    expect(theirs?.metric.value).toBe(100);
  });

  it('lets an admin choose among the markets, and a manager see no other', async () => {
    expect((await review(admin)).markets.map((m) => m.name)).toEqual(['Banking', 'Insurance']);
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/analytics/market?unit=${co.insurance.id}`, headers: bankingManager });
    expectError(res, 404, 'not_found');
  });

  it('rejects a period it does not know', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/api/v1/analytics/market?period=7d', headers: admin });
    expectError(res, 400, 'validation_failed');
  });
});
