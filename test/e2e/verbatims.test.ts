import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey, submitResponse } from '../../src/server/modules/responses/service.ts';
import { liveSurvey, signIn, type Headers } from '../api/helpers.ts';
import { CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';
import { indexAllVerbatims } from '../support/verbatims.ts';

/**
 * The verbatim explorer and the topic editor in Chromium: customers' markup stays text, the search
 * marks the words it matched, a theme filters, and a topic defined with a rule and applied to the
 * history becomes a filter with the right count.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const SHOTS = process.env['VERBATIM_SCREENSHOTS'];

const EVIL = 'The invoice <script>window.__pwned = 1</script> was wrong <img src=x onerror="window.__pwned = 2"> again';
/** Comments with their score; which of them speak of invoices is counted from this list, not assumed. */
const COMMENTS: [number, string][] = [
  [2, EVIL],
  [3, 'Every invoice arrives late and the amounts are wrong.'],
  [4, 'Invoices are confusing. The driver was friendly though.'],
  [5, 'The delivery was late again and nobody called.'],
  [6, 'Delivery took two weeks. Support was helpful.'],
  [9, 'Great delivery, always on time.'],
  [10, 'Friendly support team, they solved my problem quickly.'],
  [8, 'The invoicing portal is slow but support is great.'],
  [3, 'Late delivery, damaged pallets, poor packaging.'],
  [9, 'Support answered within minutes. Excellent service.'],
  [1, 'Wrong invoice three months in a row. I am leaving.'],
  [7, 'Delivery fine, packaging could be better.'],
];
const INVOICE = /\binvoic/i;

describe.skipIf(!HAS_CHROMIUM)('verbatims in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let analyst: TestUser;
  let admin: TestUser;
  let adminHeaders: Headers;
  let survey: SurveyDetail;

  beforeAll(async () => {
    // The text worker runs on its own, as in production, so applying a topic moves while the page watches.
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR, textWorker: { intervalMs: 200 } }));
    const co = await makeCompany(corridor.services.db, 'Verbatim Test Company');
    analyst = await makeUser(corridor.services.db, 'analyst', co.company.id);
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    const { headers } = await signIn(corridor, 'admin', co.company.id);
    adminHeaders = headers;
    // Detractors open cases, so there is a case to quote a verbatim into.
    const rule = await corridor.app.inject({ method: 'POST', url: '/api/v1/alert-rules', headers, payload: { name: 'Detractor', conditions: { match: 'all', conditions: [{ type: 'nps_detractor' }] }, actions: [{ type: 'open_case' }] } });
    expect(rule.statusCode, rule.body).toBe(201);
    survey = await liveSurvey(corridor, headers, { title: 'After delivery' });
    const live = await findLiveSurvey(corridor.services, survey.slug);
    // Three rounds of the comments, a month apart (September to November), so the trend has months to draw.
    for (let round = 0; round < 3; round++) {
      for (const [i, [score, comment]] of COMMENTS.entries()) {
        await submitResponse(corridor.services, live, {
          answers: { nps: score, comment: round === 0 ? comment : `${comment} (${round})` },
          submittedAt: new Date(Date.UTC(2026, 8 + round, 1 + i, 10)),
        });
      }
    }
    await indexAllVerbatims(corridor, headers);
    await corridor.alerts!.tick();
    chrome = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  async function open(path: string, user: TestUser = analyst): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const context = await chrome.browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await logIn(page, base, user);
    await page.goto(`${base}${path}`);
    return { page, errors, dialogs };
  }

  const total = async (page: Page) => Number((await page.getByTestId('verbatim-total').innerText()).replace(/\D/g, ''));

  it('shows a comment with markup and script as its characters, and runs none of it', async () => {
    const { page, errors, dialogs } = await open('/verbatims?q=wrong');
    await page.getByTestId('verbatim').first().waitFor();
    const texts = await page.getByTestId('verbatim-text').allInnerTexts();
    expect(texts.some((t) => t.includes('<script>window.__pwned = 1</script>') && t.includes('<img src=x onerror="window.__pwned = 2">'))).toBe(true);
    expect(await page.getByTestId('verbatim-list').locator('script, img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('marks the words the search matched, and keeps the search in the address', async () => {
    const { page, errors } = await open('/verbatims');
    await page.getByTestId('verbatim-total').waitFor();
    const all = COMMENTS.length * 3;
    await expect.poll(() => total(page)).toBe(all);
    await page.getByTestId('verbatim-search').fill('invoice');
    await page.getByTestId('verbatim-search-submit').click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'invoice');
    const expected = COMMENTS.filter(([, c]) => INVOICE.test(c)).length * 3;
    await expect.poll(() => total(page)).toBe(expected);
    const items = page.getByTestId('verbatim');
    await expect.poll(() => items.count()).toBe(Math.min(expected, 25));
    const marks = await page.getByTestId('verbatim-list').locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThanOrEqual(Math.min(expected, 25));
    for (const m of marks) expect(m).toMatch(INVOICE);
    // Every item shown has at least one mark, and the marked words are the text's own.
    for (let i = 0; i < (await items.count()); i++) expect(await items.nth(i).locator('mark').count()).toBeGreaterThan(0);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/verbatims-search.png`, fullPage: true });
    }
    // The address opens the same view elsewhere.
    const again = await page.context().newPage();
    await again.goto(page.url());
    await expect.poll(() => total(again)).toBe(expected);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters by a theme: the count shown is the number listed, each with the theme', async () => {
    const { page, errors } = await open('/verbatims');
    const first = page.getByTestId('theme-count').first();
    await first.waitFor();
    const name = (await first.innerText()).trim();
    const row = first.locator('xpath=..');
    const shown = Number((await row.locator('.num').innerText()).split('·')[0]?.replace(/\D/g, ''));
    await first.click();
    await page.waitForURL((u) => u.searchParams.has('theme'));
    await expect.poll(() => total(page)).toBe(shown);
    expect(await page.getByTestId('filter-chip').allInnerTexts()).toEqual([expect.stringContaining(name)]);
    const items = page.getByTestId('verbatim');
    await expect.poll(() => items.count()).toBe(Math.min(shown, 25));
    for (let i = 0; i < (await items.count()); i++) expect(await items.nth(i).getByTestId('verbatim-theme').allInnerTexts()).toContain(name);
    // Removing the chip shows everything again.
    await page.getByTestId('filter-chip').getByRole('button').click();
    await expect.poll(() => total(page)).toBe(COMMENTS.length * 3);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('defines a topic with a rule, checks it while typing, previews, applies it to the history, and filters by it', async () => {
    const { page, errors } = await open('/verbatims/topics');
    await page.getByTestId('topic-new').click();
    await page.getByTestId('topic-name').fill('Invoicing');
    await page.getByTestId('topic-rule').fill('invoic* AND (');
    await page.getByTestId('topic-syntax-error').waitFor();
    expect(await page.getByTestId('topic-save').isDisabled()).toBe(true);
    await page.getByTestId('topic-rule').fill('invoic* NOT portal');
    const expected = COMMENTS.filter(([, c]) => INVOICE.test(c) && !/portal/i.test(c)).length * 3;
    await expect.poll(() => page.getByTestId('topic-preview-count').innerText(), { timeout: 10_000 }).toBe(String(expected));
    await page.getByTestId('topic-save').click();
    await page.getByTestId('topic-apply-button').click();
    await expect.poll(() => page.getByTestId('topic-applied-count').innerText().catch(() => ''), { timeout: 30_000 }).toBe(String(expected));
    expect(await page.getByTestId('topic-node-count').allInnerTexts()).toEqual([String(expected)]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/verbatims-topics.png`, fullPage: true });
    await page.getByTestId('topic-open-explorer').click();
    await page.waitForURL((u) => u.pathname === '/verbatims' && u.searchParams.has('topic'));
    await expect.poll(() => total(page)).toBe(expected);
    expect(await page.getByTestId('filter-topic').locator('option', { hasText: 'Invoicing' }).innerText()).toBe(`Invoicing (${expected})`);
    const tags = await page.getByTestId('verbatim-topic').allInnerTexts();
    expect(tags.length).toBe(Math.min(expected, 25));
    for (const t of tags) expect(t).toBe('# Invoicing');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('quotes a verbatim into an open case, where it shows as a note', async () => {
    const { page, errors } = await open('/verbatims?q=leaving', admin);
    const item = page.getByTestId('verbatim').first();
    await item.waitFor();
    const text = await item.getByTestId('verbatim-text').innerText();
    expect(text).toContain('I am leaving');
    await item.getByTestId('verbatim-quote').click();
    const select = page.getByTestId('quote-case');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    const caseId = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(caseId ?? '');
    await page.getByTestId('quote-submit').click();
    await page.getByTestId('quote-done').waitFor();
    const detail = await corridor.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: adminHeaders });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.body).toContain('I am leaving');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
