import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmployeeCustomer } from '../../src/contract/employees.ts';
import type { Overview } from '../../src/contract/dashboard.ts';
import type { MarketReview } from '../../src/contract/market.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { createUnit } from '../../src/server/modules/units/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

const NOW = new Date('2030-06-30T12:00:00Z');

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;
let employeeSurveyId: string;
let customerSurveyId: string;

// Six regions, eNPS over 20 employees each and customer NPS over 50 customers each:
const ENPS = [10, 35, -5, 20, 40, 0];
const NPS = [22, 38, 16, 30, 34, 26];
// Reference values computed independently with SciPy 1.17.1 / NumPy on these two lists:
//   stats.pearsonr(ENPS, NPS)  -> r 0.8991279955565781, p 0.014749547463704375
//   stats.spearmanr(ENPS, NPS) -> rho 0.8857142857142858, p 0.01884548104956266
//   np.tanh(np.arctanh(r) ± 1.96/np.sqrt(6 - 3)) -> 0.3239395684474306, 0.9890111387719478

/** Scores giving an NPS: `promoters − detractors = score × n / 100`, the rest passives. */
function scoresFor(score: number, n: number, detractors: number): number[] {
  const promoters = detractors + (score * n) / 100;
  return [...Array<number>(promoters).fill(10), ...Array<number>(detractors).fill(3), ...Array<number>(n - promoters - detractors).fill(8)];
}

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  const regions = [co.bankingEmea];
  for (const [name, parent] of [['Americas', co.banking.id], ['Asia', co.banking.id], ['North', co.insurance.id], ['South', co.insurance.id], ['East', co.insurance.id]] as const) {
    regions.push(await createUnit(c.handle.db, { name, kind: 'region', parentId: parent }));
  }
  const employee = await liveSurvey(c, admin, {
    title: 'Engagement pulse',
    kind: 'employee',
    definition: { questions: [{ id: 'enps', type: 'nps', text: 'Would you recommend us as a place to work?' }, { id: 'proud', type: 'rating', text: 'I am proud to work here', min: 1, max: 5 }] },
  });
  const customer = await liveSurvey(c, admin, { title: 'Relationship', kind: 'relationship', definition: { questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } });
  employeeSurveyId = employee.id;
  customerSurveyId = customer.id;
  const at = new Date('2030-06-10T10:00:00Z');
  await importResponses(c.services, await findLiveSurvey(c.services, employee.slug), regions.flatMap((u, i) =>
    scoresFor(ENPS[i]!, 20, 4).map((s, k) => ({ answers: { enps: s, proud: k % 2 === 0 ? 5 : 3 }, submittedAt: at, unitId: u.id })),
  ));
  await importResponses(c.services, await findLiveSurvey(c.services, customer.slug), regions.flatMap((u, i) => scoresFor(NPS[i]!, 50, 10).map((s) => ({ answers: { nps: s }, submittedAt: at, unitId: u.id }))));
});
afterAll(async () => c?.stop());

const get = async (headers: Headers, url: string) => {
  const res = await c.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('employees beside customers', () => {
  it('puts each region’s eNPS beside its customer NPS, and correlates them as SciPy does', async () => {
    const r: EmployeeCustomer = await get(admin, '/api/v1/analytics/employee-customer');
    expect(r.units).toHaveLength(6);
    const byName = new Map(r.units.map((u) => [u.name, u]));
    expect(byName.get('EMEA')?.enps).toMatchObject({ score: 10, n: 20 });
    expect(byName.get('EMEA')?.customerNps).toMatchObject({ score: 22, n: 50 });
    expect(byName.get('EMEA')?.parentName).toBe('Banking');
    // Half answered 5 (100) and half 3 (50) on proud: 75.
    expect(byName.get('EMEA')?.engagement).toBeCloseTo(75, 9);
    expect(r.pearson.n).toBe(6);
    expect(r.pearson.r).toBeCloseTo(0.8991279955565781, 10);
    expect(r.pearson.pValue).toBeCloseTo(0.014749547463704375, 8);
    expect(r.pearson.interval![0]).toBeCloseTo(0.3239395684474306, 8);
    expect(r.pearson.interval![1]).toBeCloseTo(0.9890111387719478, 8);
    expect(r.spearman.r).toBeCloseTo(0.8857142857142858, 10);
    expect(r.spearman.pValue).toBeCloseTo(0.01884548104956266, 8);
    expect(r.pearson).toMatchObject({ strength: 'strong', direction: 'positive', significant: true });
    expect(r.employeeSurveys.map((s) => s.id)).toEqual([employeeSurveyId]);
    expect(r.customerSurveys.map((s) => s.id)).toEqual([customerSurveyId]);
  });

  it("shows a manager only their own market's regions", async () => {
    const r: EmployeeCustomer = await get(bankingManager, '/api/v1/analytics/employee-customer');
    expect(r.units.map((u) => u.name).sort()).toEqual(['Americas', 'Asia', 'EMEA']);
    expect(r.pearson.n).toBe(3);
  });

  it('never mixes employee answers into customer results', async () => {
    const overview: Overview = await get(admin, '/api/v1/overview');
    expect(overview.surveys.map((s) => s.survey.id)).toEqual([customerSurveyId]);
    // 300 customer responses in the last 30 days… none of the 120 employees'.
    expect(overview.responses30d).toBe(300);
    const market: MarketReview = await get(admin, `/api/v1/analytics/market?unit=${co.banking.id}`);
    expect(market.surveys.map((s) => s.surveyId)).toEqual([customerSurveyId]);
    expect(market.items.every((i) => i.surveyId === customerSurveyId)).toBe(true);
    const mixed = await c.app.inject({ method: 'POST', url: '/api/v1/analytics/query', headers: admin, payload: { surveys: [customerSurveyId, employeeSurveyId] } });
    expect(expectError(mixed, 400, 'survey_kinds_mixed').message).toMatch(/employee/);
    // The employee survey on its own is fine: eNPS by region.
    const alone = await c.app.inject({ method: 'POST', url: '/api/v1/analytics/query', headers: admin, payload: { surveys: [employeeSurveyId] } });
    expect(alone.statusCode, alone.body).toBe(200);
  });

  it('rejects a level it does not know', async () => {
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/analytics/employee-customer?level=planet', headers: admin }), 400, 'validation_failed');
  });
});
