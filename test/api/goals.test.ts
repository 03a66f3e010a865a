import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Goal, GoalList } from '../../src/contract/goals.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeInvitation, type TestCompany } from '../support/factories.ts';
import { expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

const NOW = new Date('2030-06-30T12:00:00Z');

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let manager: Headers;
let managerId: string;
let viewer: Headers;
let insuranceManager: Headers;
let surveyId: string;

/** `count` answers of one NPS score and satisfaction on days `first`, `first`+1 … of a month. */
const answers = (month: string, unitId: string, scores: [nps: number, csat: number, count: number][]) => {
  let day = 5;
  return scores.flatMap(([nps, csat, count]) =>
    Array.from({ length: count }, () => ({ answers: { nps, sat: csat }, submittedAt: new Date(`${month}-${String(day++ % 25 + 1).padStart(2, '0')}T10:00:00Z`), unitId })),
  );
};

beforeAll(async () => {
  c = await openTestCorridor({ now: () => NOW });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  const m = await signIn(c, 'manager', co.banking.id);
  manager = m.headers;
  managerId = m.user.id;
  viewer = (await signIn(c, 'viewer', co.banking.id)).headers;
  insuranceManager = (await signIn(c, 'manager', co.insurance.id)).headers;
  const survey = await liveSurvey(c, admin, {
    title: 'Service',
    definition: {
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend us?' },
        { id: 'sat', type: 'csat', text: 'How satisfied are you?' },
      ],
    },
  });
  surveyId = survey.id;
  const live = await findLiveSurvey(c.services, survey.slug);
  // Banking, NPS by month (promoters − detractors over 20 answers): March −20 (4 − 8), the baseline;
  // April 10 (6 − 4), May 20 (7 − 3), June 30 (8 − 2). CSAT (4 or 5 of 5): every promoter and passive satisfied.
  await importResponses(c.services, live, [
    ...answers('2030-03', co.banking.id, [[10, 5, 4], [7, 4, 8], [2, 1, 8]]),
    ...answers('2030-04', co.banking.id, [[10, 5, 6], [8, 4, 10], [3, 2, 4]]),
    ...answers('2030-05', co.banking.id, [[9, 5, 7], [7, 4, 10], [0, 1, 3]]),
    ...answers('2030-06', co.banking.id, [[10, 5, 8], [8, 4, 10], [5, 3, 2]]),
    // Insurance: all promoters, never counted in Banking's goals.
    ...answers('2030-05', co.insurance.id, [[10, 5, 30]]),
  ]);
});
afterAll(async () => c?.stop());

const goalBody = (over: Record<string, unknown> = {}) => ({
  name: 'Banking NPS to 40',
  metric: 'nps',
  unitId: co.banking.id,
  target: 40,
  startDate: '2030-04-01',
  dueDate: '2030-12-31',
  ...over,
});

