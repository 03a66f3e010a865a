import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * Feedback items in Chromium, as a new user would: an admin finds Feedback in the navigation, records
 * an interview whose text carries markup (shown as text, never run), sees it in the list, filters,
 * opens it with its analysis (written when it was stored), edits it; switches PII masking on in
 * Settings → Text and sees the next item stored masked; a viewer has no Feedback at all.
 */

const SCREENSHOTS = process.env['CORRIDOR_SCREENSHOTS'];

describe.skipIf(!HAS_CHROMIUM)('feedback in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let base: string;
  let chrome: BrowserHandle;
  let browser: Browser;
  let co: TestCompany;
  let admin: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Feedback Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    await makeContact(corridor.services.db, co.bankingEmea.id, { name: 'Mia Keller' }, { name: 'Nordwerk Bank' });
    await corridor.services.db
      .insertInto('touch_points')
      .values({ company_id: co.company.id, key: 'invoice', name: 'Invoice', stage: 'billing', channel: 'email', owning_function: 'finance' })
      .execute();
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  async function open(user: TestUser): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, base, user);
    return page;
  }

  it('records, lists, filters, opens and edits an item; markup shows as text; the item shows its analysis', async () => {
    const page = await open(admin);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('nav-feedback').click();
    await page.getByRole('heading', { name: 'Feedback', level: 1 }).waitFor();
    await page.getByTestId('feedback-add').click();
    await page.getByTestId('feedback-kind').selectOption('interview');
    await page.getByTestId('feedback-day').fill('2026-11-02');
    await page.getByTestId('feedback-author').fill('Lena Weber');
    await page.getByTestId('feedback-title').fill('Quarterly review <b>Nordwerk</b>');
    const body = 'The advisor was great but the invoice was wrong again. <img src=x onerror="alert(1)"><script>alert(2)</script>';
    await page.getByTestId('feedback-body').fill(body);
    // Saving without a unit says what to fix, next to the field.
    await page.getByTestId('feedback-save').click();
    await page.getByText('Choose the unit', { exact: true }).waitFor();
    await page.getByTestId('feedback-unit').selectOption(co.bankingEmea.id);
    await page.getByTestId('feedback-account').selectOption({ label: 'Nordwerk Bank' });
    await page.getByTestId('feedback-touch-point').selectOption({ label: 'Invoice' });
    await page.getByTestId('feedback-save').click();

    // The item's page: the markup is text.
    await page.getByTestId('feedback-heading').waitFor();
    expect(await page.getByTestId('feedback-heading').textContent()).toBe('Quarterly review <b>Nordwerk</b>');
    expect(await page.getByTestId('feedback-body-text').textContent()).toBe(body);
    expect(await page.locator('.feedback-body img, .feedback-body script, h1 b').count()).toBe(0);
    const analysis = page.getByTestId('feedback-analysis');
    await analysis.waitFor();
    // Analysed when it was stored: its sentiment and each sentence, as text.
    expect(await analysis.textContent()).toContain('The advisor was great but the invoice was wrong again.');
    expect(await analysis.locator('.badge').count()).toBeGreaterThanOrEqual(2);
    expect(await analysis.locator('img, script').count()).toBe(0);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/feedback-item.png`, fullPage: true });

    // Edit: another kind; the list shows it, with its sentiment, and the filters find it.
    await page.getByTestId('feedback-edit').click();
    await page.getByTestId('feedback-kind').selectOption('focus_group');
    await page.getByTestId('feedback-save').click();
    await page.getByTestId('feedback-edit').waitFor();
    expect(await page.locator('.eyebrow').textContent()).toContain('Focus group');
    await page.getByRole('link', { name: 'Feedback', exact: true }).first().click();
    const rows = page.getByTestId('feedback-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('.badge').count()).toBe(1);
    expect(await rows.first().textContent()).not.toContain('Not analysed yet');
    expect(await rows.first().textContent()).toContain('Nordwerk Bank');
    await page.getByTestId('feedback-filter-kind').selectOption('forum_post');
    await page.getByText('No feedback matches').waitFor();
    await page.getByTestId('feedback-filter-kind').selectOption('focus_group');
    await page.getByTestId('feedback-filter-words').fill('INVOICE');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/feedback-list.png`, fullPage: true });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('masks PII in the next item once an admin switches masking on; a viewer sees no Feedback', async () => {
    const page = await open(admin);
    await page.goto(`${base}/settings/text`);
    const toggle = page.getByTestId('mask-pii');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    // The box follows the saved setting, so it turns on once the server has it.
    await toggle.click();
    await page.getByTestId('mask-pii-saved').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await page.goto(`${base}/feedback`);
    await page.getByTestId('feedback-add').click();
    await page.getByTestId('feedback-kind').selectOption('complaint_letter');
    await page.getByTestId('feedback-author').fill('Post room');
    await page.getByTestId('feedback-body').fill('Please call me on +44 20 7946 0958 or mail jo@customer.example about the double charge.');
    await page.getByTestId('feedback-unit').selectOption(co.insurance.id);
    await page.getByTestId('feedback-save').click();
    const text = page.getByTestId('feedback-body-text');
    await text.waitFor();
    const shown = (await text.textContent()) ?? '';
    expect(shown).toContain('about the double charge');
    expect(shown).not.toMatch(/jo@customer|7946/);
    await page.close();

    const viewer = await makeUser(corridor.services.db, 'viewer', co.company.id);
    const viewerPage = await open(viewer);
    expect(await viewerPage.getByTestId('nav-feedback').count()).toBe(0);
    await viewerPage.close();
  });
});
