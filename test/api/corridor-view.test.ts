import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorridorView } from '../../src/contract/drivers.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { eventually, openTestCorridor } from '../support/corridor.ts';
import { CORRIDOR_ORDER as ORDER, CORRIDOR_TOUCH_POINTS as TOUCH_POINTS, RELATIONSHIP_DEFINITION as RELATIONSHIP, relationshipRows, shapleyByOrders, type FixtureRow as Row } from '../support/drivers.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

// The corridor view over two surveys: scores pooled from the rollups, monthly trend, importance from the
// relationship survey's touch-point drivers, the expectation–experience gaps and their snarls.

const NOW = new Date('2026-06-15T12:00:00Z');
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let manager: Headers;

const TRANSACTIONAL = { questions: [{ id: 'call', type: 'rating', text: 'How did the call go?', min: 1, max: 7, touchPoints: ['service-call'] }] };

let relationship: SurveyDetail;
let rows: Row[];
let calls: Row[];

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  manager = (await signIn(c, 'manager', co.banking.id)).headers;
  for (const tp of TOUCH_POINTS) expect((await c.app.inject({ method: 'POST', url: '/api/v1/touch-points', headers: admin, payload: tp })).statusCode).toBe(201);
  const put = await c.app.inject({ method: 'PUT', url: '/api/v1/corridors/purchasing_agent', headers: admin, payload: { name: 'Purchasing agents', touchPoints: ORDER } });
  expect(put.statusCode, put.body).toBe(200);
  relationship = await liveSurvey(c, admin, { title: 'Relationship', kind: 'relationship', definition: RELATIONSHIP });
  const transactional = await liveSurvey(c, admin, { title: 'After the call', kind: 'transactional', definition: TRANSACTIONAL });
  rows = relationshipRows([co.banking.id, co.insurance.id, co.bankingEmea.id]);
  calls = Array.from({ length: 12 }, (_, i) => ({ answers: { call: 1 + (i % 7) }, submittedAt: new Date(Date.UTC(2026, 5, 1 + i, 9)), unitId: i < 8 ? co.banking.id : co.insurance.id }));
  await importResponses(c.services, await findLiveSurvey(c.services, relationship.slug), rows);
  await importResponses(c.services, await findLiveSurvey(c.services, transactional.slug), calls);
});
afterAll(async () => c?.stop());

