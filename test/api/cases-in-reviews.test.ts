import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Goal } from '../../src/contract/goals.ts';
import type { AccountReport, MonthlyReview } from '../../src/contract/reviews.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Cases where the rhythm around them reads them: the monthly review's cases section, the goal metric
 * "cases closed in time", and the account report's "what we are doing about it" — each against
 * counts made by hand from the cases below.
 */

const clock = new Date('2030-07-10T09:00:00Z');
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let manager: Headers;
let accountId: string;

const at = (iso: string) => new Date(`2030-06-${iso}Z`);

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  manager = (await signIn(c, 'manager', co.banking.id)).headers;
  accountId = (await makeContact(c.handle.db, co.bankingEmea.id, {}, { name: 'Nordwerk' })).accountId;
  const cause = await c.handle.db.insertInto('case_root_causes').values({ company_id: co.company.id, key: 'billing', label: 'Billing error' }).returning('id').executeTakeFirstOrThrow();
  const unit = await c.handle.db.selectFrom('units').select(['id', 'path']).where('id', '=', co.bankingEmea.id).executeTakeFirstOrThrow();
  const insurance = await c.handle.db.selectFrom('units').select(['id', 'path']).where('id', '=', co.insurance.id).executeTakeFirstOrThrow();
  const row = (u: { id: string; path: string }, title: string, opened: string, due: string, closed: string | null, extra: Record<string, unknown> = {}) => ({
    company_id: co.company.id,
    unit_id: u.id,
    unit_path: u.path,
    title,
    status: closed ? 'closed' : 'new',
    stage: closed ? 'closed' : 'new',
    opened_at: at(opened),
    resolution_due_at: at(due),
    ...(closed ? { resolved_at: at(closed), closed_at: at(closed), acknowledged_at: at(opened) } : {}),
    ...extra,
  });
  await c.handle.db
    .insertInto('cases')
    .values([
      // Banking, June 2030: five closed (three in time), one open.
      row(unit, 'Nordwerk: NPS 2 (internal title)', '03T09:00:00', '05T09:00:00', '04T09:00:00', {
        account_id: accountId,
        root_cause_id: cause.id,
        resolution: 'We corrected the May invoice and changed how credit notes are issued.',
        customer_told_at: at('04T15:00:00'),
      }),
      row(unit, 'In time, 2', '10T09:00:00', '12T09:00:00', '12T09:00:00'),
      row(unit, 'In time, 3', '11T09:00:00', '13T09:00:00', '11T17:00:00'),
      row(unit, 'Late, 1', '15T09:00:00', '16T09:00:00', '18T09:00:00'),
      row(unit, 'Late, 2', '20T09:00:00', '22T09:00:00', '25T09:00:00'),
      row(unit, 'Still open', '28T09:00:00', '30T09:00:00', null),
      // Insurance: closed late, never counted for Banking.
      row(insurance, 'Insurance, late', '05T09:00:00', '06T09:00:00', '09T09:00:00'),
    ])
    .execute();
});
afterAll(async () => c?.stop());

describe('cases in the reviews, goals and the account report', () => {
  it('the monthly review of Banking counts its cases and says what was done', async () => {
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/reviews/monthly?unitId=${co.banking.id}&month=2030-06`, headers: manager });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as MonthlyReview;
    expect(r.cases).toMatchObject({ opened: 6, closed: 5, withinDeadlineShare: 0.6, topRootCauses: [{ label: 'Billing error', count: 1 }] });
    // The case the customer was told about comes first.
    expect(r.cases?.notable[0]).toMatchObject({ title: 'Nordwerk: NPS 2 (internal title)', customerToldAt: '2030-06-04T15:00:00.000Z' });
    const insurance = (await c.app.inject({ method: 'GET', url: `/api/v1/reviews/monthly?unitId=${co.insurance.id}&month=2030-06`, headers: admin })).json() as MonthlyReview;
    expect(insurance.cases).toMatchObject({ opened: 1, closed: 1, withinDeadlineShare: 0 });
  });

  it("takes the month's days in the company's time zone", async () => {
    const other = await makeCompany(c.handle.db);
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const put = await c.app.inject({ method: 'PUT', url: '/api/v1/case-settings', headers: otherAdmin, payload: { calendar: { timeZone: 'Europe/Berlin', week: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })) } } });
    expect(put.statusCode, put.body).toBe(200);
    const unit = await c.handle.db.selectFrom('units').select(['id', 'path']).where('id', '=', other.banking.id).executeTakeFirstOrThrow();
    const open = (title: string, at: string) => ({ company_id: other.company.id, unit_id: unit.id, unit_path: unit.path, title, status: 'new', stage: 'new' as const, opened_at: new Date(at), resolution_due_at: new Date(at) });
    await c.handle.db
      .insertInto('cases')
      .values([
        open('1 June, 00:30 in Berlin (31 May in UTC)', '2030-05-31T22:30:00Z'),
        open('15 June', '2030-06-15T10:00:00Z'),
        open('1 July, 00:30 in Berlin (30 June in UTC)', '2030-06-30T22:30:00Z'),
        open('1 July, 01:30 in Berlin (30 June in UTC)', '2030-06-30T23:30:00Z'),
      ])
      .execute();
    const review = (await c.app.inject({ method: 'GET', url: `/api/v1/reviews/monthly?unitId=${other.banking.id}&month=2030-06`, headers: otherAdmin })).json() as MonthlyReview;
    // June in Berlin holds the first two; June in UTC would hold the last three.
    expect(review.cases?.opened).toBe(2);
  });

  it('a goal on the share of cases closed in time reads 60 % for Banking', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: manager,
      payload: { name: 'Banking closes cases in time', metric: 'cases_closed_in_time', unitId: co.banking.id, target: 80, startDate: '2030-06-01', dueDate: '2030-09-30' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const goal = res.json() as Goal;
    expect(goal.progress.current).toBeCloseTo(60, 10);
    expect(goal.progress.n).toBe(5);
    const review = (await c.app.inject({ method: 'GET', url: `/api/v1/reviews/monthly?unitId=${co.banking.id}&month=2030-06`, headers: manager })).json() as MonthlyReview;
    expect(review.goals.map((g) => g.name)).toEqual(['Banking closes cases in time']);
  });

  it('the account report lists what was done in the words for the customer, never the internal title', async () => {
    const res = await c.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/report`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as AccountReport;
    expect(report.actions).toEqual([{ title: 'Billing error', resolution: 'We corrected the May invoice and changed how credit notes are issued.', toldOn: '2030-06-04' }]);
    expect(res.body).not.toContain('internal title');
  });
});
