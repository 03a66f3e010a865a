import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/** Customer data in Chromium: upload a CSV of accounts, read the report, open an account and assess it. */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the customer screens in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let base: string;
  let admin: TestUser;
  const dir = mkdtempSync(path.join(tmpdir(), 'corridor-e2e-customers-'));

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const co = await makeCompany(corridor.services.db, 'Customer Test Company');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('imports a CSV with a bad row (nothing written), fixes it, opens the account and records an assessment', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('import-toggle').click();

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'crm_id,name,code,unit,billed_revenue,key_account\nK-1,Kestrel Bank,KES,EMEA,250000,yes\nK-2,Bad <b>Revenue</b>,BAD,Banking,lots,no\n');
    await page.getByTestId('import-file').setInputFiles(bad);
    await page.getByTestId('import-submit').click();
    const report = page.getByTestId('import-errors');
    await report.waitFor();
    expect(await report.innerText()).toContain('billed_revenue');
    expect(await page.getByTestId('import-report').innerText()).toContain('Nothing was imported');
    expect(await page.getByTestId('account-row').count()).toBe(0);

    const good = path.join(dir, 'good.csv');
    writeFileSync(good, 'crm_id,name,code,unit,billed_revenue,key_account\nK-1,Kestrel Bank,KES,EMEA,250000,yes\nK-2,Bad <b>Revenue</b>,BAD,Banking,1000,no\n');
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-submit').click();
    await page.getByText('2 created, 0 updated').waitFor();
    await page.getByTestId('account-row').nth(1).waitFor();
    // Names are shown as text, never as markup.
    expect(await page.getByRole('link', { name: 'Bad <b>Revenue</b>' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Kestrel Bank' }).click();
    await page.getByTestId('account-page').waitFor();
    expect(await page.getByTestId('current-assessment').innerText()).toContain('Not assessed');
    await page.getByTestId('assessment-rating').selectOption('at_risk');
    await page.getByTestId('assessment-note').fill('Sponsor left');
    await page.getByTestId('assessment-submit').click();
    await page.getByTestId('assessment-history').getByText('Sponsor left').waitFor();
    expect(await page.getByTestId('current-assessment').innerText()).toContain('At risk');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
