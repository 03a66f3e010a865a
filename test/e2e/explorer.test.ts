import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { findLiveSurvey, submitResponse } from '../../src/server/modules/responses/service.ts';
import { liveSurvey, signIn } from '../api/helpers.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/** The analyst's explorer in Chromium: a shared address opens a view, the table and chart agree, names stay text. */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const SHOTS = process.env['EXPLORER_SCREENSHOTS'];

describe.skipIf(!HAS_CHROMIUM)('the explorer in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let analyst: TestUser;
  let survey: SurveyDetail;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const co = await makeCompany(corridor.services.db, 'Explorer Test Company');
    analyst = await makeUser(corridor.services.db, 'analyst', co.company.id);
    const { headers } = await signIn(corridor, 'admin', co.company.id);
    survey = await liveSurvey(corridor, headers, { title: 'Service survey' });
    const live = await findLiveSurvey(corridor.services, survey.slug);
    // North answers well, "<b>South</b>" (a name with markup) badly; 40 a month each over three months.
    const markets = ['North', '<b>South</b>'];
    await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        submitResponse(corridor.services, live, {
          answers: { nps: i % 2 === 0 ? [9, 10, 10, 8][Math.floor(i / 2) % 4]! : [3, 6, 9, 5][Math.floor(i / 2) % 4]! },
          attributes: { market: markets[i % 2]!, product: `P${i % 3}` },
          submittedAt: new Date(Date.UTC(2026, i % 3, 1 + (i % 27), 10)),
          language: i % 5 === 0 ? 'de' : 'en',
        }),
      ),
    );
    chrome = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('opens a shared view by market per month, shows the table and significance, and keeps changes in the address', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, analyst);
    await page.goto(`${base}/analytics/explorer?surveys=${survey.id}&groupBy=attr:market&interval=month`);
    const summary = page.getByTestId('explorer-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('240 answers');
    expect(await summary.innerText()).toContain('from rollups');
    await page.getByTestId('explorer-chart').locator('[_echarts_instance_] svg').first().waitFor();
    expect(await page.locator('b', { hasText: 'South' }).count()).toBe(0);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/explorer-desktop.png`, fullPage: true });
    }
    await page.getByTestId('explorer-chart').getByRole('button', { name: 'Table' }).click();
    const table = page.getByTestId('explorer-chart').locator('table');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain('<b>South</b>');
    expect(text).toContain('▲');
    expect(text).toContain('▼');
    expect(await table.locator('tbody tr').count()).toBe(6);
    expect(await axeViolations(page)).toEqual([]);

    // Without time: bars; a cross-tab: the heatmap, read from responses.
    await page.getByTestId('explorer-interval').selectOption('');
    await page.waitForURL((url) => !url.search.includes('interval='));
    await page.getByTestId('explorer-cross').selectOption('language');
    await page.waitForURL((url) => url.search.includes('crossBy=language'));
    await page.getByTestId('explorer-summary').getByText('from responses').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/explorer-crosstab-desktop.png`, fullPage: true });
    const shared = page.url();
    await page.goto(shared);
    await page.getByTestId('explorer-summary').getByText('from responses').waitFor();
    expect(await page.getByTestId('explorer-cross').inputValue()).toBe('language');

    // A phone: the same view, readable in one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/analytics/explorer?surveys=${survey.id}&groupBy=attr:market&interval=month`);
    await page.getByTestId('explorer-chart').locator('[_echarts_instance_] svg').first().waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/explorer-phone.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
