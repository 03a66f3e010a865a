import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Headers } from '../api/helpers.ts';
import { HAS_CHROMIUM, launchChromium, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { CASE_SURVEY } from '../support/cases.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * Closing the loop in Chromium, as a new user would: a detractor answers through their personal link,
 * the account owner's email reaches a real SMTP server, the owner logs in, finds the case and works it
 * to closure with a root cause and "customer told"; an overdue case escalates to the market's manager
 * (a controlled clock), who follows the email's link to it.
 */

describe.skipIf(!HAS_CHROMIUM)('cases in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let base: string;
  let chrome: BrowserHandle;
  let browser: Browser;
  let smtp: SmtpSink;
  let co: TestCompany;
  let admin: Headers;
  let owner: TestUser;
  let marketManager: TestUser;
  let surveyId: string;
  // Monday 7 December 2026, 10:00 UTC.
  let clock = new Date('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR, smtpUrl: smtp.url, now: () => clock, alertWorker: { intervalMs: 100 } }));
    co = await makeCompany(corridor.services.db, 'Case Test Company');
    admin = (await signIn(corridor, 'admin', co.company.id)).headers;
    owner = await makeUser(corridor.services.db, 'agent', co.banking.id);
    marketManager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    const inject = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) => corridor.app.inject({ method, url, headers: admin, payload });
    const s = await inject('POST', '/api/v1/surveys', { title: 'After delivery', unitId: co.company.id, definition: CASE_SURVEY });
    surveyId = s.json().id;
    await corridor.app.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: admin });
    await inject('PUT', '/api/v1/case-settings', { calendar: { timeZone: 'UTC', week: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })) }, firstActionMinutes: 60, resolutionMinutes: 480 });
    await inject('POST', '/api/v1/root-causes', { key: 'late_delivery', label: 'Late delivery' });
    const rule = await inject('POST', '/api/v1/alert-rules', { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case' }] });
    expect(rule.statusCode, rule.body).toBe(201);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
    await smtp?.close();
  });

  /** A contact of an account owned by `owner` in the EMEA region, with a personal link to the survey. */
  async function personalLink(name: string): Promise<string> {
    const contact = await makeContact(corridor.services.db, co.bankingEmea.id, { name }, { name: `${name.split(' ')[1] ?? 'Acme'} GmbH` });
    await corridor.services.db.updateTable('accounts').set({ owner_user_id: owner.id }).where('id', '=', contact.accountId).execute();
    const link = await corridor.app.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/personal-links`, headers: admin, payload: { contactId: contact.id } });
    return (link.json() as { url: string }).url;
  }

  async function answer(url: string, score: number, comment: string): Promise<void> {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(url);
    await page.locator(`label[for="nps-${score}"]`).tap();
    await page.locator('textarea').fill(comment);
    await page.getByRole('button', { name: 'Send' }).tap();
    await page.waitForURL(/\/thanks$/);
    await phone.close();
  }

  async function logIn(user: TestUser, path = '/'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}${path}`);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    return page;
  }

  it('emails the account owner, who works the case to closure with a root cause and "customer told"', async () => {
    await answer(await personalLink('Mia Keller'), 3, 'The pallets came two days late');
    const [mail] = (await smtp.waitFor(1, 15_000)).filter((m) => m.envelopeTo.includes(owner.email));
    expect(mail?.subject).toMatch(/^Case #\d+: Keller GmbH: NPS 3$/);
    expect(mail?.text).toContain('The pallets came two days late');
    const caseUrl = /https?:\/\/\S+\/cases\/[0-9a-f-]{36}/.exec(mail?.text ?? '')?.[0] ?? '';
    expect(caseUrl.startsWith(`${base}/cases/`)).toBe(true);

    const page = await logIn(owner);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await expect.poll(() => page.getByTestId('nav-cases-count').textContent(), { timeout: 15_000 }).toBe('1');
    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-filter-mine').check();
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(1);
    await page.getByTestId('case-row').getByRole('link').click();
    await page.getByTestId('case-page').waitFor();
    expect(page.url()).toBe(caseUrl);
    expect(await page.getByTestId('case-answers').textContent()).toContain('The pallets came two days late');

    await page.getByTestId('case-to-acknowledged').click();
    await page.getByTestId('case-to-in_progress').waitFor();
    await page.getByTestId('case-to-in_progress').click();
    await page.getByTestId('case-to-resolved').waitFor();
    // Resolving without a root cause is refused, and says what is missing.
    await page.getByTestId('case-to-resolved').click();
    await expect.poll(() => page.getByText('give its root cause and resolution').count()).toBeGreaterThan(0);
    await page.getByTestId('case-root-cause').selectOption({ label: 'Late delivery' });
    await page.getByTestId('case-resolution').fill('Sent the missing pallets by courier and a credit note');
    await page.getByTestId('case-to-resolved').click();
    await expect.poll(() => page.getByTestId('case-root-cause-label').textContent()).toBe('Late delivery');
    await page.getByTestId('case-told-date').fill('2026-12-07');
    await page.getByTestId('case-told').click();
    await expect.poll(() => page.getByTestId('case-told-at').textContent()).toBe('Dec 7, 2026');
    await page.getByTestId('case-to-closed').click();
    await expect.poll(() => page.getByTestId('case-timeline').textContent()).toContain('resolved → closed');
    expect(await page.getByTestId('case-timeline').textContent()).toContain('Customer told on Dec 7, 2026');
    expect(errors).toEqual([]);
    const row = await corridor.services.db.selectFrom('cases').selectAll().where('id', '=', caseUrl.split('/').pop() ?? '').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stage: 'closed', resolution: 'Sent the missing pallets by courier and a credit note' });
    expect(row.customer_told_at?.toISOString().slice(0, 10)).toBe('2026-12-07');
    await page.close();
  });

  it('escalates an overdue case to the market manager, who follows the email to it', async () => {
    await answer(await personalLink('Jan Novak'), 1, 'Nobody answers the phone');
    await smtp.waitFor(2, 15_000);
    // An hour of business time later, nobody has acted: the market's manager hears.
    clock = new Date('2026-12-07T11:01:00Z');
    expect((await corridor.alerts!.tick()).escalated).toBe(1);
    const mail = (await smtp.waitFor(3, 15_000)).find((m) => m.envelopeTo.includes(marketManager.email));
    expect(mail?.subject).toMatch(/^Escalated: Case #\d+: Novak GmbH: NPS 1$/);
    const caseUrl = /https?:\/\/\S+\/cases\/[0-9a-f-]{36}/.exec(mail?.text ?? '')?.[0] ?? '';
    const page = await logIn(marketManager, new URL(caseUrl).pathname);
    await page.getByTestId('case-page').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Novak GmbH: NPS 1');
    expect(await page.getByTestId('case-timeline').textContent()).toContain('No first action in time; escalated');
    expect(await page.getByTestId('case-page').getByText('Overdue').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('lets an analyst make an account rule in Settings, whose case says what happened to the account', async () => {
    const analyst = await makeUser(corridor.services.db, 'analyst', co.company.id);
    // A key account added long ago that nobody at has ever answered.
    const contact = await makeContact(corridor.services.db, co.insurance.id, { name: 'Quinn Quiet' }, { name: 'Hush Reinsurance' });
    await corridor.services.db.updateTable('accounts').set({ key_account: true, created_at: new Date('2025-06-01T00:00:00Z') }).where('id', '=', contact.accountId).execute();
    const page = await logIn(analyst);
    await page.getByTestId('nav-settings').click();
    await page.waitForURL(/\/settings\/alert-rules$/);
    expect(await page.getByTestId('tab-users').count()).toBe(0);
    await page.getByTestId('new-rule').click();
    await page.getByTestId('rule-name').fill('Key account gone quiet');
    await page.getByTestId('rule-trigger').selectOption('account');
    await page.getByTestId('rule-condition').getByLabel('Condition').selectOption('account_silent');
    await page.getByTestId('rule-days').fill('90');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-notice').waitFor();
    await expect.poll(() => page.getByTestId('rule-table').textContent()).toContain('key account silent for 90 days');

    await corridor.alerts!.tick();
    const opened = await corridor.services.db.selectFrom('cases').select(['id']).where('account_id', '=', contact.accountId).execute();
    expect(opened).toHaveLength(1);
    await page.goto(`${base}/cases/${opened[0]?.id ?? ''}`);
    await page.getByTestId('case-page').waitFor();
    const what = await page.getByTestId('case-account-trigger').textContent();
    expect(what).toContain('Hush Reinsurance: no answer in the');
    expect(what).toContain('rule “Key account gone quiet”');
    await page.close();
  });
});
