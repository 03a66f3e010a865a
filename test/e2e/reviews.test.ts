import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportLinkCreated } from '../../src/contract/reviews.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { loginCookie, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * The reviews in Chromium: a manager opens the monthly review of their market from Analytics;
 * a customer opens an account report's share link without logging in and sees their own scores and
 * words, nothing internal, and nothing once the link is withdrawn.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const SECRET_NOTE = 'Internal: discount them before renewal';

describe.skipIf(!HAS_CHROMIUM)('the reviews in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let co: TestCompany;
  let manager: TestUser;
  let headers: { cookie: string };
  let acme = '';

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Review Company');
    const admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    manager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    headers = { cookie: await loginCookie(corridor.app, admin) };
    const api = async (method: 'POST', url: string, payload: object) => {
      const res = await corridor.app.inject({ method, url, headers, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as Record<string, unknown>;
    };
    await api('POST', '/api/v1/accounts', { rows: [{ crmId: 'A-1', name: 'Acme Bank', unit: 'Banking', billedRevenue: 4_321_000 }] });
    await api('POST', '/api/v1/contacts', { rows: [{ email: 'eve.hidden@acme.test', accountCrmId: 'A-1', name: 'Eve Hidden' }] });
    const account = await corridor.services.db.selectFrom('accounts').select(['id']).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    const contact = await corridor.services.db.selectFrom('contacts').select(['id']).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    acme = account.id;
    await api('POST', `/api/v1/accounts/${acme}/assessments`, { rating: 'superior', note: SECRET_NOTE });
    const survey = (await api('POST', '/api/v1/surveys', {
      title: 'Service',
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
          { id: 'invoice', type: 'rating', text: 'Invoices <b>on time</b>', min: 1, max: 5 },
          { id: 'why', type: 'text', text: 'Why?' },
        ],
      },
    })) as { id: string; slug: string };
    await api('POST', `/api/v1/surveys/${survey.id}/publish`, {});
    // Last month Banking's invoicing fell from 5 to 1; the month before it was fine. Insurance stays at 5.
    const now = new Date();
    const day = (monthsBack: number, i: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1 + (i % 27), 12));
    const rows = (unitId: string, monthsBack: number, invoice: number, why?: string) =>
      Array.from({ length: 40 }, (_, i) => ({ answers: { nps: i % 11, invoice, ...(why ? { why } : {}) }, submittedAt: day(monthsBack, i), unitId }));
    await importResponses(corridor.services, await findLiveSurvey(corridor.services, survey.slug), [
      ...rows(co.banking.id, 2, 5),
      ...rows(co.banking.id, 1, 1, 'The invoice was wrong <script>alert(1)</script> again'),
      ...rows(co.insurance.id, 1, 5, 'Insurance only'),
      { answers: { nps: 3, invoice: 1, why: 'Acme says: invoices <i>late</i>' }, submittedAt: day(1, 3), unitId: co.banking.id, accountId: acme, contactId: contact.id },
    ]);
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('shows a manager the monthly review of their market, ranked, with what customers said', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await logIn(page, base, manager);
    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('analytics-entry').filter({ hasText: 'Monthly operations review' }).click();
    await expect.poll(() => page.getByTestId('review-unit-name').textContent()).toMatch(/^Banking · /);
    const options = await page.getByTestId('review-unit').locator('option').allTextContents();
    expect(options.map((o) => o.trim())).toEqual(['Banking', 'EMEA']);
    const first = page.getByTestId('review-problems').locator('li').first();
    await expect(first.locator('strong').first().textContent()).resolves.toBe('Invoices <b>on time</b>');
    await expect(first.textContent()).resolves.toContain('got worse');
    await expect(first.textContent()).resolves.toContain('The invoice was wrong <script>alert(1)</script> again');
    await expect(page.locator('main').textContent()).resolves.not.toContain('Insurance only');
    expect(dialogs).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("opens an account report's share link without login, showing the customer's own words and nothing internal", async () => {
    const res = await corridor.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/report-links`, headers, payload: { expiresInDays: 7 } });
    expect(res.statusCode, res.body).toBe(201);
    const link = res.json<ReportLinkCreated>();
    const context = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, bypassCSP: true });
    const page = await context.newPage();
    const opened = await page.goto(link.url);
    expect(opened?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('What you told us, and what we are doing about it');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('For Acme Bank');
    expect(text).toContain('“Acme says: invoices <i>late</i>”');
    for (const secret of [SECRET_NOTE, 'superior', '4,321,000', '4321000', 'eve.hidden', 'Eve Hidden', 'The invoice was wrong', 'Insurance only']) expect(text).not.toContain(secret);
    expect(await page.locator('a, form, input, script').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const revoked = await corridor.app.inject({ method: 'POST', url: `/api/v1/accounts/${acme}/report-links/${link.id}/revoke`, headers, payload: {} });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const gone = await page.goto(link.url);
    expect(gone?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link does not work');
    await context.close();
  });
});
