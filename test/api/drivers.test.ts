import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverAnalysisResult } from '../../src/contract/drivers.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { seeded, shapleyByOrders, olsRSquared } from '../support/drivers.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { createSurvey, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

// Driver analysis through the API, checked against least squares over every order of entry on the
// same answers, computed here; a manager of one market gets the drivers of that market's responses.

const NOW = new Date('2026-06-15T12:00:00Z');
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let manager: Headers;

const TOUCH_POINTS = [
  { key: 'service-call', name: 'Service call', stage: 'service', channel: 'phone', owningFunction: 'service_operations' },
  { key: 'invoice', name: 'Invoice', stage: 'billing', channel: 'email', owningFunction: 'finance' },
  { key: 'delivery', name: 'Delivery', stage: 'use', channel: 'in_person', owningFunction: 'logistics' },
];

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    {
      id: 'parts',
      type: 'matrix',
      text: 'How would you rate',
      rows: [
        { id: 'service', text: 'Our service desk', touchPoints: ['service-call'] },
        { id: 'billing', text: 'Our invoices', touchPoints: ['invoice'] },
        { id: 'delivery', text: 'Our delivery', touchPoints: ['delivery'] },
      ],
      scale: { min: 1, max: 5 },
    },
    { id: 'promise', type: 'rating', text: 'How well did the engineer keep the promise?', min: 1, max: 7, touchPoints: ['service-call'] },
  ],
};

type Answers = {
  nps: number;
  'parts.service': number;
  'parts.billing': number;
  'parts.delivery'?: number;
  promise: number;
};

/** Answers where service and the promise drive NPS most, delivery little; every seventh skips delivery. */
function generate(count: number, seed: number): Answers[] {
  const next = seeded(seed);
  const five = (x: number) => Math.min(5, Math.max(1, Math.round(x)));
  return Array.from({ length: count }, (_, i) => {
    const mood = next();
    const service = five(1 + 4 * (0.5 * mood + 0.5 * next()));
    const billing = five(1 + 4 * next());
    const delivery = five(1 + 4 * (0.3 * mood + 0.7 * next()));
    const promise = Math.min(7, Math.max(1, Math.round(1 + 6 * (0.6 * mood + 0.4 * next()))));
    const nps = Math.min(10, Math.max(0, Math.round(service * 1.1 + promise * 0.6 + billing * 0.3 + delivery * 0.1 + 3 * next() - 2)));
    const a: Answers = { nps, 'parts.service': service, 'parts.billing': billing, promise };
    if (i % 7 !== 3) a['parts.delivery'] = delivery;
    return a;
  });
}

let survey: SurveyDetail;
let banking: Answers[];
let insurance: Answers[];

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  manager = (await signIn(c, 'manager', co.banking.id)).headers;
  for (const tp of TOUCH_POINTS) {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/touch-points', headers: admin, payload: tp });
    expect(res.statusCode, res.body).toBe(201);
  }
  survey = await liveSurvey(c, admin, { title: 'Service survey', definition: DEFINITION });
  const live = await findLiveSurvey(c.services, survey.slug);
  banking = generate(48, 11);
  insurance = generate(41, 29).map((a) => ({ ...a, nps: Math.max(0, a.nps - 2) }));
  const at = (i: number) => new Date(Date.UTC(2026, 4, 1 + (i % 28), 10));
  await importResponses(c.services, live, [
    ...banking.map((answers, i) => ({ answers, submittedAt: at(i), unitId: i % 2 ? co.bankingEmea.id : co.banking.id })),
    ...insurance.map((answers, i) => ({ answers, submittedAt: at(i), unitId: co.insurance.id })),
  ]);
});
afterAll(async () => c?.stop());

