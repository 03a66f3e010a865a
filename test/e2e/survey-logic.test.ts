import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askedOnPage } from '../../src/core/answers.ts';
import type { Condition } from '../../src/core/conditions.ts';
import { createRandom, type Random } from '../../src/core/random.ts';
import { SurveyDefinitionSchema, type SurveyDefinitionInput } from '../../src/core/survey-definition.ts';
import type { Actor } from '../../src/server/modules/auth/actor.ts';
import type { LiveSurvey } from '../../src/server/modules/responses/service.ts';
import { buildPage } from '../../src/server/modules/respond/page-model.ts';
import { renderSurveyPage } from '../../src/server/modules/respond/view.ts';
import { createSurvey, publishSurvey } from '../../src/server/modules/surveys/service.ts';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, type BrowserHandle } from '../support/browser.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeUser } from '../support/factories.ts';
import { createPersonalLink } from '../../src/server/modules/links/service.ts';

/**
 * Survey logic in a real browser: follow-ups that appear as answers change (script on) or after
 * sending (script off), pages, "tell us more", stopping early, languages and audiences; axe-core on
 * each state; and a property test that the page's script and the server decide the same questions
 * on random definitions and answers.
 */

const WEIGHT_BUDGET = 20 * 1024;

const LOGIC: SurveyDefinitionInput = {
  intro: 'Two short pages and an optional one.',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why_low', type: 'text', text: 'What should we fix first?', required: true, showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
    { id: 'why_high', type: 'text', text: 'What do you like most?', showIf: { ref: 'answer:nps', op: 'gte', value: 9 } },
    { id: 'channel', type: 'single', text: 'How did you reach us?', options: [{ id: 'phone', text: 'Phone' }, { id: 'web', text: 'Web' }], shuffle: true, prefill: { from: 'contact', attribute: 'channel' } },
    { id: 'stock', type: 'rating', text: 'How well do we keep you in stock?', required: true, audiences: ['distributor'] },
    { id: 'more', type: 'text', text: 'Anything else you would like us to know?' },
  ],
  pages: [
    { id: 'score', questions: ['nps', 'why_low', 'why_high'] },
    { id: 'about', title: 'About your contact', questions: ['channel', 'stock'] },
    { id: 'extra', questions: ['more'], offer: { text: 'Have a minute more? One more question helps us.' } },
  ],
  endings: [{ id: 'sorry', text: 'Sorry we let you down. We will call you.', showIf: { ref: 'answer:nps', op: 'lte', value: 6 } }],
  translations: { de: { 'q.nps.text': 'Wie wahrscheinlich empfehlen Sie uns?' } },
  variants: { distributor: { 'q.stock.text': 'How well do we keep your shelves stocked?' } },
  theme: { color: '#7c2d12' },
};

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('survey logic in Chromium', () => {
  let c: Awaited<ReturnType<typeof openTestCorridor>>;
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let survey: { id: string; slug: string };
  let actor: Actor;
  let companyId: string;

  beforeAll(async () => {
    c = await openTestCorridor();
    const { company } = await makeCompany(c.handle.db, 'Logic Ltd');
    const admin = await makeUser(c.handle.db, 'admin', company.id);
    actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };
    companyId = company.id;
    const s = await createSurvey(c.services, actor, { title: 'Your experience', definition: LOGIC });
    await publishSurvey(c.services, actor, s.id);
    survey = { id: s.id, slug: s.slug };
    base = await c.app.listen({ port: 0, host: '127.0.0.1' });
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await c?.stop();
  });

  const latest = async () =>
    (await c.handle.db.selectFrom('responses').select(['answers', 'status']).where('survey_id', '=', survey.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst()) ?? null;

  it('shows a follow-up the moment the score calls for it, and never sends the answer to one it hid', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/s/${survey.slug}`);
    await expect.poll(() => page.locator('#cq-why_low').isVisible()).toBe(false);
    await page.locator('label[for="nps-3"]').click();
    await expect.poll(() => page.locator('#cq-why_low').isVisible()).toBe(true);
    await page.getByLabel('What should we fix first?').fill('Typed, then changed my mind');
    await page.locator('label[for="nps-10"]').click();
    await expect.poll(() => page.locator('#cq-why_low').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#cq-why_high').isVisible()).toBe(true);
    await page.getByLabel('What do you like most?').fill('Speed');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('text=About your contact');
    expect(await page.locator('.prog').textContent()).toContain('Page 2 of 3');
    await page.getByText('Web', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('text=Have a minute more?');
    await page.getByLabel('Anything else you would like us to know?').fill('Keep going');
    await page.getByRole('button', { name: 'Tell us more' }).click();
    await page.waitForURL(/\/thanks/);
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    expect(await latest()).toEqual({ answers: { nps: 10, why_high: 'Speed', channel: 'web', more: 'Keep going' }, status: 'complete' });
    await page.close();
  });

  it('works the same with JavaScript off: the follow-up appears after sending; stopping early keeps a partial response', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/s/${survey.slug}`);
    expect(await page.locator('#cq-why_low').isVisible()).toBe(false);
    await page.locator('label[for="nps-2"]').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('text=One more question about your answer is below');
    expect(await page.locator('#cq-why_low').isVisible()).toBe(true);
    await page.getByLabel('What should we fix first?').fill('Response times');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('text=About your contact');
    await page.getByRole('button', { name: 'Stop here and send what I answered' }).click();
    await page.waitForURL(/\/thanks/);
    expect(await page.locator('p.intro').textContent()).toContain('we kept the answers you gave');
    expect(await latest()).toEqual({ answers: { nps: 2, why_low: 'Response times' }, status: 'partial' });
    await context.close();
  });

  it('fills in what a personal link knows and words the survey for its contact, with JavaScript off; the language switcher works', async () => {
    const contact = await makeContact(c.handle.db, companyId, { name: 'Jonas Weber', audienceRole: 'distributor', locale: 'en', attributes: { channel: 'web' } });
    const link = await createPersonalLink(c.services, actor, survey.id, { contactId: contact.id });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link.url.replace(c.services.baseUrl, base));
    expect(await page.locator('h1').textContent()).toBe('Your experience');
    await page.getByRole('link', { name: 'Deutsch' }).click();
    expect(await page.locator('legend').first().textContent()).toContain('Wie wahrscheinlich empfehlen Sie uns?');
    await page.getByRole('link', { name: 'English' }).click();
    await page.locator('label[for="nps-9"]').click();
    await page.getByRole('button', { name: 'Next' }).click();
    // Without the script, the follow-up for promoters appears after sending; it is optional.
    await page.waitForSelector('text=What do you like most?');
    await page.getByRole('button', { name: 'Next' }).click();
    // The channel is known from the contact: only the distributor's own question is left on page 2.
    await page.waitForSelector('text=How well do we keep your shelves stocked?');
    expect(await page.getByText('How did you reach us?').count()).toBe(0);
    await page.locator('label[for="stock-5"]').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'No thanks, finish' }).click();
    await page.waitForURL(/\/thanks/);
    const row = await c.handle.db.selectFrom('responses').select(['answers', 'contact_id', 'audience']).where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ answers: { nps: 9, channel: 'web', stock: 5 }, contact_id: contact.id, audience: 'distributor' });
    await page.goto(link.url.replace(c.services.baseUrl, base));
    expect(await page.locator('h1').textContent()).toBe('You have answered already');
    await context.close();
  });

  it('resumes where the respondent left off, in a new tab of the same browser', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/s/${survey.slug}?audience=distributor`);
    await page.locator('label[for="nps-8"]').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('text=How well do we keep your shelves stocked?');
    await page.close();
    const again = await context.newPage();
    await again.goto(`${base}/s/${survey.slug}`);
    expect(await again.locator('legend', { hasText: 'How well do we keep your shelves stocked?' }).count()).toBe(1);
    await again.getByRole('button', { name: 'Back' }).click();
    await again.waitForSelector('text=Page 1 of 3');
    expect(await again.locator('#nps-8').isChecked()).toBe(true);
    await context.close();
  });

  it(`has no axe-core violations on any page state, on a phone and a desktop, and stays within ${WEIGHT_BUDGET / 1024} KB`, async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'de-DE' });
      const page = await context.newPage();
      const sizes: number[] = [];
      page.on('requestfinished', (req) => void req.sizes().then((s) => sizes.push(s.responseBodySize + s.responseHeadersSize)));
      await page.goto(`${base}/s/${survey.slug}?audience=distributor`);
      await page.waitForLoadState('networkidle');
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(WEIGHT_BUDGET);
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('label[for="nps-4"]').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.waitForLoadState();
      // The follow-up is required: an error state.
      expect(await page.locator('.err').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('textbox').first().fill('Delivery');
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.waitForSelector('.prog');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('label[for="stock-4"]').click();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.waitForSelector('.offer');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'No thanks, finish' }).click();
      await page.waitForURL(/\/thanks/);
      expect(await page.locator('p.intro').textContent()).toBe('Sorry we let you down. We will call you.');
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('decides the same questions in the browser as on the server, on random definitions and answers', async () => {
    const page = await browser.newPage();
    const mismatches: string[] = [];
    const seen = { shown: 0, hidden: 0 };
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = createRandom(seed);
      const def = SurveyDefinitionSchema.parse(randomDefinition(rnd));
      const live: LiveSurvey = { surveyId: 'x', slug: 'x', title: 'Random', status: 'live', unitId: 'x', unitPath: '/x/', companyName: 'Co', versionId: 'v', versionNumber: 1, definition: def };
      const model = buildPage(
        { survey: live, respondent: { contact: {}, account: {}, audience: null, language: 'en' }, answers: {}, history: ['main'], seed: 's', preview: false },
        { pageId: 'main', nonce: { script: 'n', style: 'n' }, action: '/x', state: {}, languageHref: () => '' },
      );
      await page.setContent(renderSurveyPage(model));
      await fillRandomly(page, rnd);
      const browserShown = await page.evaluate(() => [...document.querySelectorAll('fieldset.cq')].filter((f) => !(f as HTMLFieldSetElement).hidden).map((f) => f.id.slice(3)));
      const posted = await page.evaluate(() => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of new FormData(document.querySelector('form') as HTMLFormElement)) {
          if (!k.startsWith('q_') || typeof v !== 'string') continue;
          const key = k.slice(2);
          const prev = out[key];
          out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        }
        return out;
      });
      const multi = new Set(def.questions.filter((q) => q.type === 'multi').map((q) => q.id));
      const raw = Object.fromEntries(Object.entries(posted).map(([k, v]) => [k, multi.has(k) ? (Array.isArray(v) ? v : [v]) : Array.isArray(v) ? (v.at(-1) ?? '') : v]));
      const conditional = def.questions.filter((q) => q.showIf).map((q) => q.id);
      const serverShown = askedOnPage(def, 'main', raw, {}).filter((id) => conditional.includes(id));
      seen.shown += serverShown.length;
      seen.hidden += conditional.length - serverShown.length;
      if (JSON.stringify([...browserShown].sort()) !== JSON.stringify([...serverShown].sort())) {
        mismatches.push(`seed ${seed}: browser ${browserShown.join(',')} server ${serverShown.join(',')} answers ${JSON.stringify(raw)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The cases exercise both outcomes, many times.
    expect(seen.shown).toBeGreaterThan(30);
    expect(seen.hidden).toBeGreaterThan(30);
    await page.close();
  });
});

