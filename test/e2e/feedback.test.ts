import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * Feedback items in Chromium, as a new user would: an admin finds Feedback in the navigation, records
 * an interview whose text carries markup (shown as text, never run), sees it in the list, filters,
 * opens it, edits it, sees its analysis once its verbatim exists; switches PII masking on in
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

  it('records, lists, filters, opens and edits an item; markup shows as text; the analysis appears with its verbatim', async () => {
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
    await page.getByTestId('feedback-no-analysis').waitFor();
    const id = page.url().split('/').at(-1) ?? '';

    // Its verbatim, as the indexer writes it: the page shows the sentiment, the themes and each sentence.
    const item = await corridor.services.db.selectFrom('feedback_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const unit = await corridor.services.db.selectFrom('units').select('path').where('id', '=', item.unit_id).executeTakeFirstOrThrow();
    const firstEnd = item.body.indexOf('.') + 1;
    await corridor.services.db.insertInto('themes').values({ company_id: co.company.id, key: 'invoice_errors', name: 'Invoice errors', terms: ['invoice', 'wrong invoice'], discovered_at: new Date() }).execute();
    await corridor.services.db
      .insertInto('verbatims')
      .values({
        company_id: co.company.id, feedback_item_id: id, kind: item.kind, unit_id: item.unit_id, unit_path: unit.path, account_id: item.account_id, occurred_at: item.occurred_at,
        text: item.body, sentiment: -0.2, sentiment_label: 'negative', themes: ['invoice_errors'], analysis_version: 1, analysed_at: new Date(),
        sentences: JSON.stringify([
          { start: 0, end: firstEnd, sentiment: -0.2, label: 'negative', themes: ['invoice_errors'], topics: [] },
          { start: firstEnd + 1, end: item.body.length, sentiment: 0, label: 'neutral', themes: [], topics: [] },
        ]),
      })
      .execute();
    await page.reload();
    const analysis = page.getByTestId('feedback-analysis');
    await analysis.waitFor();
    expect(await analysis.textContent()).toContain('Invoice errors');
    expect(await analysis.textContent()).toContain('The advisor was great but the invoice was wrong again.');
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
    expect(await rows.first().textContent()).toContain('negative');
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
