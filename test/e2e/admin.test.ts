import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * The admin screens in Chromium: the responses of a survey (paged), and the admin-only settings where
 * users and API keys are created — the new user can log in, the new key can call the API.
 */


if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the admin screens in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let manager: TestUser;
  let surveyId = '';

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Admin Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    manager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });


  it('lists the responses of a survey newest first, as text, and loads more', async () => {
    // A live survey (starter questions: "nps" and "comment") with 60 responses, one a minute.
    const api = await browser.newContext();
    expect((await api.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password: admin.password } })).status()).toBe(200);
    const created = await api.request.post(`${base}/api/v1/surveys`, { data: { title: 'Responses survey' }, headers: { origin: base } });
    const survey = (await created.json()) as { id: string; slug: string };
    expect((await api.request.post(`${base}/api/v1/surveys/${survey.id}/publish`, { headers: { origin: base } })).status()).toBe(200);
    await api.close();
    surveyId = survey.id;
    const start = Date.parse('2026-03-01T09:00:00Z');
    await importResponses(
      corridor.services,
      await findLiveSurvey(corridor.services, survey.slug),
      Array.from({ length: 60 }, (_, i) => ({
        unitId: co.banking.id,
        submittedAt: new Date(start + i * 60_000),
        answers: i === 59 ? { nps: 3, comment: 'Slow <b>invoices</b> & no reply' } : { nps: i % 11, comment: `Reply #${i}` },
        attributes: { channel: i % 2 === 0 ? 'email' : 'phone', row: String(i) },
      })),
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, base, admin);
    await page.goto(`${base}/surveys/${survey.id}`);
    await page.getByTestId('tab-responses').click();
    await page.waitForURL(new RegExp(`/surveys/${survey.id}/responses$`));
    const rows = page.getByTestId('response-row');
    await page.getByTestId('responses-table').waitFor();
    await expect.poll(() => rows.count()).toBe(50);

    // Newest first: the last imported response leads, with its score chip, comment as text and segments.
    const first = rows.first();
    expect(await first.locator('.chip').textContent()).toBe('3');
    expect(await first.locator('.chip').getAttribute('class')).toContain('chip-detractor');
    expect(await first.getByTestId('response-comment').textContent()).toBe('Slow <b>invoices</b> & no reply');
    expect(await first.locator('b').count()).toBe(0);
    expect(await first.locator('.tag').allTextContents()).toEqual(['channel phone', 'row 59']);
    expect(await first.locator('time').getAttribute('datetime')).toBe('2026-03-01T09:59:00.000Z');
    expect(await first.textContent()).toContain('v1');
    const second = rows.nth(1);
    expect(await second.locator('.chip').textContent()).toBe(String(58 % 11));
    expect(await second.getByTestId('response-comment').textContent()).toBe('Reply #58');
    expect(await rows.nth(49).getByTestId('response-comment').textContent()).toBe('Reply #10');

    // The next page follows without gaps or repeats, then the button goes away.
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count()).toBe(60);
    expect(await rows.nth(50).getByTestId('response-comment').textContent()).toBe('Reply #9');
    expect(await rows.nth(59).getByTestId('response-comment').textContent()).toBe('Reply #0');
    expect(await rows.nth(59).locator('.chip').getAttribute('class')).toContain('chip-detractor');
    await expect.poll(() => page.getByTestId('load-more').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // On a phone the rows are stacked cards, no wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.locator('thead').isVisible()).toBe(false);
    const box = await rows.first().boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('creates a user who can then log in, showing server errors at their fields', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, base, admin);
    await page.getByTestId('nav-settings').click();
    await page.waitForURL(/\/settings\/users$/);
    const userRows = page.getByTestId('user-row');
    await page.getByTestId('users-table').waitFor();
    expect(await userRows.count()).toBe(2);

    await page.getByTestId('new-user').click();
    // Server validation lands at the fields: an empty name, a short password, a taken email.
    await page.getByTestId('user-email').fill(manager.email);
    await page.getByTestId('user-password').fill('too short');
    await page.getByTestId('create-user').click();
    const errorOf = (testId: string) => page.locator(`.field:has([data-testid="${testId}"]) .field-error`);
    await expect.poll(() => errorOf('user-name').textContent()).toBe('Enter a name');
    expect(await errorOf('user-password').textContent()).toBe('Use a password of at least 12 characters');
    await page.getByTestId('user-name').fill('Nadia Novak');
    await page.getByTestId('generate-password').click();
    const password = await page.getByTestId('user-password').inputValue();
    expect(password).toHaveLength(20);
    await page.getByTestId('create-user').click();
    await expect.poll(() => errorOf('user-email').textContent()).toContain('already exists');

    // A fresh email: created as an agent in EMEA (the unit select is indented by depth).
    const email = `nadia-${Date.now()}@example.test`;
    await page.getByTestId('user-email').fill(email);
    await page.getByTestId('user-role').selectOption('agent');
    const emeaOption = page.getByTestId('user-unit').locator(`option[value="${co.bankingEmea.id}"]`);
    expect(await emeaOption.textContent()).toMatch(/^\u00a0{6}└ EMEA$/);
    await page.getByTestId('user-unit').selectOption(co.bankingEmea.id);
    await page.getByTestId('create-user').click();
    await page.getByTestId('user-created').waitFor();
    expect(await page.getByTestId('user-created-password').inputValue()).toBe(password);
    await expect.poll(() => userRows.count()).toBe(3);
    const row = userRows.filter({ hasText: email });
    expect(await row.locator('td').allTextContents()).toEqual(['Nadia Novak', email, 'Agent', 'EMEA']);

    // The new user logs in with that password, and sees no Settings.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const theirs = await other.newPage();
    await logIn(theirs, base, { email, password });
    expect(await theirs.locator('.user-meta').textContent()).toBe('Agent · EMEA');
    expect(await theirs.getByTestId('nav-settings').count()).toBe(0);
    await other.close();
    await page.close();
  });

  it('creates an API key, shows it once, and the key calls the API', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, admin);
    await page.goto(`${base}/settings/api-keys`);
    await page.getByTestId('new-api-key').click();
    await page.getByTestId('api-key-name').fill('CRM sync');
    await page.getByTestId('api-key-role').selectOption('analyst');
    await page.getByTestId('create-api-key').click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key.length).toBeGreaterThan(20);
    expect(await page.getByTestId('api-key-created').textContent()).toContain('you will not see it again');
    expect(await axeViolations(page)).toEqual([]);
    const table = page.getByTestId('api-keys-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['CRM sync', 'Analyst', 'Admin Test Company', expect.any(String), 'Never']);

    // The key works as a bearer token, without a session.
    const client = await browser.newContext();
    const res = await client.request.get(`${base}/api/v1/surveys`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { surveys: { title: string }[] };
    expect(body.surveys.map((s) => s.title)).toContain('Responses survey');
    expect((await client.request.get(`${base}/api/v1/surveys`, { headers: { authorization: 'Bearer not-a-key' } })).status()).toBe(401);
    await client.close();

    // Once dismissed, the key is gone from the screen; the list shows it was used.
    await page.getByTestId('api-key-done').click();
    expect(await secret.count()).toBe(0);
    await page.reload();
    await expect.poll(() => table.locator('tbody tr').first().locator('td').nth(4).textContent()).not.toBe('Never');
    await context.close();
  });

  it('shows no Settings to a manager, and sends them home from its address', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, base, manager);
    expect(await page.getByTestId('nav-surveys').count()).toBe(1);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    await page.goto(`${base}/settings/users`);
    await page.getByTestId('company-name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('users-table').count()).toBe(0);
    // A manager may read responses: the tab is there.
    await page.goto(`${base}/surveys/${surveyId}`);
    await page.getByTestId('survey-title').waitFor();
    expect(await page.getByTestId('tab-responses').count()).toBe(1);
    await page.close();
  });

  it('hides the responses from a viewer', async () => {
    const viewer = await makeUser(corridor.services.db, 'viewer', co.company.id);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, base, viewer);
    await page.goto(`${base}/surveys/${surveyId}`);
    expect(await page.getByTestId('survey-title').textContent()).toBe('Responses survey');
    expect(await page.getByTestId('tab-responses').count()).toBe(0);
    await page.goto(`${base}/surveys/${surveyId}/responses`);
    await expect.poll(() => page.getByRole('alert').or(page.getByRole('status')).allTextContents()).toEqual([expect.stringContaining('You may not see this response list.')]);
    expect(await page.getByTestId('response-row').count()).toBe(0);
    await page.close();
  });
});
