import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeApiKey, makeCompany, makeContact, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * The programme screens in Chromium: a persistent programme made through the form, dry-run (a
 * suppression with its reason), saved as a draft, activated after a confirmation, and listed as
 * active; the contact policy edited and still saved after a reload.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the programme screens in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let surveyTitle = '';

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Programme <Test> & Co');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    chrome = await launchChromium();
    browser = chrome.browser;

    // A live survey to send, and two closed service calls for the dry run to replay: one by a purchasing agent.
    const api = await browser.newContext();
    expect((await api.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password: admin.password } })).status()).toBe(200);
    surveyTitle = 'After the service call';
    const created = await api.request.post(`${base}/api/v1/surveys`, { data: { title: surveyTitle }, headers: { origin: base } });
    const survey = (await created.json()) as { id: string };
    expect((await api.request.post(`${base}/api/v1/surveys/${survey.id}/publish`, { headers: { origin: base } })).status()).toBe(200);
    await api.close();
    const key = await makeApiKey(corridor.services.db, 'admin', co.company.id);
    const client = await browser.newContext();
    const occurredAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    for (const [id, name, audienceRole] of [
      ['call-1', 'Pat Buyer', 'purchasing_agent'],
      ['call-2', 'Uma User', 'user'],
    ] as const) {
      const contact = await makeContact(corridor.services.db, co.company.id, { name, audienceRole }, { name: `${name}'s company` });
      const { email } = await corridor.services.db.selectFrom('contacts').select('email').where('id', '=', contact.id).executeTakeFirstOrThrow();
      const res = await client.request.post(`${base}/api/v1/events`, {
        headers: { authorization: `Bearer ${key}` },
        data: { id, type: 'service_call.closed', occurredAt, contact: { email } },
      });
      expect(res.status(), await res.text()).toBeLessThan(300);
    }
    await client.close();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });


  it('creates a persistent programme through the form, dry-runs it, activates it and lists it as active', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, base, admin);
    await page.getByTestId('nav-programmes').click();
    await page.waitForURL(/\/programmes$/);
    await page.getByTestId('new-programme').click();
    await page.getByTestId('programme-form').waitFor();

    // Saving without a pattern says so, and sends nothing.
    await page.getByTestId('save-programme').click();
    await expect.poll(() => page.locator('#kind-error').textContent()).toBe('Choose how the programme listens.');

    await page.getByTestId('programme-name').fill('After <service> calls');
    await page.getByTestId('programme-survey').selectOption({ label: surveyTitle });
    await page.getByTestId('kind-persistent').click();
    await page.getByTestId('kind-settings').waitFor();
    expect(await page.getByTestId('event-type').inputValue()).toBe('service_call.closed');
    await page.getByTestId('delay').fill('1');
    await page.getByTestId('delay-unit').selectOption('hours');
    await page.getByTestId('exclude-roles-input').fill('purchasing_agent');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('chip').allTextContents()).toEqual(['purchasing_agent×']);
    expect(await page.getByTestId('programme-summary-draft').textContent()).toContain('Invites the contact of each service_call.closed event 1 hour later');

    // The dry run replays the two calls: the purchasing agent is suppressed, with the reason and its detail.
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    expect(Number(await page.getByTestId('dry-run-suppressed').textContent())).toBeGreaterThanOrEqual(1);
    const reason = page.locator('[data-testid="dry-run-reason"][data-reason="excluded_role"]');
    expect(await reason.textContent()).toContain('Excluded audience role');
    const suppressedRow = page.getByTestId('dry-run-row').filter({ hasText: 'Pat Buyer' });
    expect(await suppressedRow.textContent()).toContain('Suppressed');
    expect(await suppressedRow.textContent()).toContain('Excluded audience role');
    const invite = Number(await page.getByTestId('dry-run-invite').textContent());
    expect(await axeViolations(page)).toEqual([]);

    // Saved as a draft: the programme page says what it does, in words.
    await page.getByTestId('save-programme').click();
    await page.waitForURL(/\/programmes\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('programme-title').textContent()).toBe('After <service> calls');
    expect(await page.getByTestId('programme-status').textContent()).toBe('Draft');
    const summary = await page.getByTestId('programme-summary').textContent();
    expect(summary).toContain("Invites the contact of each service_call.closed event 1 hour later, weekdays 9:00–17:00 in the contact's time zone");
    expect(summary).toContain('purchasing agent excluded; 1 reminder after 5 days');

    // Activating asks first, with the number the dry run would invite now.
    await page.getByTestId('activate').click();
    const confirm = page.getByTestId('activate-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(invite === 0 ? 'No one would be invited right now' : `${invite} ${invite === 1 ? 'person' : 'people'} would be invited now`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('activate-confirm-yes').click();
    await expect.poll(() => page.getByTestId('programme-status').textContent()).toBe('Active');
    expect(await page.getByTestId('pause').isVisible()).toBe(true);
    await page.getByTestId('invitations-card').waitFor();
    await page.getByTestId('rates-card').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Listed as active, the name shown as text.
    await page.getByTestId('nav-programmes').click();
    const row = page.getByTestId('programme-row').filter({ hasText: 'After <service> calls' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.getByTestId('programme-status').textContent()).toBe('Active');
    expect(await row.locator('service').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // On a phone the list is stacked cards, no wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('edits the contact policy and keeps it after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, admin);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('tab-contact-policy').click();
    await page.waitForURL(/\/settings\/contact-policy$/);
    await page.getByTestId('policy-form').waitFor();
    expect(await page.getByTestId('policy-form').textContent()).toContain('opted out or unsubscribed, or whose address bounced, gets no invitation');

    await page.getByTestId('policy-gap').fill('45');
    await page.getByTestId('policy-cap-count').fill('3');
    await page.getByTestId('policy-consent').check();
    await page.getByTestId('add-scoped-rule').click();
    const rule = page.getByTestId('scoped-rule');
    await rule.getByTestId('scoped-name').fill('Purchasing agents');
    await rule.getByTestId('scoped-roles-input').fill('purchasing_agent');
    await page.keyboard.press('Enter');
    await rule.getByTestId('scoped-exclude-persistent').check();
    await page.getByTestId('save-policy').click();
    await page.getByTestId('policy-saved').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await page.getByTestId('policy-form').waitFor();
    expect(await page.getByTestId('policy-gap').inputValue()).toBe('45');
    expect(await page.getByTestId('policy-cap-count').inputValue()).toBe('3');
    expect(await page.getByTestId('policy-consent').isChecked()).toBe(true);
    expect(await page.getByTestId('scoped-name').inputValue()).toBe('Purchasing agents');
    expect(await page.getByTestId('scoped-rule').getByTestId('chip').allTextContents()).toEqual(['purchasing_agent×']);
    expect(await page.getByTestId('scoped-exclude-persistent').isChecked()).toBe(true);
    expect(await page.getByTestId('policy-updated').textContent()).toMatch(/^Last saved .+ by .+\.$/);

    // What the API now answers is what the form showed.
    const res = await page.request.get(`${base}/api/v1/contact-policy`);
    const body = (await res.json()) as { rules: { minGapDays: number; requireConsent: boolean; scoped: { name: string; excludeKinds?: string[] }[] } };
    expect(body.rules.minGapDays).toBe(45);
    expect(body.rules.requireConsent).toBe(true);
    expect(body.rules.scoped).toEqual([{ name: 'Purchasing agents', scope: { audienceRoles: ['purchasing_agent'] }, excludeKinds: ['persistent'] }]);
    await context.close();
  });
});