/** A one-page definition of scale, choice and text questions, each after the first shown on a random condition over earlier ones. */
function randomDefinition(rnd: Random): SurveyDefinitionInput {
  const questions: Record<string, unknown>[] = [];
  const n = rnd.int(3, 7);
  for (let i = 0; i < n; i++) {
    const id = `q${i}`;
    const type = rnd.pick(['nps', 'rating', 'single', 'multi', 'text'] as const);
    const q: Record<string, unknown> = { id, type, text: `Question ${i}` };
    if (type === 'rating') Object.assign(q, { min: 1, max: 5 });
    if (type === 'single' || type === 'multi') q['options'] = ['a', 'b', 'c'].map((o) => ({ id: o, text: o.toUpperCase() }));
    if (type === 'text') q['multiline'] = false;
    if (i > 0) q['showIf'] = randomCondition(rnd, questions, 2);
    questions.push(q);
  }
  return { questions } as SurveyDefinitionInput;
}

function randomComparison(rnd: Random, earlier: Record<string, unknown>[]): Condition {
  const q = rnd.pick(earlier);
  const ref = `answer:${String(q['id'])}`;
  switch (q['type']) {
    case 'nps':
    case 'rating':
      return rnd.chance(0.2)
        ? { ref, op: rnd.pick(['answered', 'notAnswered'] as const) }
        : rnd.chance(0.3)
          ? { ref, op: rnd.pick(['in', 'notIn'] as const), value: [rnd.int(0, 5), rnd.int(0, 10)] }
          : { ref, op: rnd.pick(['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte'] as const), value: rnd.int(0, 10) };
    case 'single':
    case 'multi':
      return rnd.chance(0.5) ? { ref, op: rnd.pick(['equals', 'notEquals'] as const), value: rnd.pick(['a', 'b', 'c']) } : { ref, op: rnd.pick(['in', 'notIn'] as const), value: [rnd.pick(['a', 'b', 'c'])] };
    default:
      return rnd.chance(0.5)
        ? { ref, op: 'contains', value: rnd.pick(['late', 'KIND', 'x']) }
        : rnd.chance(0.5)
          ? { ref, op: rnd.pick(['answered', 'notAnswered'] as const) }
          : { ref, op: 'equals', value: rnd.pick(['kind people', 'x']) };
  }
}