async function create(headers: Headers, over: Record<string, unknown> = {}): Promise<Goal> {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers, payload: goalBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const list = async (headers: Headers, query = ''): Promise<GoalList> => {
  const res = await c.app.inject({ method: 'GET', url: `/api/v1/goals${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('goals', () => {
  it("measures a manager's NPS goal for their market: value, baseline, monthly series, forecast and status", async () => {
    const g = await create(manager, { ownerUserId: managerId });
    expect(g.unit.id).toBe(co.banking.id);
    expect(g.owner?.id).toBe(managerId);
    expect(g.canManage).toBe(true);
    const p = g.progress;
    // April–June: 21 promoters − 9 detractors over 60 answers = 20; the baseline (the 275 days before April) is March's −20.
    expect(p.n).toBe(60);
    expect(p.current).toBeCloseTo(20, 9);
    expect(p.baseline).toBeCloseTo(-20, 9);
    expect(p.baselineN).toBe(20);
    expect(p.grain).toBe('month');
    expect(p.series.map((s) => [s.start, s.n])).toEqual([['2030-04-01', 20], ['2030-05-01', 20], ['2030-06-01', 20]]);
    expect(p.series.map((s) => s.value)).toEqual([10, 20, 30]);
    // The months' middles lie 14.5, 45 and 75.5 days after the start, on one line rising 10 points per
    // 30.5 days; the due date is day 274: 10 + (274 − 14.5) × 10 / 30.5.
    expect(p.forecast).toBeCloseTo(10 + ((274 - 14.5) * 10) / 30.5, 9);
    expect(p.status).toBe('on_track');
    expect(p.share).toBeCloseTo(40 / 60, 9);
  });

  it('measures CSAT as the share of 4s and 5s', async () => {
    const g = await create(admin, { name: 'Banking CSAT', metric: 'csat', target: 95 });
    // April–June: 60 answers, 9 of them below 4 (the detractors' 1, 2 and 3).
    expect(g.progress.current).toBeCloseTo((100 * 51) / 60, 9);
    // By month 80, 85, 90: the line reaches 100 (the most a share can be) long before December.
    expect(g.progress.series.map((x) => x.value)).toEqual([80, 85, 90]);
    expect(g.progress.forecast).toBe(100);
    expect(g.progress.status).toBe('on_track');
  });

  it("measures the summary index as the company's index of item means", async () => {
    const g = await create(admin, { name: 'Banking index', metric: 'summary_index', target: 80 });
    // The company's default index: every judged item, weight 1, each mean rescaled to 0–100. April–June:
    // NPS answers sum to 152 + 133 + 170 = 455 over 60 (mean 7.583 → 75.83); satisfaction to 78 + 78 + 86
    // = 242 over 60 (mean 4.033 → (4.033 − 1) / 4 = 75.83); the index is their mean.
    const npsPart = 10 * (455 / 60);
    const satPart = (100 * (242 / 60 - 1)) / 4;
    expect(g.progress.current).toBeCloseTo((npsPart + satPart) / 2, 9);
    expect(g.progress.n).toBe(60);
  });

  it('shows goals only to those who see their unit, and lets only managers of the unit change them', async () => {
    const theirs = await create(admin, { name: 'Insurance NPS', unitId: co.insurance.id, target: 90 });
    expect(theirs.progress.current).toBe(100);
    expect(theirs.progress.status).toBe('achieved');
    const mine = await list(manager);
    expect(mine.goals.some((g) => g.id === theirs.id)).toBe(false);
    expect(mine.goals.length).toBeGreaterThan(0);
    expect(mine.goals.every((g) => g.unit.id === co.banking.id)).toBe(true);
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/goals/${theirs.id}`, headers: manager }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'PUT', url: `/api/v1/goals/${theirs.id}`, headers: manager, payload: goalBody({ unitId: co.insurance.id }) }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'DELETE', url: `/api/v1/goals/${theirs.id}`, headers: manager }), 404, 'not_found');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: manager, payload: goalBody({ unitId: co.insurance.id }) }), 'unitId');
    // The insurance manager sees it; a viewer reads Banking's goals but may not set one.
    expect((await list(insuranceManager)).goals.map((g) => g.id)).toEqual([theirs.id]);
    const read = await list(viewer);
    expect(read.canCreate).toBe(false);
    expect(read.goals.every((g) => !g.canManage)).toBe(true);
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: viewer, payload: goalBody() }), 403, 'forbidden');
  });

  it('lists the goals that belong to a viewer, and follows a change and a removal in the audit log', async () => {
    const g = await create(manager, { name: 'Banking NPS, Q4', startDate: '2030-06-01', dueDate: '2030-09-15' });
    const mine = await list(manager, '?mine=true');
    expect(mine.goals.map((x) => x.id)).toContain(g.id);
    expect((await list(admin, '?mine=true')).goals.map((x) => x.id)).not.toContain(g.id);
    const res = await c.app.inject({ method: 'PUT', url: `/api/v1/goals/${g.id}`, headers: manager, payload: goalBody({ name: 'Banking NPS, Q3', target: 25, startDate: '2030-06-01', dueDate: '2030-09-15' }) });
    expect(res.statusCode, res.body).toBe(200);
    const changed: Goal = res.json();
    expect(changed.name).toBe('Banking NPS, Q3');
    // June alone, by week: NPS 30 over June's 20 answers reaches 25.
    expect(changed.progress.grain).toBe('week');
    // Weeks from Monday 27 May; June's answers fall on the 6th to the 25th.
    expect(changed.progress.series[0]?.start).toBe('2030-05-27');
    expect(changed.progress.series.reduce((t, x) => t + x.n, 0)).toBe(20);
    expect(changed.progress.current).toBeCloseTo(30, 9);
    expect(changed.progress.status).toBe('achieved');
    expect((await c.app.inject({ method: 'DELETE', url: `/api/v1/goals/${g.id}`, headers: manager })).statusCode).toBe(204);
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/goals/${g.id}`, headers: manager }), 404, 'not_found');
    const log = await sql<{ action: string }>`select action from audit_log where entity_id = ${g.id} order by id`.execute(c.handle.db);
    expect(log.rows.map((r) => r.action)).toEqual(['goal.created', 'goal.updated', 'goal.deleted']);
  });

  it('says what to fix in a goal it cannot take', async () => {
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: admin, payload: goalBody({ dueDate: '2030-03-01' }) }), 'dueDate');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: admin, payload: goalBody({ target: 140 }) }), 'target');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: admin, payload: goalBody({ metric: 'revenue' }) }), 'metric');
    // The share of cases closed in time is a percentage.
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: admin, payload: goalBody({ metric: 'cases_closed_in_time', target: 120 }) }), 'target');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/goals', headers: admin, payload: goalBody({ ownerUserId: managerId, unitId: co.insurance.id }) }), 'ownerUserId');
  });

  it('measures the response rate as completed responses per invitation sent, in the unit only', async () => {
    // Banking: 10 invitations sent in May, 4 answered; Insurance: 5 sent, all answered (not Banking's).
    const send = async (unitId: string, count: number, answered: number) => {
      const responses = await sql<{ id: string }>`select id from responses where survey_id = ${surveyId} and unit_id = ${unitId} and personal_link_id is null order by id limit ${answered}`.execute(c.handle.db);
      for (let i = 0; i < count; i++) {
        const contact = await makeContact(c.handle.db, unitId);
        const inv = await makeInvitation(c.handle.db, { surveyId, contactId: contact.id, unitId });
        await sql`update invitations set status = 'sent', sent_at = ${new Date(`2030-05-${String(10 + i).padStart(2, '0')}T09:00:00Z`)} where id = ${inv.id}`.execute(c.handle.db);
        const r = responses.rows[i];
        if (r) await sql`update responses set personal_link_id = ${inv.personalLinkId} where id = ${r.id}`.execute(c.handle.db);
      }
    };
    await send(co.banking.id, 10, 4);
    await send(co.insurance.id, 5, 5);
    const g = await create(admin, { name: 'Banking response rate', metric: 'response_rate', target: 50 });
    expect(g.progress.n).toBe(10);
    expect(g.progress.current).toBeCloseTo(40, 9);
    expect(g.progress.series.find((p) => p.start === '2030-05-01')).toMatchObject({ n: 10, value: 40 });
    expect(g.progress.baseline).toBeNull();
    expect(g.progress.status).toBe('off_track');
  });
});
