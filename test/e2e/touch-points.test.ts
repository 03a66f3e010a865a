import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * Settings → Touch points in Chromium: a touch point is added, put in a corridor, moved up by
 * keyboard and saved; the order survives a reload, and a touch point in use says why it stays.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the touch-point screens in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Touch Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('adds a touch point, puts it in a corridor, moves it up by keyboard, and the saved order survives a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('company-name').waitFor();

    // Two touch points and the operations corridor, as a setup script would make them.
    const headers = { origin: base };
    const bulk = await page.request.post(`${base}/api/v1/touch-points/bulk`, {
      headers,
      data: {
        touchPoints: [
          { key: 'onboarding', name: 'Onboarding', stage: 'onboarding', channel: 'in_person', owningFunction: 'customer_success' },
          { key: 'service-call', name: 'Service call', stage: 'service', channel: 'phone', owningFunction: 'service_operations' },
        ],
      },
    });
    expect(bulk.status()).toBe(200);
    expect((await page.request.put(`${base}/api/v1/corridors/operations`, { headers, data: { name: 'Operations', touchPoints: ['onboarding', 'service-call'] } })).status()).toBe(200);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('tab-touch-points').click();
    await page.waitForURL(/\/settings\/touch-points$/);
    const rows = page.getByTestId('touch-point-row');
    await expect.poll(() => rows.count()).toBe(2);

    // A new touch point; a bad key is refused at its field first.
    await page.getByTestId('new-touch-point').click();
    await page.getByTestId('tp-name').fill('Installation');
    await page.getByTestId('tp-key').fill('on site');
    await page.getByTestId('tp-stage').fill('onboarding');
    await page.getByTestId('tp-channel').selectOption('partner');
    await page.getByTestId('tp-function').selectOption('logistics');
    await page.getByTestId('tp-direct').uncheck();
    await page.getByTestId('tp-save').click();
    const keyError = page.locator('.field:has([data-testid="tp-key"]) .field-error');
    await expect.poll(() => keyError.textContent()).toContain('lower-case letters, digits and dashes');
    await page.getByTestId('tp-key').fill('installation');
    await page.getByTestId('tp-save').click();
    await page.getByTestId('touch-point-notice').waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    const row = page.locator('[data-testid="touch-point-row"][data-key="installation"]');
    expect(await row.locator('td').allTextContents()).toEqual(['Installationinstallation', 'onboarding', 'Partner', 'Indirect', 'Logistics', 'EditDelete']);

    // Into the operations corridor, last; then up twice by keyboard, focus staying on the moved item.
    const card = page.getByTestId('corridor-operations');
    const steps = card.getByTestId('corridor-step');
    const order = async () => steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(await order()).toEqual(['onboarding', 'service-call']);
    await card.getByTestId('corridor-add-select').selectOption('installation');
    await card.getByTestId('corridor-add').click();
    expect(await order()).toEqual(['onboarding', 'service-call', 'installation']);
    await card.getByRole('button', { name: 'Move Installation up' }).focus();
    await page.keyboard.press('Enter');
    expect(await order()).toEqual(['onboarding', 'installation', 'service-call']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Installation up');
    await page.keyboard.press('Space');
    expect(await order()).toEqual(['installation', 'onboarding', 'service-call']);
    expect(await card.getByTestId('corridor-status').textContent()).toBe('Unsaved changes');
    expect(await axeViolations(page)).toEqual([]);
    await card.getByTestId('corridor-save').click();
    await expect.poll(() => card.getByTestId('corridor-status').textContent()).toBe('Saved.');

    await page.reload();
    await page.getByTestId('corridor-operations').waitFor();
    await expect.poll(order).toEqual(['installation', 'onboarding', 'service-call']);
    const corridors = (await (await page.request.get(`${base}/api/v1/corridors`)).json()) as { corridors: { audienceRole: string; touchPoints: string[] }[] };
    expect(corridors.corridors).toEqual([{ audienceRole: 'operations', name: 'Operations', touchPoints: ['installation', 'onboarding', 'service-call'] }]);

    // In the corridor now, it cannot be deleted: the answer says where it is used, at its row.
    await row.getByTestId('touch-point-delete').click();
    const error = page.getByTestId('touch-point-delete-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('the corridor Operations');
    await expect.poll(() => rows.count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