async function view(headers: Headers, query = ''): Promise<CorridorView> {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/corridors/purchasing_agent/view${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Waits until the rollups hold every response, then returns the view. */
const settled = (headers: Headers, expectedCallN: number) => eventually(() => view(headers), (v) => v.steps[3]?.n === expectedCallN && (v.steps[0]?.n ?? 0) > 0);

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const rescale = (v: number, min: number, max: number) => ((v - min) / (max - min)) * 100;
const near = (a: number | null | undefined, b: number) => expect(Math.abs((a ?? NaN) - b)).toBeLessThan(1e-9);

describe('GET /corridors/:audienceRole/view', () => {
  it('lists the touch points in corridor order with names and stages', async () => {
    const v = await settled(admin, 12);
    expect(v.corridor).toEqual({ audienceRole: 'purchasing_agent', name: 'Purchasing agents' });
    expect(v.steps.map((s) => [s.key, s.name, s.stage])).toEqual(ORDER.map((k) => { const tp = TOUCH_POINTS.find((t) => t.key === k); return [k, tp?.name, tp?.stage]; }));
    expect(v.from).toBe('2025-06-16');
    expect(v.to).toBe('2026-06-15');
  });

  it('scores each touch point as the mean of its items rescaled to 0–100, over every survey', async () => {
    const v = await settled(admin, 12);
    const offer = rows.map((r) => rescale(r.answers['parts.offer'] as number, 1, 5));
    near(v.steps[0]?.score, mean(offer));
    expect(v.steps[0]).toMatchObject({ n: 90, smallSample: false });
    // The invoice row on 1–5 and the experience half of the billing gap on 1–7, pooled answer by answer.
    const invoice = [...rows.map((r) => rescale(r.answers['parts.invoice'] as number, 1, 5)), ...rows.map((r) => rescale(r.answers['billing_gap.experience'] as number, 1, 7))];
    near(v.steps[2]?.score, mean(invoice));
    expect(v.steps[2]?.n).toBe(180);
    near(v.steps[3]?.score, mean(calls.map((r) => rescale(r.answers['call'] as number, 1, 7))));
    expect(v.steps[3]).toMatchObject({ n: 12, smallSample: true });
  });

  it('trends each touch point by month over the last twelve months', async () => {
    const v = await settled(admin, 12);
    const trend = v.steps[0]?.trend ?? [];
    expect(trend.map((t) => t.month)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    for (let m = 0; m < 5; m++) {
      const inMonth = rows.filter((r) => r.submittedAt.getUTCMonth() === m);
      const point = trend[6 + m];
      expect(point?.n).toBe(inMonth.length);
      near(point?.score, mean(inMonth.map((r) => rescale(r.answers['parts.offer'] as number, 1, 5))));
    }
    expect(trend[0]).toEqual({ month: '2025-07', score: null, n: 0 });
  });

  it('shows the expectation–experience gap and marks the snarl', async () => {
    const v = await settled(admin, 12);
    const invoice = v.steps[2]?.gap;
    near(invoice?.expectation, mean(rows.map((r) => r.answers['billing_gap.expectation'] as number)));
    near(invoice?.experience, mean(rows.map((r) => r.answers['billing_gap.experience'] as number)));
    near(invoice?.gap, (invoice?.experience ?? 0) - (invoice?.expectation ?? 0));
    expect(invoice?.scale).toEqual({ min: 1, max: 7 });
    expect(invoice?.gap).toBeLessThan(-2);
    expect(v.steps.map((s) => s.snarl)).toEqual([false, false, true, false]);
    expect(v.steps[0]?.gap).toBeNull();
  });

  it('weighs each touch point by its share of R² in the relationship NPS', async () => {
    const v = await settled(admin, 12);
    const y = rows.map((r) => r.answers['nps'] as number);
    const offer = rows.map((r) => rescale(r.answers['parts.offer'] as number, 1, 5));
    const delivery = rows.map((r) => (rescale(r.answers['parts.delivery'] as number, 1, 5) + rescale(r.answers['delivery_gap.experience'] as number, 1, 7)) / 2);
    const invoice = rows.map((r) => (rescale(r.answers['parts.invoice'] as number, 1, 5) + rescale(r.answers['billing_gap.experience'] as number, 1, 7)) / 2);
    const expected = shapleyByOrders(y, [offer, delivery, invoice]);
    expect(v.importance).toMatchObject({ surveyId: relationship.id, surveyTitle: 'Relationship', n: 90, message: null });
    near(v.importance.rSquared, expected.rSquared);
    [0, 1, 2].forEach((j) => near(v.steps[j]?.importance, ((expected.weights[j] ?? 0) / expected.rSquared) * 100));
    expect(v.steps[3]?.importance).toBeNull();
  });

  it("gives a manager of one market their market's responses only", async () => {
    const v = await settled(manager, 8);
    const mine = rows.filter((r) => r.unitId !== co.insurance.id);
    expect(v.steps[0]?.n).toBe(mine.length);
    near(v.steps[0]?.score, mean(mine.map((r) => rescale(r.answers['parts.offer'] as number, 1, 5))));
    near(v.steps[3]?.score, mean(calls.slice(0, 8).map((r) => rescale(r.answers['call'] as number, 1, 7))));
    expect(v.importance.n).toBe(mine.length);
  });

  it('narrows to a window, and says why there is no importance when it is too small', async () => {
    const v = await view(admin, '?from=2026-01-01&to=2026-01-31');
    const january = rows.filter((r) => r.submittedAt.getUTCMonth() === 0);
    expect(v.steps[0]?.n).toBe(january.length);
    expect(v.importance).toMatchObject({ surveyId: null, rSquared: null });
    expect(v.importance.message).toMatch(/Relationship: .*30/);
    expect(v.steps.every((s) => s.importance === null)).toBe(true);
  });

  it('answers 404 for a corridor that does not exist and 400 for a bad window', async () => {
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/corridors/architect/view', headers: admin }), 404, 'not_found');
    expectValidation(await c.app.inject({ method: 'GET', url: '/api/v1/corridors/purchasing_agent/view?to=2026-13-01', headers: admin }), 'to');
    expectValidation(await c.app.inject({ method: 'GET', url: '/api/v1/corridors/purchasing_agent/view?from=2026-05-01&to=2026-04-01', headers: admin }), 'from');
  });
});
