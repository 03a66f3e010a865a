// npm run screenshots: starts Corridor with the demo company on a fresh embedded database, and saves
// screenshots of the home page, the survey dashboard and the respondent page to docs/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, logIn, WEB_DIR } from '../test/support/browser.ts';
import { silentLogger } from '../src/server/logger.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SLUGS, loadDemo } from '../src/server/modules/demo/service.ts';
import { openCorridor } from '../src/server/runtime.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-shots-'));
const port = 3000 + Math.floor(Math.random() * 2000) + 2000;
const base = `http://127.0.0.1:${port}`;

const corridor = await openCorridor({
  config: { databaseUrl: undefined, dataDir, baseUrl: base, secureCookies: false },
  roles: new Set(['web', 'worker', 'scheduler']),
  log: silentLogger(),
  webDir: WEB_DIR,
});
const chrome = await launchChromium();
try {
  await loadDemo(corridor.services);
  await corridor.app?.listen({ port, host: '127.0.0.1' });
  const desktop = await chrome.browser.newPage({ viewport: { width: 1280, height: 860 } });
  await desktop.goto(`${base}/login`);
  await desktop.getByTestId('login-email').fill(DEMO_ADMIN_EMAIL);
  await desktop.getByTestId('login-password').fill(DEMO_PASSWORD);
  await desktop.getByTestId('login-submit').click();
  await desktop.getByTestId('nav-home').waitFor();
  await desktop.waitForLoadState('networkidle');
  await desktop.screenshot({ path: path.join(out, 'home.png') });

  const res = await desktop.request.get(`${base}/api/v1/surveys`);
  const { surveys } = (await res.json()) as { surveys: { id: string; slug: string }[] };
  const rel = surveys.find((s) => s.slug === DEMO_SLUGS.relationship);
  await desktop.goto(`${base}/surveys/${rel?.id}`);
  await desktop.getByTestId('nps-score').waitFor();
  await desktop.waitForLoadState('networkidle');
  await desktop.waitForTimeout(800); // let the charts finish their entry animation
  await desktop.screenshot({ path: path.join(out, 'dashboard.png'), fullPage: true });

  await desktop.goto(`${base}/surveys/${rel?.id}/edit`);
  await desktop.getByTestId('question-list').waitFor();
  await desktop.waitForLoadState('networkidle');
  await desktop.screenshot({ path: path.join(out, 'builder.png') });

  const phone = await chrome.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await phone.goto(`${base}/s/${DEMO_SLUGS.relationship}`);
  await phone.locator('label[for="nps-5"]').click();
  await phone.locator('textarea').first().fill('Invoices keep arriving late.');
  // The follow-up for a low score has appeared; the page's script showed it.
  await phone.locator('#cq-fix_first').waitFor();
  await phone.screenshot({ path: path.join(out, 'respondent-phone.png') });
  // The account quadrants and the executive's page as the admin, My accounts on a phone as an account executive.
  await desktop.goto(`${base}/analytics/accounts`);
  await desktop.getByTestId('quadrant-card-chart').waitFor();
  await desktop.waitForLoadState('networkidle');
  await desktop.waitForTimeout(800);
  await desktop.screenshot({ path: path.join(out, 'account-quadrants.png') });
  await desktop.goto(`${base}/analytics/executive`);
  await desktop.getByTestId('executive-trend').waitFor();
  await desktop.waitForLoadState('networkidle');
  await desktop.waitForTimeout(800);
  await desktop.screenshot({ path: path.join(out, 'executive.png') });
  // A market's review as its general manager sees it, the explorer, a survey's drivers and a corridor, as the admin.
  const shot = async (url: string, file: string, ready: string, fullPage = true) => {
    await desktop.goto(`${base}${url}`);
    await desktop.getByTestId(ready).first().waitFor();
    await desktop.waitForLoadState('networkidle');
    await desktop.waitForTimeout(800);
    await desktop.screenshot({ path: path.join(out, file), fullPage });
  };
  await shot('/analytics', 'analytics.png', 'analytics-entry', false);
  await shot(`/analytics/explorer?surveys=${rel?.id}&groupBy=attr:market&interval=quarter`, 'explorer.png', 'explorer-chart', false);
  await shot(`/surveys/${rel?.id}/drivers?drivers=touch-points`, 'drivers.png', 'driver-map', false);
  const market = await chrome.browser.newPage({ viewport: { width: 1280, height: 860 } });
  await logIn(market, base, { email: 'insurance.manager@hitouch.example', password: DEMO_PASSWORD });
  await market.goto(`${base}/analytics/market?period=12m`);
  await market.getByTestId('market-problems').waitFor();
  await market.waitForLoadState('networkidle');
  await market.waitForTimeout(800);
  await market.screenshot({ path: path.join(out, 'market.png'), fullPage: true });
  const executive = await chrome.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await logIn(executive, base, { email: 'banking.ae1@hitouch.example', password: DEMO_PASSWORD });
  await executive.goto(`${base}/my-accounts`);
  await executive.getByTestId('my-account').first().waitFor();
  await executive.waitForLoadState('networkidle');
  await executive.waitForTimeout(800);
  await executive.screenshot({ path: path.join(out, 'my-accounts-phone.png') });
  console.log(`Saved home.png, dashboard.png, builder.png, respondent-phone.png, account-quadrants.png, executive.png, analytics.png, explorer.png, drivers.png, market.png and my-accounts-phone.png in ${path.relative(process.cwd(), out) || '.'}`);
} finally {
  await chrome.close();
  await corridor.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
