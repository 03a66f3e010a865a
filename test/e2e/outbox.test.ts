import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema } from '../../src/core/survey-definition.ts';
import { listUnsubscribeHeaders } from '../../src/server/email/headers.ts';
import { renderInvitation } from '../../src/server/email/templates/invitation.ts';
import type { OutgoingMessage } from '../../src/server/email/transport.ts';
import { liveSurvey, signIn } from '../api/helpers.ts';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { openServedCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeInvitation, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/**
 * Settings → Outbox in Chromium: mail held without an SMTP server is listed newest first and paged
 * with "Older"; a message opens in a sandboxed preview with its text, headers and links, and the
 * invitation's survey link opens the survey; subjects are text; non-admins see no tab and get 403.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why', type: 'text', text: 'What is the main reason?' },
  ],
};

describe.skipIf(!HAS_CHROMIUM)('the outbox in the browser', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let co: TestCompany;
  let admin: TestUser;
  let invitationSubject: string;
  let held = 0;

  /** Holds one message in the outbox, as a programme's sender does. */
  async function hold(msg: Partial<OutgoingMessage> & Pick<OutgoingMessage, 'subject'>): Promise<void> {
    const message: OutgoingMessage = {
      to: 'ana@example.test',
      html: `<p>${msg.subject.replace(/</g, '&lt;')}</p>`,
      text: 'Plain words',
      headers: {},
      messageId: `<${randomUUID()}@corridor.test>`,
      kind: 'notice',
      companyId: co.company.id,
      invitationId: null,
      ...msg,
    };
    const delivered = await corridor.services.mailer.deliver(message, async () => true);
    expect(delivered).toBe('sent');
    // Held a minute apart, so "newest first" is a fact of the data, not of the clock's resolution.
    held += 1;
    await corridor.services.db.updateTable('outbox_messages').set({ created_at: new Date(Date.UTC(2026, 0, 1, 9) + held * 60_000) }).where('message_id', '=', message.messageId).execute();
  }


  beforeAll(async () => {
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR }));
    expect(corridor.services.mailer.kind).toBe('outbox');
    co = await makeCompany(corridor.services.db, 'Outbox Test Company');
    const signedIn = await signIn(corridor, 'admin', co.company.id);
    admin = signedIn.user;
    // The oldest: 26 notices, so the newest 25 fill the first page and one is left for "Older".
    for (let i = 0; i < 26; i++) await hold({ subject: `Notice #${i}`, to: `owner-${i}@example.test` });
    // Another company's mail is never shown.
    const other = await makeCompany(corridor.services.db);
    await hold({ subject: 'Someone else’s mail', companyId: other.company.id });
    // A subject with markup, and then the newest: a real invitation with its survey link.
    await hold({ subject: '<b>x</b> & <img src=x onerror=alert(1)>', kind: 'reminder', html: '<p>Markup</p><script>document.body.append(["SCRIPT", "RAN"].join(" "))</script>' });
    const survey = await liveSurvey(corridor, signedIn.headers, { title: 'Service check', unitId: co.company.id, definition: DEFINITION });
    const contact = await makeContact(corridor.services.db, co.banking.id, { name: 'Ana Silva' });
    const inv = await makeInvitation(corridor.services.db, { surveyId: survey.id, contactId: contact.id, unitId: co.banking.id, status: 'sending' });
    const unsubscribeUrl = `${base}/u/${inv.token}`;
    const mail = await renderInvitation({
      kind: 'invitation', language: 'en', companyName: co.company.name, surveyTitle: survey.title, firstName: 'Ana',
      definition: SurveyDefinitionSchema.parse(DEFINITION), surveyUrl: `${base}/s/${survey.slug}?t=${inv.token}`, unsubscribeUrl, expiresAt: new Date('2030-01-31T00:00:00Z'),
    });
    invitationSubject = mail.subject;
    await hold({ subject: mail.subject, html: mail.html, text: mail.text, headers: listUnsubscribeHeaders(unsubscribeUrl), kind: 'invitation', invitationId: inv.id, to: 'ana.silva@example.test' });
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
  });

  it('lists held mail newest first, pages with Older, and previews a message in a sandbox with its text, headers and links', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      pageErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await logIn(page, base, admin);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('tab-outbox').click();
    await page.waitForURL(/\/settings\/outbox$/);
    // The admin app's page: no style nonce (it would switch inline styles off in the preview), scripts keep theirs.
    const shell = await page.request.get(`${base}/settings/outbox`);
    const policy = shell.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(policy).toMatch(/style-src 'self' 'unsafe-inline'(;|$)/);
    expect(await page.getByTestId('outbox-mode').textContent()).toContain('no SMTP server is set (SMTP_URL); nothing here has reached anyone');

    const rows = page.getByTestId('outbox-row');
    await expect.poll(() => rows.count()).toBe(25);
    const subjects = async () => page.getByTestId('outbox-open').allTextContents();
    const first = await subjects();
    expect(first.slice(0, 4)).toEqual([invitationSubject, '<b>x</b> & <img src=x onerror=alert(1)>', 'Notice #25', 'Notice #24']);
    expect(await rows.nth(0).textContent()).toContain('Invitation');
    expect(await rows.nth(1).textContent()).toContain('Reminder');
    // The subject with markup is text: no element came of it.
    expect(await page.locator('[data-testid="outbox-table"] b, [data-testid="outbox-table"] img').count()).toBe(0);
    expect(first).not.toContain('Someone else’s mail');

    await page.getByTestId('outbox-older').click();
    await expect.poll(() => rows.count()).toBe(28);
    expect((await subjects()).slice(25)).toEqual(['Notice #2', 'Notice #1', 'Notice #0']);
    await expect.poll(() => page.getByTestId('outbox-older').count()).toBe(0);

    // The invitation, opened by keyboard: the preview has the focus, the HTML is in a sandbox.
    await page.getByTestId('outbox-open').first().focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('outbox-preview');
    await expect.poll(() => page.getByTestId('outbox-preview-subject').textContent()).toBe(invitationSubject);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outbox-preview-subject');
    const frame = page.getByTestId('outbox-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain('How likely are you to recommend us?');
    const inside = page.frameLocator('[data-testid="outbox-frame"]');
    await expect.poll(() => inside.locator('body').textContent()).toContain('How likely are you to recommend us?');
    // Styled as in a mail client: the frame inherits the page's policy, which allows inline styles.
    expect(await inside.locator('a[aria-label="9"]').evaluate((el) => getComputedStyle(el).display)).toBe('inline-block');
    expect(await page.getByTestId('outbox-text').textContent()).toContain(`${base}/s/`);
    const headers = await page.getByTestId('outbox-headers').textContent();
    expect(headers).toContain('List-Unsubscribe');
    expect(headers).toContain(`<${base}/u/`);
    expect(headers).toContain('List-Unsubscribe=One-Click');
    const links = await page.getByTestId('outbox-links').textContent();
    expect(links).toContain(`${base}/u/`);
    expect(await preview.locator('.outbox-picks a').count()).toBe(11);

    expect(await axeViolations(page)).toEqual([]);

    // The survey link opens the survey as the recipient, in a tab of its own.
    const link = page.getByTestId('outbox-survey-link').locator('a');
    expect(await link.textContent()).toMatch(new RegExp(`^${base}/s/[a-z0-9-]+\\?t=`));
    const [survey] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await survey.waitForLoadState();
    expect(await survey.textContent('body')).toContain('How likely are you to recommend us?');
    await survey.close();

    // The message with markup: its subject is text in the preview too, and its script never ran.
    await page.getByTestId('outbox-open').nth(1).click();
    await expect.poll(() => page.getByTestId('outbox-preview-subject').textContent()).toBe('<b>x</b> & <img src=x onerror=alert(1)>');
    expect(await preview.locator('h2 b, h2 img').count()).toBe(0);
    await expect.poll(() => inside.locator('body').textContent()).toContain('Markup');
    expect(await inside.locator('body').textContent()).not.toContain('SCRIPT RAN');
    expect(await preview.getByText('This message has no links.').count()).toBe(1);

    // On a phone: no wider than the screen, and still clean for axe.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows no Outbox to anyone but an admin (an analyst sees only the alert rules in Settings), and the API answers 403', async () => {
    const analyst = await makeUser(corridor.services.db, 'analyst', co.company.id);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, base, analyst);
    // An analyst reaches Settings for the alert rules only: the outbox's address leads there.
    expect(await page.getByTestId('nav-settings').count()).toBe(1);
    await page.goto(`${base}/settings/outbox`);
    await page.waitForURL(/\/settings\/alert-rules$/);
    await page.getByTestId('tab-alert-rules').waitFor();
    expect(await page.getByTestId('tab-outbox').count()).toBe(0);
    expect(await page.getByTestId('tab-users').count()).toBe(0);
    expect(await page.getByTestId('outbox-table').count()).toBe(0);
    const list = await page.request.get(`${base}/api/v1/outbox`);
    expect(list.status()).toBe(403);
    expect((await list.json()) as unknown).toMatchObject({ error: { code: 'forbidden' } });
    await context.close();
  });
});
