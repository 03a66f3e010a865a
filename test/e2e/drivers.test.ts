import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorridorView, DriverAnalysisResult } from '../../src/contract/drivers.ts';
import type { SurveyDefinitionInput } from '../../src/core/survey-definition.ts';
import { SYSTEM } from '../../src/server/modules/audit/service.ts';
import type { Actor } from '../../src/server/modules/auth/actor.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { createSurvey, publishSurvey } from '../../src/server/modules/surveys/service.ts';
import { putCorridorOf } from '../../src/server/modules/touch-points/corridors.ts';
import { upsertTouchPointsOf } from '../../src/server/modules/touch-points/service.ts';
import { CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { eventually, openServedCorridor } from '../support/corridor.ts';
import { CORRIDOR_ORDER, CORRIDOR_TOUCH_POINTS, RELATIONSHIP_DEFINITION, relationshipRows } from '../support/drivers.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/**
 * The drivers page and the corridor view in Chromium, on factory data: the numbers on screen are the
 * API's, the map and the tables show every driver, the snarl is marked, and both read at phone width.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('drivers and the corridor view in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let admin: TestUser;
  let surveyId: string;

  beforeAll(async () => {
    // The real clock: a session cookie set by a clock in the past would expire in the browser at once.
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const svc = corridor.services;
    const co = await makeCompany(svc.db, 'Drivers Browser Company');
    admin = await makeUser(svc.db, 'admin', co.company.id);
    await upsertTouchPointsOf(svc, SYSTEM, co.company.id, CORRIDOR_TOUCH_POINTS.map((tp) => ({ ...tp, channel: tp.channel as 'email', owningFunction: tp.owningFunction as 'sales' })));
    await putCorridorOf(svc, SYSTEM, co.company.id, 'purchasing_agent', { name: 'Purchasing agents', touchPoints: CORRIDOR_ORDER });
    const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: co.company.id, unitPath: co.company.path };
    const created = await createSurvey(svc, actor, { title: 'Client relationship', kind: 'relationship', definition: RELATIONSHIP_DEFINITION as SurveyDefinitionInput });
    await publishSurvey(svc, actor, created.id);
    surveyId = created.id;
    await importResponses(svc, await findLiveSurvey(svc, created.slug), relationshipRows([co.banking.id, co.insurance.id]));
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('shows the importance–performance map and the weights of every driver', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, base, admin);
    const api: DriverAnalysisResult = await (await page.request.get(`${base}/api/v1/surveys/${surveyId}/drivers`)).json();
    await page.goto(`${base}/surveys/${surveyId}`);
    await page.getByTestId('tab-drivers').click();
    await page.getByTestId('driver-map').locator('svg').first().waitFor();
    await expect.poll(() => page.getByTestId('driver-facts').textContent()).toContain(`R² ${api.rSquared?.toFixed(3)}`);
    expect(await page.getByTestId('driver-facts').textContent()).toContain(`${api.n} responses used`);
    expect(await page.getByTestId('driver-map').textContent()).toContain('Fix first');
    const table = page.getByTestId('driver-weights');
    for (const d of api.drivers) {
      const row = table.locator('tr', { hasText: d.label });
      expect(await row.textContent()).toContain(d.share.toFixed(1));
    }
    expect(await table.locator('tbody tr').count()).toBe(api.drivers.length);

    // Touch points as drivers: the picker reloads the analysis.
    await page.getByTestId('driver-set').getByRole('button', { name: 'Touch points' }).click();
    await expect.poll(() => page.getByTestId('driver-weights').textContent()).toContain('Delivery');
    expect(new URL(page.url()).searchParams.get('drivers')).toBe('touch-points');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the corridor touch points in order with score, n, importance and the marked snarl', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, base, admin);
    const view: CorridorView = await eventually(
      async () => (await page.request.get(`${base}/api/v1/corridors/purchasing_agent/view`)).json() as Promise<CorridorView>,
      (v) => (v.steps[0]?.n ?? 0) === 90,
    );
    await page.goto(`${base}/analytics/corridor`);
    await page.getByTestId('corridor-steps').waitFor();
    const names = await page.locator('.cv-step-name').allTextContents();
    expect(names).toEqual(['Offer', 'Delivery', 'Invoice', 'Service call']);
    const offer = page.getByTestId('step-offer');
    expect(await offer.getByTestId('step-score').textContent()).toContain((view.steps[0]?.score ?? NaN).toFixed(0));
    expect(await offer.textContent()).toContain('n = 90');
    expect(await offer.textContent()).toContain(`${view.steps[0]?.importance?.toFixed(1)} %`);
    const invoice = page.getByTestId('step-invoice');
    expect(await invoice.getAttribute('class')).toContain('snarl');
    expect(await invoice.textContent()).toContain('Snarl');
    expect(await invoice.getByTestId('step-gap').textContent()).toBe(`\u2212${Math.abs(view.steps[2]?.gap?.gap ?? NaN).toFixed(2)}`);
    expect(await page.getByTestId('corridor-table').locator('tbody tr').count()).toBe(4);
    await page.close();
  });

  it('reads at phone width: steps stacked, no sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await logIn(page, base, admin);
    await page.goto(`${base}/analytics/corridor`);
    await page.getByTestId('step-offer').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const boxes = await Promise.all(['offer', 'delivery'].map((k) => page.getByTestId(`step-${k}`).boundingBox()));
    expect((boxes[1]?.y ?? 0) > (boxes[0]?.y ?? 0)).toBe(true);
    await page.goto(`${base}/surveys/${surveyId}/drivers`);
    await page.getByTestId('driver-map').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});
