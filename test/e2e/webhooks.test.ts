import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/server/modules/webhooks/signature.ts';
import { signIn } from '../api/helpers.ts';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany, type TestUser } from '../support/factories.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Settings → Webhooks in Chromium: a bad URL is refused at its field, the secret is shown once and
 * signs what the receiver gets, a test event shows in the delivery log as delivered, and Redeliver
 * posts the same event again.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('webhooks in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // The worker runs on its own here, on the real clock, as in `corridor serve`.
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR, webhookWorker: { intervalMs: 100 } }));
    co = await makeCompany(corridor.services.db, 'Webhook Test Company');
    admin = (await signIn(corridor, 'admin', co.company.id)).user;
    receiver = await startWebhookReceiver();
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await receiver?.close();
    await corridor?.stop();
  });

  it('creates a webhook, shows its secret once, and logs a signed test event and its redelivery', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, base, admin);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('tab-webhooks').click();
    await page.waitForURL(/\/settings\/webhooks$/);

    await page.getByTestId('new-webhook').click();
    await page.getByTestId('webhook-name').fill('CRM');
    await page.getByTestId('webhook-url').fill('ftp://example.com/hook');
    await page.getByTestId('webhook-event-webhook.test').check();
    await page.getByTestId('webhook-save').click();
    await expect.poll(() => page.locator('.field-error').allTextContents()).toContain('Use an http:// or https:// URL');
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-save').click();

    const secret = await page.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByTestId('webhook-verify-code').textContent()).toContain("createHmac('sha256', secret)");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('webhook-secret-done').click();
    await expect.poll(() => page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByTestId('webhook-row').textContent()).toContain('CRM');

    await page.getByTestId('webhook-test').click();
    await expect.poll(() => page.getByTestId('webhook-notice').textContent()).toContain('A test event is on its way to “CRM”');
    const row = page.getByTestId('delivery-row');
    await expect.poll(() => row.first().textContent(), { timeout: 15_000 }).toContain('Delivered');
    expect(await row.first().textContent()).toContain('HTTP 200');
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    const t = Number(/t=(\d+)/.exec(String(got.headers['corridor-signature']))?.[1]);
    expect(verifySignature(secret, String(got.headers['corridor-signature']), got.body, t)).toBe(true);
    const eventId = String(got.headers['corridor-event-id']);
    expect(await row.first().textContent()).toContain(eventId);

    await page.getByTestId('redeliver').first().click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received[1]?.headers['corridor-event-id']).toBe(eventId);
    await expect.poll(() => page.getByTestId('delivery-attempts').first().textContent(), { timeout: 15_000 }).toBe('2');
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
