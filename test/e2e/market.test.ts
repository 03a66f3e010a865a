import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { loginCookie, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/** The general manager's market review and the analytics hub, in Chromium. */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const DAY = 86_400_000;

describe.skipIf(!HAS_CHROMIUM)('the market review in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Market Review Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    manager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    const headers = { cookie: await loginCookie(corridor.app, admin) };
    const definition = {
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
        { id: 'invoice', type: 'rating', text: 'Invoices <b>on time</b>', min: 1, max: 5 },
      ],
    };
    const created = await corridor.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: { title: 'Service', definition } });
    const survey = created.json() as { id: string; slug: string };
    await corridor.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers });
    // Banking's invoicing falls from 5 to 1 between the two 90-day periods; Insurance stays at 5.
    const now = Date.now();
    const rows = (unitId: string, daysAgo: number, invoice: number) =>
      Array.from({ length: 40 }, (_, i) => ({ answers: { nps: i % 11, invoice }, submittedAt: new Date(now - (daysAgo + (i % 30)) * DAY), unitId }));
    await importResponses(corridor.services, await findLiveSurvey(corridor.services, survey.slug), [
      ...rows(co.banking.id, 100, 5),
      ...rows(co.banking.id, 2, 1),
      ...rows(co.insurance.id, 2, 5),
    ]);
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it("shows a manager their market's key problem, and no way to another market", async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, manager);
    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('analytics-entry').filter({ hasText: 'Market review' }).click();
    await expect.poll(() => page.getByTestId('market-name').textContent()).toBe('Banking');
    await expect(page.getByTestId('market-picker').count()).resolves.toBe(0);
    const first = page.getByTestId('market-problems').locator('li').first();
    // The question's markup is shown as text.
    await expect(first.locator('strong').textContent()).resolves.toBe('Invoices <b>on time</b>');
    await expect(first.textContent()).resolves.toContain('got worse');
    await expect(page.getByTestId('market-aspects').textContent()).resolves.not.toContain('Insurance');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('lets an admin switch markets and periods, kept in the address', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await logIn(page, base, admin);
    await page.goto(`${base}/analytics/market`);
    await expect.poll(() => page.getByTestId('market-name').textContent()).toBe('Banking');
    await page.getByTestId('market-picker').getByRole('button', { name: 'Insurance' }).click();
    await expect.poll(() => page.getByTestId('market-name').textContent()).toBe('Insurance');
    expect(new URL(page.url()).searchParams.get('unit')).toBe(co.insurance.id);
    await page.getByTestId('market-period').getByRole('button', { name: '12 months' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('12m');
    await expect(page.getByTestId('market-problems').textContent()).resolves.not.toContain('got worse');
    // Nothing runs off the side of a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await context.close();
  });
});
