import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/server/modules/auth/actor.ts';
import { closeSurvey, createSurvey, publishSurvey } from '../../src/server/modules/surveys/service.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, type BrowserHandle } from '../support/browser.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { EVERY_TYPE, EVERY_TYPE_ANSWERS } from '../support/every-type.ts';
import { makeCompany, makeUser } from '../support/factories.ts';

/**
 * The respondent page as a browser really loads it: its whole weight on the wire, and accessibility
 * checked by axe-core on every state a respondent can see.
 */

const WEIGHT_BUDGET = 20 * 1024; // bytes on the wire for everything the page loads

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the respondent page in Chromium', () => {
  let c: Awaited<ReturnType<typeof openTestCorridor>>;
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let slug: string;
  let closedSlug: string;
  let every: { id: string; slug: string };

  beforeAll(async () => {
    c = await openTestCorridor();
    const { company } = await makeCompany(c.handle.db, 'Weight & <Access> Ltd');
    const admin = await makeUser(c.handle.db, 'admin', company.id);
    const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };
    const survey = await createSurvey(c.services, actor, { title: 'How did we do?', definition: { intro: 'Two quick questions.', questions: [
      { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a colleague?', required: true, help: '0 is not at all, 10 is extremely likely.' },
      { id: 'comment', type: 'text', text: 'What is the main reason for your score?' },
      { id: 'role', type: 'text', text: 'Your role', multiline: false },
    ] } });
    await publishSurvey(c.services, actor, survey.id);
    slug = survey.slug;
    const everyType = await createSurvey(c.services, actor, { title: 'Every question type', definition: EVERY_TYPE });
    await publishSurvey(c.services, actor, everyType.id);
    every = { id: everyType.id, slug: everyType.slug };
    const closed = await createSurvey(c.services, actor, { title: 'Closed one' });
    await publishSurvey(c.services, actor, closed.id);
    await closeSurvey(c.services, actor, closed.id);
    closedSlug = closed.slug;
    base = await c.app.listen({ port: 0, host: '127.0.0.1' });
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await c?.stop();
  });

  it(`loads in at most ${WEIGHT_BUDGET / 1024} KB on the wire, everything included, with every question type too`, async () => {
    for (const path of [`/s/${slug}`, `/s/${every.slug}?source=email`]) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      const sizes: { url: string; bytes: number }[] = [];
      page.on('requestfinished', (req) => {
        void req.sizes().then((s) => sizes.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize }));
      });
      const response = await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      expect(response?.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
      const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
      expect(sizes.length).toBeGreaterThanOrEqual(1);
      expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(WEIGHT_BUDGET);
      console.info(`[corridor] ${path}: ${total} bytes on the wire`);
      await page.close();
    }
  });

  it('has no axe-core violations: the form, its error state, thank-you, closed and not-found pages, on a phone and a desktop', async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${base}/s/${slug}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForLoadState();
      expect(await page.locator('.err').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('label[for="nps-7"]').click();
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(/\/thanks$/);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${base}/s/${closedSlug}`);
      expect(await page.locator('h1').textContent()).toBe('This survey is closed');
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${base}/s/no-such-survey`);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('can be answered with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/s/${slug}`);
    await page.keyboard.press('Tab'); // into the 0–10 scale
    await page.keyboard.press('ArrowRight'); // radio groups move with arrows: 1
    await page.keyboard.press('ArrowRight'); // 2
    expect(await page.locator('input[name="q_nps"]:checked').getAttribute('value')).toBe('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard only');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tester');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/thanks$/);
    await page.close();
  });

  it('has no axe-core violations with every question type: the form and its error state, on a phone and a desktop', async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${base}/s/${every.slug}?source=email`);
      expect(await axeViolations(page)).toEqual([]);
      // Choosing "Other" without saying what, and nothing else: errors at the group, a row and a text box.
      await page.locator('label[for="channel-o-other"]').click();
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForLoadState();
      expect(await page.locator('.err').count()).toBeGreaterThanOrEqual(5);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`is answered with every question type, JavaScript ${javaScriptEnabled ? 'on' : 'off'}, and stores the documented shapes`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${base}/s/${every.slug}?source=email`);
      for (const id of ['nps-9', 'csat-4', 'ces-6', 'stars-10', 'service-speed-5', 'service-care-3', 'resolution-expectation-7', 'resolution-experience-4']) {
        await page.locator(`label[for="${id}"]`).click();
      }
      await page.getByLabel('Other', { exact: true }).first().check({ force: true });
      await page.locator('#channel-other-text').fill('A letter');
      for (const option of ['cards', 'savings', 'other']) await page.locator(`label[for="products-o-${option}"]`).click();
      await page.locator('#products-other-text').fill('Insurance');
      await page.getByLabel('Where are you based?').selectOption('de');
      await page.getByLabel('Quality').selectOption('1');
      await page.getByLabel('Price').selectOption('2');
      await page.getByLabel('Speed', { exact: true }).selectOption('3');
      await page.getByLabel('Anything else?').fill('Kind people');
      await page.getByLabel('How many people work at your company?').fill('250');
      await page.getByLabel('When did you visit?').fill('2026-03-31');
      await page.getByLabel('Your e-mail, if we may reply').fill('ana@example.com');
      await page.locator('label[for="contact_ok"]').click();
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(/\/thanks$/);
      const rows = await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', every.id).orderBy('submitted_at', 'desc').limit(1).execute();
      expect(rows[0]?.answers).toEqual(EVERY_TYPE_ANSWERS);
      await context.close();
    });
  }
});
