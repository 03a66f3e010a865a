import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';
import { readXlsx } from '../support/xlsx-read.ts';

/**
 * Chart cards and exports in Chromium: the dashboard's weekly trend shown as a table with the numbers
 * computed here independently, its CSV and XLSX downloads, and the responses export from the
 * Responses page, scoped to a manager's market.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const DAY = 86_400_000;

/** Monday of the UTC week of an instant, YYYY-MM-DD. */
function mondayOf(t: Date): string {
  const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  return new Date(midnight - ((t.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

/** NPS = 100 × (promoters − detractors) / n, rounded to one decimal as the table shows it. */
function npsOf(scores: number[]): number {
  const p = scores.filter((s) => s >= 9).length;
  const d = scores.filter((s) => s <= 6).length;
  return Math.round(((100 * (p - d)) / scores.length) * 10) / 10;
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { download, bytes: readFileSync(file) };
}

describe.skipIf(!HAS_CHROMIUM)('chart cards and exports in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let manager: TestUser;
  let surveyId = '';
  const weeks = new Map<string, number[]>();

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    co = await makeCompany(corridor.services.db, 'Export Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    manager = await makeUser(corridor.services.db, 'manager', co.banking.id);
    chrome = await launchChromium();
    browser = chrome.browser;

    const api = await browser.newContext();
    expect((await api.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password: admin.password } })).status()).toBe(200);
    const created = await api.request.post(`${base}/api/v1/surveys`, { data: { title: 'Export survey' }, headers: { origin: base } });
    const survey = (await created.json()) as { id: string; slug: string };
    expect((await api.request.post(`${base}/api/v1/surveys/${survey.id}/publish`, { headers: { origin: base } })).status()).toBe(200);
    await api.close();
    surveyId = survey.id;

    // Three weeks of answers (the starter survey asks "nps" and "comment"), in two markets.
    const now = Date.now();
    const groups: [daysAgo: number, scores: number[]][] = [
      [3, [10, 9, 9, 8, 3, 0]],
      [10, [9, 1, 2, 3, 4, 5, 6]],
      [24, [10, 10, 9, 9]],
    ];
    const rows = groups.flatMap(([daysAgo, scores]) =>
      scores.map((nps, i) => {
        const submittedAt = new Date(now - daysAgo * DAY - i * 1_000);
        weeks.set(mondayOf(submittedAt), [...(weeks.get(mondayOf(submittedAt)) ?? []), nps]);
        return { unitId: i % 2 === 0 ? co.banking.id : co.insurance.id, submittedAt, answers: { nps, comment: i === 0 ? '=1+1 formula-looking' : `note ${i}` } };
      }),
    );
    await importResponses(corridor.services, await findLiveSurvey(corridor.services, survey.slug), rows);
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('shows the weekly trend as a table with the same numbers, toggled by mouse and keyboard, and downloads them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, base, admin);
    await page.goto(`${base}/surveys/${surveyId}`);
    const card = page.getByTestId('trend');
    await card.getByTestId('trend-chart').waitFor();
    const chartButton = card.getByRole('button', { name: 'Chart', exact: true });
    const tableButton = card.getByRole('button', { name: 'Table', exact: true });
    expect(await chartButton.getAttribute('aria-pressed')).toBe('true');
    expect(await tableButton.getAttribute('aria-pressed')).toBe('false');

    await tableButton.click();
    expect(await tableButton.getAttribute('aria-pressed')).toBe('true');
    await card.getByTestId('trend-table').waitFor();
    expect(await card.getByTestId('trend-chart').count()).toBe(0);

    const expected = [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, scores]) => [week, npsOf(scores), scores.length] as const);
    expect(expected).toHaveLength(3);
    const cells = await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    // The table writes a negative number with a true minus sign.
    expect(cells).toEqual(expected.map(([week, nps, n]) => [week, String(nps).replace('-', '\u2212'), String(n)]));
    expect(await card.locator('th').allTextContents()).toEqual(['Week starting', 'NPS', 'Answers']);
    expect(await card.locator('footer').textContent()).toContain('3 of 3 weeks have fewer than 30 answers');
    expect(await axeViolations(page)).toEqual([]);

    // Arrow keys move within the toggle and choose.
    await tableButton.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await chartButton.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chart');
    await card.getByTestId('trend-chart').waitFor();
    await page.keyboard.press('ArrowRight');
    await card.getByTestId('trend-table').waitFor();

    const csv = await downloaded(page, () => card.getByRole('button', { name: 'Download Weekly trend as CSV' }).click());
    expect(csv.download.suggestedFilename()).toBe('nps-trend-12m.csv');
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parse(csv.bytes, { bom: true })).toEqual([['Week starting', 'NPS', 'Answers'], ...expected.map(([w, nps, n]) => [w, String(nps), String(n)])]);

    const xlsx = await downloaded(page, () => card.getByRole('button', { name: 'Download Weekly trend as XLSX' }).click());
    expect(xlsx.download.suggestedFilename()).toBe('nps-trend-12m.xlsx');
    const { rows } = readXlsx(new Uint8Array(xlsx.bytes));
    expect(rows.slice(1)).toEqual(expected.map(([w, nps, n]) => [{ type: 'string', value: w }, { type: 'number', value: nps }, { type: 'number', value: n }]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the responses export from the Responses page, a manager’s market only', async () => {
    const stored = await corridor.services.db
      .selectFrom('responses')
      .select(['id', 'unit_id'])
      .where('survey_id', '=', surveyId)
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    for (const [who, units] of [
      [admin, [co.banking.id, co.insurance.id]],
      [manager, [co.banking.id]],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await logIn(page, base, who);
      await page.goto(`${base}/surveys/${surveyId}/responses`);
      await page.getByTestId('export-toggle').click();
      expect(await page.getByTestId('export-toggle').getAttribute('aria-expanded')).toBe('true');
      // On a phone the open menu stays within the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const csv = await downloaded(page, () => page.getByTestId('export-csv').click());
      expect(csv.download.suggestedFilename()).toMatch(/^export-survey.*-responses\.csv$/);
      const rows = parse(csv.bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r['response_id'])).toEqual(stored.filter((s) => (units as readonly string[]).includes(s.unit_id)).map((s) => s.id));
      expect(rows.find((r) => r['comment']?.includes('formula-looking'))?.['comment']).toBe("'=1+1 formula-looking");

      await page.getByTestId('export-toggle').click();
      const xlsx = await downloaded(page, () => page.getByTestId('export-xlsx').click());
      expect(readXlsx(new Uint8Array(xlsx.bytes)).rows).toHaveLength(rows.length + 1);
      await context.close();
    }
  });
});