async function drivers(headers: Headers, query = ''): Promise<DriverAnalysisResult> {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/drivers${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const ITEMS = ['parts.service', 'parts.billing', 'parts.delivery', 'promise'] as const;

/** The expected item analysis of NPS on the four items, over the complete answers. */
function expectedItems(answers: Answers[]) {
  const complete = answers.filter((a) => ITEMS.every((k) => a[k] !== undefined));
  const y = complete.map((a) => a.nps);
  const xs = ITEMS.map((k) => complete.map((a) => a[k] as number));
  return { n: complete.length, excluded: answers.length - complete.length, ...shapleyByOrders(y, xs), xs };
}

function expectWeights(result: DriverAnalysisResult, expected: ReturnType<typeof expectedItems>) {
  expect(result.status).toBe('ok');
  expect(result.method).toBe('lmg');
  expect(result.n).toBe(expected.n);
  expect(result.nExcluded).toBe(expected.excluded);
  expect(Math.abs((result.rSquared ?? NaN) - expected.rSquared)).toBeLessThan(1e-9);
  ITEMS.forEach((key, j) => {
    const d = result.drivers.find((x) => x.key === key);
    expect(Math.abs((d?.weight ?? NaN) - (expected.weights[j] ?? NaN)), key).toBeLessThan(1e-9);
    expect(Math.abs((d?.share ?? NaN) - ((expected.weights[j] ?? 0) / expected.rSquared) * 100), key).toBeLessThan(1e-7);
    const mean = (expected.xs[j] ?? []).reduce((s, v) => s + v, 0) / expected.n;
    expect(Math.abs((d?.performance.mean ?? NaN) - mean)).toBeLessThan(1e-9);
  });
}

describe('GET /surveys/:id/drivers', () => {
  it('weighs every rating item against NPS by default, as least squares over every order of entry does', async () => {
    const result = await drivers(admin);
    expect(result.outcome).toEqual({ key: 'nps', label: 'How likely are you to recommend us?' });
    expectWeights(result, expectedItems([...banking, ...insurance]));
    expect(result.drivers[0]?.key).toBe('parts.service');
    expect(result.drivers.find((d) => d.key === 'promise')?.performance.score).toBeCloseTo(((result.drivers.find((d) => d.key === 'promise')?.performance.mean ?? 0) - 1) / 6 * 100, 9);
    expect(result.outcomes.map((o) => o.key)).toEqual(['nps', 'parts.service', 'parts.billing', 'parts.delivery', 'promise', 'index']);
  });

  it("gives a manager of one market the drivers of that market's responses only", async () => {
    const result = await drivers(manager);
    expectWeights(result, expectedItems(banking));
    expect(result.n + result.nExcluded).toBe(banking.length);
  });

  it('weighs touch points by the mean of their items rescaled to 0–100', async () => {
    const result = await drivers(admin, '?drivers=touch-points');
    const all = [...banking, ...insurance];
    const complete = all.filter((a) => a['parts.delivery'] !== undefined);
    const service = complete.map((a) => (((a['parts.service'] - 1) / 4) * 100 + ((a.promise - 1) / 6) * 100) / 2);
    const invoice = complete.map((a) => ((a['parts.billing'] - 1) / 4) * 100);
    const delivery = complete.map((a) => (((a['parts.delivery'] ?? NaN) - 1) / 4) * 100);
    const expected = shapleyByOrders(complete.map((a) => a.nps), [service, invoice, delivery]);
    expect(result.n).toBe(complete.length);
    expect(Math.abs((result.rSquared ?? NaN) - expected.rSquared)).toBeLessThan(1e-9);
    expect(result.drivers.map((d) => [d.key, d.label])).toContainEqual(['service-call', 'Service call']);
    ['service-call', 'invoice', 'delivery'].forEach((key, j) => {
      expect(Math.abs((result.drivers.find((d) => d.key === key)?.weight ?? NaN) - (expected.weights[j] ?? NaN))).toBeLessThan(1e-9);
    });
    const serviceDriver = result.drivers.find((d) => d.key === 'service-call');
    expect(serviceDriver?.performance.score).toBeCloseTo(service.reduce((s, v) => s + v, 0) / service.length, 9);
  });

  it('takes another outcome, and relative weights when asked', async () => {
    const result = await drivers(admin, '?outcome=parts.service&method=relative-weights');
    expect(result.method).toBe('relative-weights');
    expect(result.drivers.map((d) => d.key).sort()).toEqual(['nps', 'parts.billing', 'parts.delivery', 'promise']);
    const complete = [...banking, ...insurance].filter((a) => a['parts.delivery'] !== undefined);
    const r2 = olsRSquared(
      complete.map((a) => a['parts.service']),
      (['nps', 'parts.billing', 'parts.delivery', 'promise'] as const).map((k) => complete.map((a) => a[k] as number)),
    );
    expect(Math.abs((result.rSquared ?? NaN) - r2)).toBeLessThan(1e-9);
    expect(Math.abs(result.drivers.reduce((s, d) => s + d.weight, 0) - r2)).toBeLessThan(1e-9);
  });

  it('places each driver in its quadrant of the importance–performance map', async () => {
    const result = await drivers(admin);
    const meanShare = result.drivers.reduce((s, d) => s + d.share, 0) / result.drivers.length;
    expect(result.map.importanceMean).toBeCloseTo(meanShare, 9);
    for (const d of result.drivers) {
      const important = d.share > result.map.importanceMean;
      const low = (d.performance.score ?? 0) < result.map.performanceMean;
      expect(d.quadrant).toBe(important ? (low ? 'fix-first' : 'keep-up') : low ? 'low-priority' : 'over-delivering');
    }
  });

  it('narrows to a date window', async () => {
    const result = await drivers(admin, '?from=2026-05-01&to=2026-05-14');
    const inWindow = (i: number) => i % 28 < 14;
    const expected = expectedItems([...banking.filter((_, i) => inWindow(i)), ...insurance.filter((_, i) => inWindow(i))]);
    expectWeights(result, expected);
    expect(result.from).toBe('2026-05-01');
  });

  it('says when there are too few responses, without weights', async () => {
    const result = await drivers(admin, '?from=2026-05-01&to=2026-05-03');
    expect(result).toMatchObject({ status: expect.stringMatching(/too-few-rows|no-drivers/), rSquared: null, drivers: [] });
    expect(result.message).toMatch(/needs? 30/);
  });

  it('refuses an unknown outcome, naming the ones there are', async () => {
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/drivers?outcome=colour`, headers: admin });
    expectValidation(res, 'outcome');
    expect(res.json().error.message).toContain('parts.service');
  });

  it('refuses a bad date and a survey never published', async () => {
    expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.id}/drivers?from=2026-02-30`, headers: admin }), 'from');
    const draft = await createSurvey(c, admin, { title: 'Draft only' });
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${draft.id}/drivers`, headers: admin }), 409, 'survey_not_live');
  });

  it('shows a manager nothing of a survey of another market', async () => {
    const other = await liveSurvey(c, admin, { title: 'Insurance only', unitId: co.insurance.id, definition: DEFINITION });
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${other.id}/drivers`, headers: manager }), 404, 'not_found');
  });
});
