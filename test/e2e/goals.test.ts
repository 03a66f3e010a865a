import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../src/core/dates.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { createUnit } from '../../src/server/modules/units/service.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { loginCookie, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/** Goals and the employee side in Chromium: a manager sets a goal and finds it on their home page; the employees page. */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const DAY = 86_400_000;

/** Scores giving an NPS over n answers: promoters − detractors = score × n / 100, the rest passives. */
function scoresFor(score: number, n: number, detractors: number): number[] {
  const promoters = detractors + (score * n) / 100;
  return [...Array<number>(promoters).fill(10), ...Array<number>(detractors).fill(3), ...Array<number>(n - promoters - detractors).fill(8)];
}

describe.skipIf(!HAS_CHROMIUM)('goals and employees in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Goal Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    manager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    const headers = { cookie: await loginCookie(corridor.app, admin) };
    const publish = async (title: string, kind: string, questions: unknown[]) => {
      const created = (await corridor.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: { title, kind, definition: { questions } } })).json() as { id: string; slug: string };
      await corridor.app.inject({ method: 'POST', url: `/api/v1/surveys/${created.id}/publish`, headers });
      return findLiveSurvey(corridor.services, created.slug);
    };
    const customer = await publish('Service', 'transactional', [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true }]);
    const programme = await corridor.app.inject({
      method: 'POST',
      url: '/api/v1/programmes',
      headers,
      payload: { name: 'After service calls', surveyId: customer.surveyId, config: { kind: 'persistent', trigger: { eventType: 'service_call.closed' }, delayMinutes: 60, sendWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 }, reminders: { count: 0, afterDays: 5 } } },
    });
    expect(programme.statusCode, programme.body).toBe(201);
    const employee = await publish('Pulse', 'employee', [{ id: 'enps', type: 'nps', text: 'Would you recommend us as a place to work?', required: true }]);
    const now = Date.now();
    // Banking itself: 40 answers over the last month, scores 0–10 in turn: 6 promoters, 28 detractors.
    await importResponses(corridor.services, customer, Array.from({ length: 40 }, (_, i) => ({ answers: { nps: i % 11 }, submittedAt: new Date(now - (2 + (i % 30)) * DAY), unitId: co.banking.id })));
    // Four regions: eNPS 10, 35, −5, 20 (20 employees each) and customer NPS 22, 38, 16, 30 (50 customers each).
    // SciPy 1.17.1: pearsonr([10, 35, -5, 20], [22, 38, 16, 30]) -> r 0.9928083647904367, p 0.007191635209563341.
    const regions = [co.bankingEmea, await createUnit(corridor.services.db, { name: 'Americas', kind: 'region', parentId: co.banking.id })];
    regions.push(await createUnit(corridor.services.db, { name: 'North', kind: 'region', parentId: co.insurance.id }), await createUnit(corridor.services.db, { name: 'South', kind: 'region', parentId: co.insurance.id }));
    const at = new Date(now - 10 * DAY);
    await importResponses(corridor.services, employee, regions.flatMap((u, i) => scoresFor([10, 35, -5, 20][i]!, 20, 4).map((s) => ({ answers: { enps: s }, submittedAt: at, unitId: u.id }))));
    await importResponses(corridor.services, customer, regions.flatMap((u, i) => scoresFor([22, 38, 16, 30][i]!, 50, 10).map((s) => ({ answers: { nps: s }, submittedAt: at, unitId: u.id }))));
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('lets a manager set a goal for their market and then shows its progress on their home page', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, manager);
    await page.getByTestId('nav-goals').click();
    await page.getByTestId('new-goal').click();
    const form = page.getByTestId('goal-form');
    await form.getByLabel('Name').fill('Banking NPS out of the red');
    await form.getByLabel('Target').fill('0');
    const today = dayOf(new Date());
    await form.getByLabel('Start').fill(addDays(today, -60));
    await form.getByLabel('Due').fill(addDays(today, 90));
    // The unit offered first is the manager's own market.
    await expect.poll(() => form.getByLabel('Unit').inputValue()).toBe(co.banking.id);
    await form.getByRole('button', { name: 'Create goal' }).click();
    const listed = page.getByTestId('goal-list').getByTestId('goal-card').filter({ hasText: 'Banking NPS out of the red' });
    await listed.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A goal can be narrowed to a programme.
    await page.getByTestId('new-goal').click();
    await form.getByLabel('Name').fill('Service-call programme NPS');
    await form.getByLabel('Target').fill('10');
    await form.getByTestId('goal-programme').selectOption({ label: 'After service calls' });
    await form.getByRole('button', { name: 'Create goal' }).click();
    await page.getByTestId('goal-list').getByTestId('goal-card').filter({ hasText: 'Service-call programme NPS' }).waitFor();
    const stored = await corridor.services.db.selectFrom('goals as g').innerJoin('programmes as p', 'p.id', 'g.programme_id').select('p.name').where('g.name', '=', 'Service-call programme NPS').executeTakeFirstOrThrow();
    expect(stored.name).toBe('After service calls');

    await page.getByTestId('nav-home').click();
    const card = page.getByTestId('home-goals').getByTestId('goal-card').filter({ hasText: 'Banking NPS out of the red' });
    await card.waitFor();
    // Banking's own 40 answers (6 promoters, 28 detractors) and its two regions' 100 (21 + 29 promoters,
    // 10 + 10 detractors): (56 − 48) / 140 = +5.7, past the target of 0. Insurance's answers do not count.
    expect(await card.getByTestId('goal-current').textContent()).toBe('+5.7');
    expect(await card.textContent()).toContain('Achieved');
    expect(await card.textContent()).toContain('n = 140');
    await context.close();
  });

  it('shows eNPS beside customer NPS by region and says how strongly they go together', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, admin);
    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('analytics-entry').filter({ hasText: 'Employees and customers' }).click();
    const verdict = page.getByTestId('employee-verdict');
    await verdict.waitFor();
    const text = (await verdict.textContent()) ?? '';
    expect(text).toContain('strong positive correlation');
    expect(text).toContain('Pearson r = 0.99');
    expect(text).toContain('p = 0.007');
    await page.getByTestId('employee-scatter').locator('svg').first().waitFor();
    const rows = page.getByTestId('employee-table').locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.filter({ hasText: 'Americas' }).textContent()).toContain('38');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
