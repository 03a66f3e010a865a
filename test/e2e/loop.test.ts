import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, WEB_DIR, type BrowserHandle, CHROMIUM_PATH } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/**
 * The whole loop in Chromium: an admin logs in, builds and publishes an NPS survey, a customer answers
 * it on a phone (and another with JavaScript off), and the dashboard shows the score.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the loop in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let admin: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const { company } = await makeCompany(corridor.services.db, 'Loop Test Company');
    admin = await makeUser(corridor.services.db, 'admin', company.id);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('logs in, builds and publishes a survey, takes an answer on a phone and shows it on the dashboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // 1. Log in; the home dashboard appears.
    await page.goto(`${base}/`);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/do not match/);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('company-name').waitFor();
    expect(await page.getByTestId('company-name').textContent()).toBe('Loop Test Company');

    // 2. Create a survey (the starter has an NPS question and a comment) and publish it.
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('new-survey').click();
    await page.getByTestId('survey-title-input').fill('Quarterly pulse');
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    expect(await page.getByTestId('question').count()).toBe(2);
    await page.getByTestId('publish-survey').click();
    const link = page.getByTestId('public-url').first();
    await link.waitFor();
    const publicUrl = (await link.getAttribute('href')) ?? '';
    expect(publicUrl).toMatch(new RegExp(`^${base}/s/quarterly-pulse-[0-9a-f]{8}$`));
    const surveyId = /\/surveys\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(surveyId).toBeDefined();

    // 3. A respondent answers on a phone-sized screen.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const answer = await phone.newPage();
    await answer.goto(publicUrl);
    expect(await answer.locator('h1').textContent()).toBe('Quarterly pulse');
    await answer.locator('label[for="nps-9"]').tap();
    await answer.locator('textarea').fill('Fast answers <b>and</b> a fair price');
    await answer.getByRole('button', { name: 'Send' }).tap();
    await answer.waitForURL(/\/thanks$/);
    expect(await answer.locator('h1').textContent()).toBe('Thank you');
    await phone.close();

    // 4. The dashboard shows the score within seconds, comments as text.
    await page.goto(`${base}/surveys/${surveyId}`);
    await expect.poll(() => page.getByTestId('nps-n').textContent(), { timeout: 20_000 }).toBe('n = 1');
    expect(await page.getByTestId('nps-score').textContent()).toMatch(/100/);
    const comments = page.getByTestId('comment-list');
    await expect.poll(() => comments.textContent()).toContain('Fast answers <b>and</b> a fair price');
    expect(await comments.locator('b').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('takes answers with JavaScript off, including a correction after an error', async () => {
    const api = await browser.newContext();
    const login = await api.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password: admin.password } });
    expect(login.status()).toBe(200);
    const created = await api.request.post(`${base}/api/v1/surveys`, { data: { title: 'No script survey' }, headers: { origin: base } });
    const survey = (await created.json()) as { id: string; slug: string };
    expect((await api.request.post(`${base}/api/v1/surveys/${survey.id}/publish`, { headers: { origin: base } })).status()).toBe(200);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${base}/s/${survey.slug}`);
    await page.getByRole('button', { name: 'Send' }).click(); // nothing chosen yet
    await page.waitForLoadState();
    expect(await page.locator('.err').first().textContent()).toBe('Please answer this question');
    await page.locator('label[for="nps-3"]').click();
    await page.locator('textarea').fill('Invoices keep arriving late');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/thanks$/);

    const dashboard = async () =>
      (await (await api.request.get(`${base}/api/v1/surveys/${survey.id}/dashboard?period=all`)).json()) as { nps: { n: number; detractors: number } };
    await expect.poll(async () => (await dashboard()).nps.n, { timeout: 20_000 }).toBe(1);
    expect((await dashboard()).nps.detractors).toBe(1);
    await noJs.close();
    await api.close();
  });
});
