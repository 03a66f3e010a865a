import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, WEB_DIR, type BrowserHandle } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeUser, type TestUser } from '../support/factories.ts';

/**
 * The survey builder in Chromium: every type edited visually, reordered by keyboard, duplicated and
 * previewed at phone and desktop width; templates; export and import of survey files; the brevity
 * warning; axe-core on the builder and the new-survey page.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('the survey builder in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let admin: TestUser;

  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    const { company } = await makeCompany(corridor.services.db, 'Builder Test Company');
    admin = await makeUser(corridor.services.db, 'admin', company.id);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  async function openAsAdmin(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('company-name').waitFor();
    return { page, errors, close: () => context.close() };
  }

  const ids = (page: Page) => page.getByTestId('question').evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id')));
  const question = (page: Page, i: number) => page.getByTestId('question').nth(i);

  async function addQuestion(page: Page, type: string): Promise<void> {
    const before = await page.getByTestId('question').count();
    await page.getByTestId('add-question-type').selectOption(type);
    await page.getByTestId('add-question').click();
    await expect.poll(() => page.getByTestId('question').count()).toBe(before + 1);
  }

  it('builds a survey of several types, reorders by keyboard, duplicates, previews, saves and publishes', async () => {
    const { page, errors, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-title-input').fill('Service check');
    await page.getByTestId('survey-kind').selectOption('relationship');
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    expect(await ids(page)).toEqual(['nps', 'comment']);

    // A CSAT, a matrix with a third row, a multiple choice with "Other" and at most two, a number.
    await addQuestion(page, 'csat');
    await addQuestion(page, 'matrix');
    const matrix = question(page, 3);
    await matrix.getByTestId('rows-add').click();
    await matrix.getByRole('textbox', { name: 'Row 3', exact: true }).fill('Knowing my account');
    await matrix.getByRole('textbox', { name: 'Touch points of row 3' }).fill('account-management');
    await matrix.getByTestId('scale-max').selectOption('7');
    await addQuestion(page, 'multi');
    const multi = question(page, 4);
    await multi.getByTestId('question-text').fill('What did you contact us about?');
    await multi.getByRole('textbox', { name: 'Option 1', exact: true }).fill('An invoice');
    await multi.getByTestId('allow-other').check();
    await multi.getByTestId('max-selected').fill('2');
    expect(await multi.locator('.item-id code').first().textContent()).toBe('an_invoice');
    await addQuestion(page, 'number');
    await question(page, 5).getByTestId('number-min').fill('0');
    expect(await ids(page)).toEqual(['nps', 'comment', 'csat', 'matrix', 'choices', 'number']);

    // The preview follows: the matrix's three rows on a 1–7 scale, the choices with "Other".
    const preview = page.getByTestId('survey-preview');
    expect(await preview.locator('fieldset.matrix fieldset.part legend').allTextContents()).toEqual(['Speed', 'Friendliness', 'Knowing my account']);
    expect(await preview.locator('fieldset.matrix fieldset.part').first().locator('.scale label').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(await preview.locator('.opt label').allTextContents()).toEqual(['An invoice', 'Quality', 'Service', 'Other']);
    expect(await preview.getByText('Choose up to 2').count()).toBe(1);

    // Reorder by keyboard: the CSAT moves up twice; the focus stays on its "up" button.
    await question(page, 2).getByTestId('move-up').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await ids(page)).toEqual(['csat', 'nps', 'comment', 'matrix', 'choices', 'number']);
    // At the top the "up" button is disabled, so the focus has moved to the question's next action.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-question-id]')?.getAttribute('data-question-id'))).toBe('csat');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Question moved to position 1 of 6.' }).count()).toBe(1);
    await question(page, 3).getByTestId('move-down').focus();
    await page.keyboard.press('Space');
    expect(await ids(page)).toEqual(['csat', 'nps', 'comment', 'choices', 'matrix', 'number']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('down');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-question-id]')?.getAttribute('data-question-id'))).toBe('matrix');

    // Duplicate the matrix: the copy follows it with the next id, and the preview shows both.
    await question(page, 4).getByTestId('duplicate-question').click();
    expect(await ids(page)).toEqual(['csat', 'nps', 'comment', 'choices', 'matrix', 'matrix_2', 'number']);
    expect(await preview.locator('fieldset.matrix').count()).toBe(2);
    // Remove the number question.
    await question(page, 6).getByTestId('remove-question').click();
    expect(await ids(page)).toEqual(['csat', 'nps', 'comment', 'choices', 'matrix', 'matrix_2']);

    // A problem shows at its field on saving, from the same schema as the server's.
    await question(page, 3).getByRole('textbox', { name: 'Option 2', exact: true }).fill('');
    await page.getByTestId('save-survey').click();
    const optionError = question(page, 3).locator('.item').nth(1).locator('.field-error');
    await expect.poll(() => optionError.textContent()).toBe('Write the option');
    expect(await question(page, 3).getByRole('textbox', { name: 'Option 2', exact: true }).getAttribute('aria-invalid')).toBe('true');
    await question(page, 3).getByRole('textbox', { name: 'Option 2', exact: true }).fill('Delivery');
    expect(await optionError.count()).toBe(0);

    // Phone and desktop preview; axe finds nothing on either.
    const frameWidth = () => preview.locator('.rp').evaluate((el) => el.getBoundingClientRect().width);
    expect(await frameWidth()).toBeLessThanOrEqual(360);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('preview-device').getByRole('button', { name: 'Desktop' }).click();
    await expect.poll(frameWidth).toBeGreaterThan(500);
    expect(await axeViolations(page)).toEqual([]);

    // Save and publish; the respondent page asks the questions in the builder's order.
    await page.getByTestId('publish-survey').click();
    const link = page.getByTestId('public-url').first();
    await link.waitFor();
    const publicUrl = (await link.getAttribute('href')) ?? '';
    const respondent = await browser.newPage();
    await respondent.goto(publicUrl);
    expect(await respondent.locator('form > fieldset > legend, form > .q > label.qt').allTextContents()).toEqual([
      'How satisfied are you with our service?',
      'How likely are you to recommend Builder Test Company to a colleague or business partner? *',
      'What is the main reason for your score?',
      'What did you contact us about?',
      'How would you rate us on each of these?',
      'How would you rate us on each of these?',
    ]);
    expect(await respondent.locator('label[for="matrix-knowing_my_account-7"]').count()).toBe(1);
    expect(await respondent.locator('label[for="choices-o-delivery"]').textContent()).toBe('Delivery');
    await respondent.close();
    expect(errors).toEqual([]);
    await close();
  });

  it('creates a survey from a template, of the template’s kind', async () => {
    const { page, errors, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-start').getByRole('button', { name: 'From a template' }).click();
    await page.getByTestId('create-survey').click();
    expect(await page.getByTestId('start-error').textContent()).toBe('Choose a template');
    await page.getByTestId('template-nps-relationship').click();
    expect(await page.getByTestId('survey-title-input').inputValue()).toBe('Relationship survey');
    await page.getByTestId('template-csat-service').click();
    expect(await page.getByTestId('survey-title-input').inputValue()).toBe('How did we do?');
    expect(await page.getByTestId('survey-kind').inputValue()).toBe('transactional');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    expect(await ids(page)).toEqual(['csat', 'resolved', 'better', 'ticket']);
    expect(await page.getByTestId('brevity-time').textContent()).toBe('36 s');
    expect(await page.getByTestId('brevity-count').textContent()).toBe('3');
    expect(await page.getByTestId('brevity-warning').count()).toBe(0);
    expect(await page.getByTestId('preview-hidden').textContent()).toContain('ticket');
    expect(errors).toEqual([]);
    await close();
  });

  it('shares a draft preview link that a person without a login can answer, recording nothing', async () => {
    const { page, errors, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-start').getByRole('button', { name: 'From a template' }).click();
    await page.getByTestId('template-csat-service').click();
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    // The builder's preview pipes texts as an anonymous respondent reads them: the fallback.
    await page.getByLabel('Introduction').fill('{{contact:first_name|Hello}}, two quick questions.');
    await expect.poll(() => page.getByTestId('survey-preview').locator('p.intro').first().textContent()).toBe('Hello, two quick questions.');
    await page.getByTestId('make-preview-link').click();
    const url = await page.getByTestId('preview-url').getAttribute('href');
    expect(url).toMatch(/\/s\/preview\/[A-Za-z0-9_-]{40,}$/);
    const surveyId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
    const stranger = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const customer = await stranger.newPage();
    await customer.goto(url ?? '');
    expect(await customer.getByText('Preview of a draft').count()).toBe(1);
    expect(await customer.locator('p.intro').first().textContent()).toBe('Hello, two quick questions.');
    await customer.locator('label[for="csat-4"]').click();
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.waitForSelector('text=Thank you');
    const stored = await corridor.services.db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).execute();
    expect(stored).toEqual([]);
    await stranger.close();
    expect(errors).toEqual([]);
    await close();
  });

  it('warns when a transactional survey grows past a minute', async () => {
    const { page, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-start').getByRole('button', { name: 'From a template' }).click();
    await page.getByTestId('template-ces').click();
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    expect(await page.getByTestId('brevity-time').textContent()).toBe('36 s');
    expect(await page.getByTestId('brevity-warning').count()).toBe(0);
    await addQuestion(page, 'text'); // + 25 s = 61 s
    expect(await page.getByTestId('brevity-time').textContent()).toBe('1 min 1 s');
    expect(await page.getByTestId('brevity-warning').textContent()).toContain('This transactional survey takes about 1 min 1 s; keep it under 1 min');
    await question(page, 3).getByTestId('remove-question').click();
    await expect.poll(() => page.getByTestId('brevity-warning').count()).toBe(0);
    await close();
  });

  it('exports a survey as JSON and imports it again; a bad file lists every problem by its path', async () => {
    const { page, errors, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-start').getByRole('button', { name: 'From a template' }).click();
    await page.getByTestId('template-onboarding').click();
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    const original = await ids(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-survey').click()]);
    expect(download.suggestedFilename()).toMatch(/^your-first-weeks-with-us-[0-9a-f]{8}\.corridor-survey\.json$/);
    const file = await download.path();
    const json = JSON.parse(await readFile(file, 'utf8')) as { corridorSurvey: number; title: string; kind: string; definition: { questions: { id: string }[] } };
    expect([json.corridorSurvey, json.title, json.kind]).toEqual([1, 'Your first weeks with us', 'transactional']);
    expect(json.definition.questions.map((q) => q.id)).toEqual(original);

    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-start').getByRole('button', { name: 'Import JSON' }).click();
    // A broken file first: every problem by its path, and nothing can be created.
    const bad = { ...json, kind: 'census', definition: { questions: [{ id: 'Bad', type: 'nps', text: '' }, { id: 'pick', type: 'single', text: 'Pick', options: [] }] } };
    await page.getByTestId('import-text').fill(JSON.stringify(bad));
    const problems = page.getByTestId('import-issues').locator('li');
    await expect.poll(() => problems.allTextContents()).toEqual([
      'kind: Invalid option: expected one of "relationship"|"transactional"|"pulse"|"employee"',
      'definition.questions.0.id: Use 1–40 lower-case letters, digits or _, starting with a letter',
      'definition.questions.0.text: Write the question',
      'definition.questions.1.options: Add at least one option',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('create-survey').click();
    expect(await page.getByTestId('start-error').textContent()).toContain('without problems');
    await page.getByTestId('import-text').fill('{ "corridorSurvey": 1, ');
    await expect.poll(() => problems.first().textContent()).toMatch(/^\(file\): This is not JSON/);

    // The exported file, chosen as a file: the title and kind come from it.
    await page.getByTestId('import-text').fill('');
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-ok').waitFor();
    expect(await page.getByTestId('survey-title-input').inputValue()).toBe('Your first weeks with us');
    expect(await page.getByTestId('survey-kind').inputValue()).toBe('transactional');
    await page.getByTestId('survey-title-input').fill('Imported onboarding');
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Imported onboarding');
    expect(await ids(page)).toEqual(original);
    expect(errors).toEqual([]);
    await close();
  });

  it('builds logic without code: a condition, pages with a branch to an ending, a translation side by side; the preview follows it', async () => {
    const { page, errors, close } = await openAsAdmin();
    await page.goto(`${base}/surveys/new`);
    await page.getByTestId('survey-title-input').fill('Logic survey');
    await page.getByTestId('create-survey').click();
    await page.getByTestId('question-list').waitFor();
    const preview = page.getByTestId('survey-preview');
    const asked = () => preview.locator('.rp-page > fieldset > legend, .rp-page > .q > label.qt').allTextContents();

    // The comment is asked only of detractors: "NPS answer is less than 7".
    const comment = question(page, 1);
    await comment.getByTestId('question-logic').locator('summary').click();
    await comment.getByTestId('cond-add').click();
    await comment.getByTestId('cond-op').selectOption('lt');
    await comment.getByRole('textbox', { name: 'Condition 1: value' }).fill('7');
    expect(await asked()).toHaveLength(1);
    await preview.locator('.scale label', { hasText: /^3$/ }).first().click();
    await expect.poll(asked).toHaveLength(2);
    await preview.locator('.scale label', { hasText: /^9$/ }).first().click();
    await expect.poll(asked).toHaveLength(1);

    // Two pages; promoters branch from page 1 to an ending of their own.
    await page.getByTestId('use-pages').click();
    await page.getByTestId('add-ending').click();
    await page.getByTestId('ending-text').fill('Thanks, promoter!');
    await page.getByTestId('add-page').click();
    await comment.getByTestId('question-page').selectOption('page');
    expect(await page.getByTestId('page').count()).toBe(2);
    await page.getByTestId('page').first().getByTestId('add-branch').click();
    const branch = page.getByTestId('branch').first();
    await branch.getByTestId('cond-op').selectOption('gte');
    await branch.getByRole('textbox', { name: 'Condition 1: value' }).fill('9');
    await branch.getByTestId('branch-to').selectOption('ending');
    await expect.poll(() => page.getByTestId('preview-ending').textContent()).toBe('After sending: Thanks, promoter!');
    await preview.locator('.scale label', { hasText: /^2$/ }).first().click();
    await expect.poll(() => preview.getByTestId('preview-page').count()).toBe(2);
    expect(await page.getByTestId('preview-ending').textContent()).toBe('After sending: Thank you — your answer helps us do better.');

    // A German translation, side by side with the default texts; the missing ones are counted.
    await page.getByTestId('logic-tab').getByRole('button', { name: 'Languages' }).click();
    await page.getByTestId('texts-translations-new').fill('de');
    await page.getByTestId('texts-translations-add').click();
    const missing = page.getByTestId('texts-translations-missing');
    const total = await page.getByTestId('texts-row').count();
    expect(await missing.textContent()).toBe(`${total} of ${total} missing`);
    const row = page.locator('[data-testid="texts-row"][data-path="q.comment.text"]');
    expect(await row.locator('.texts-default').textContent()).toBe('What is the main reason for your score?');
    await row.getByRole('textbox').fill('Was ist der Hauptgrund für Ihre Bewertung?');
    expect(await missing.textContent()).toBe(`${total - 1} of ${total} missing`);
    await page.getByTestId('preview-language').selectOption('de');
    await expect.poll(asked).toContain('Was ist der Hauptgrund für Ihre Bewertung?');
    expect(await axeViolations(page)).toEqual([]);

    // It saves: the server accepts the logic as built.
    await page.getByTestId('save-survey').click();
    await expect.poll(() => page.getByTestId('save-survey').textContent()).toBe('Saved');
    const id = /\/surveys\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    const saved = (await (await page.request.get(`${base}/api/v1/surveys/${id}`)).json()) as { definition: Record<string, unknown> };
    expect(saved.definition['pages']).toEqual([
      { id: 'page_1', title: '', intro: '', questions: ['nps'], branches: [{ if: { ref: 'answer:nps', op: 'gte', value: 9 }, to: 'ending' }] },
      { id: 'page', title: '', intro: '', questions: ['comment'], branches: [] },
    ]);
    expect(saved.definition['translations']).toEqual({ de: { 'q.comment.text': 'Was ist der Hauptgrund für Ihre Bewertung?' } });
    expect(errors).toEqual([]);
    await close();
  });
});

