import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { loginCookie, makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/** The account quadrants in Chromium: one bubble per scored account with its code, a click opens the account, the table matches. */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'promise', type: 'rating', text: 'How well do we keep our promise?', min: 1, max: 5 },
    { id: 'comment', type: 'text', text: 'Why?' },
  ],
};

// code, billed revenue, booked, potential, [nps, promise] answers (none: no score)
const ACCOUNTS: [string, number, number, number, [number, number][]][] = [
  ['MOD', 900_000, 50_000, 300_000, [[10, 5], [9, 5]]],
  ['GRO', 80_000, 10_000, 400_000, [[9, 5]]],
  ['ZEN', 2_000_000, 200_000, 100_000, [[3, 2], [5, 2]]],
  ['DAN', 50_000, 0, 20_000, [[2, 1]]],
  ['QUI', 600_000, 0, 0, []],
];

describe.skipIf(!HAS_CHROMIUM)('account quadrants in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let admin: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const co = await makeCompany(corridor.services.db, 'Quadrant Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    const headers = { cookie: await loginCookie(corridor.app, admin) };
    const created = await corridor.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: { title: 'Relationship', kind: 'relationship', definition: DEFINITION } });
    const survey = created.json() as { id: string; slug: string };
    await corridor.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers });
    const rows = ACCOUNTS.map(([code, billed, booked, potential]) => ({ crmId: code, name: `${code} <i>Ltd</i>`, code, unit: 'Banking', billedRevenue: billed, bookedRevenue: booked, potentialRevenue: potential }));
    expect((await corridor.app.inject({ method: 'POST', url: '/api/v1/accounts', headers, payload: { rows } })).statusCode).toBe(200);
    const accounts = await corridor.services.db.selectFrom('accounts').select(['id', 'code', 'unit_id']).where('company_id', '=', co.company.id).execute();
    const at = new Date(Date.now() - 20 * 86_400_000);
    await importResponses(
      corridor.services,
      await findLiveSurvey(corridor.services, survey.slug),
      ACCOUNTS.flatMap(([code, , , , answers]) => {
        const a = accounts.find((x) => x.code === code);
        return answers.map(([nps, promise]) => ({ answers: { nps, promise }, submittedAt: at, accountId: a?.id ?? null, unitId: a?.unit_id }));
      }),
    );
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('draws one bubble per scored account with its code, opens the account on a click, and shows the same as a table', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, base, admin);
    await page.goto(`${base}/analytics/accounts`);
    const chart = page.getByTestId('quadrant-card-chart');
    await chart.locator('svg').waitFor();
    const scored = ['MOD', 'GRO', 'ZEN', 'DAN'];
    await chart.locator('svg text', { hasText: /^ZEN$/ }).waitFor();
    const texts = await chart.locator('svg text').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    for (const code of scored) expect(texts.filter((t) => t.trim() === code), code).toHaveLength(1);
    expect(texts.filter((t) => t.trim() === 'QUI')).toHaveLength(0);
    for (const label of ['Model', 'Growth', 'At-Risk', 'Dangling']) expect(texts.map((t) => t.trim())).toContain(label);
    expect(await page.getByTestId('revenue-at-risk').innerText()).toBe('2,000,000');

    // The table view lists the same accounts, each in its quadrant.
    await page.getByTestId('quadrant-card').getByRole('button', { name: 'Table' }).click();
    const cells = await page.getByTestId('quadrant-card-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    // Revenue median 600,000 (of all five); target 70: ZEN scores (32.5 + 37.5)/2 = 35 on 2,000,000 of revenue.
    expect(cells).toEqual([
      ['DAN', 'DAN <i>Ltd</i>', 'Dangling'],
      ['GRO', 'GRO <i>Ltd</i>', 'Growth'],
      ['MOD', 'MOD <i>Ltd</i>', 'Model'],
      ['ZEN', 'ZEN <i>Ltd</i>', 'At-Risk'],
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // Back to the chart: a click on a bubble opens its account.
    await page.getByTestId('quadrant-card').getByRole('button', { name: 'Chart' }).click();
    const zen = chart.locator('svg text', { hasText: /^ZEN$/ });
    await zen.waitFor();
    // The entry animation moves the bubbles into place: click once the label stops moving.
    let box = await zen.boundingBox();
    for (let moved = true; moved; ) {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const next = await zen.boundingBox();
      moved = JSON.stringify(next) !== JSON.stringify(box);
      box = next;
    }
    if (!box) throw new Error('no bubble for ZEN');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('account-page').waitFor();
    expect(await page.locator('h1').innerText()).toContain('ZEN <i>Ltd</i>');
    await page.getByTestId('account-standing').waitFor();
    expect(await page.getByTestId('account-standing').innerText()).toContain('At-Risk');
    await context.close();
  });
});