function randomCondition(rnd: Random, earlier: Record<string, unknown>[], depth: number): Condition {
  if (depth > 0 && rnd.chance(0.35)) {
    const parts = Array.from({ length: rnd.int(1, 3) }, () => randomCondition(rnd, earlier, depth - 1));
    return rnd.pick([{ all: parts }, { any: parts }, { not: parts[0] as Condition }]);
  }
  return randomComparison(rnd, earlier);
}

/** Answers some controls at random, in page order, as a person would (hidden ones cannot be answered). */
async function fillRandomly(page: Page, rnd: Random): Promise<void> {
  const names = await page.evaluate(() => [...new Set([...document.querySelectorAll('form input[name^="q_"], form textarea')].map((e) => (e as HTMLInputElement).name))]);
  for (const name of names) {
    if (rnd.chance(0.25)) continue;
    const visible = await page.locator(`[name="${name}"]`).first().isVisible().catch(() => false);
    const box = page.locator(`[name="${name}"]`).first();
    const kind = await box.getAttribute('type');
    if (!visible && kind !== 'radio' && kind !== 'checkbox') continue;
    if (kind === 'radio' || kind === 'checkbox') {
      const all = page.locator(`[name="${name}"]`);
      const count = await all.count();
      const picks = kind === 'checkbox' ? Array.from({ length: count }, (_, i) => i).filter(() => rnd.chance(0.4)) : [rnd.int(0, count - 1)];
      for (const i of picks) {
        const id = await all.nth(i).getAttribute('id');
        const label = page.locator(`label[for="${id ?? ''}"]`);
        if (await label.isVisible()) await label.click();
      }
    } else {
      await box.fill(rnd.pick(['Late delivery', ' kind people ', 'x', 'Nothing']));
    }
  }
}
