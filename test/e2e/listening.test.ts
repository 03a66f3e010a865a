import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type BrowserHandle, CHROMIUM_PATH, HAS_CHROMIUM, launchChromium, logIn, WEB_DIR } from '../support/browser.ts';
import { eventually, openServedCorridor } from '../support/corridor.ts';
import { makeApiKey, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';
import { startSmtpSink, type ParsedMessage, type SmtpSink } from '../support/smtp.ts';

/**
 * A CX lead's first afternoon with programmes, in Chromium, with mail through a real SMTP server:
 * accounts and contacts imported from CSV files, one programme of each kind, each dry-run before it
 * starts, an event from the service desk, the invitation email answered from its score links (the
 * one-tap path), an unsubscribe, and the response rates on the programme's page.
 */

if (!HAS_CHROMIUM) console.warn(`[corridor] browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('listening programmes end to end', () => {
  let corridor: Awaited<ReturnType<typeof openServedCorridor>>['corridor'];
  let chrome: BrowserHandle;
  let browser: Browser;
  let base: string;
  let sink: SmtpSink;
  let co: TestCompany;
  let admin: TestUser;
  let surveyId = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'corridor-listening-'));
  const always = { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 };

  beforeAll(async () => {
    sink = await startSmtpSink();
    ({ corridor, base } = await openServedCorridor({ webDir: WEB_DIR, smtpUrl: sink.url, programmeWorker: { intervalMs: 200 } }));
    co = await makeCompany(corridor.services.db, 'Listening Co');
    admin = await makeUser(corridor.services.db, 'admin', co.company.id);
    chrome = await launchChromium();
    browser = chrome.browser;
  });

  afterAll(async () => {
    await chrome?.close();
    await corridor?.stop();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });


  async function api<T>(page: Page, method: 'POST' | 'PUT', url: string, data: unknown): Promise<T> {
    const res = await page.request.fetch(`${base}${url}`, { method, data: data as object, headers: { origin: base } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return (await res.json()) as T;
  }

  /** Activates the programme on its page: the confirmation says what the dry run found. */
  async function activate(page: Page, id: string, expectInvited: number): Promise<void> {
    await page.goto(`${base}/programmes/${id}`);
    await page.getByTestId('activate').click();
    const confirm = page.getByTestId('activate-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(expectInvited === 0 ? 'No one would be invited right now' : `${expectInvited} ${expectInvited === 1 ? 'person' : 'people'} would be invited now`);
    await page.getByTestId('activate-confirm-yes').click();
    await expect.poll(() => page.getByTestId('programme-status').textContent()).toBe('Active');
  }

  function mailTo(email: string): ParsedMessage | undefined {
    return sink.messages.find((m) => m.envelopeTo.includes(email));
  }

  function links(m: ParsedMessage): string[] {
    return [...m.html.matchAll(/href="([^"]+)"/g)].map((x) => (x[1] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&'));
  }

  it('imports customers, runs the three kinds of programme, and answers from the email', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await logIn(page, base, admin);

    // A survey to send: NPS first, so the email asks it.
    const survey = await api<{ id: string }>(page, 'POST', '/api/v1/surveys', { title: 'After your service call' });
    surveyId = survey.id;
    await api(page, 'POST', `/api/v1/surveys/${surveyId}/publish`, {});

    // Customers from CSV files, in the app.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('import-toggle').click();
    const accountsCsv = path.join(dir, 'accounts.csv');
    writeFileSync(accountsCsv, 'crm_id,name,code,billed_revenue,key_account\nA-1,Alder Bank,ALD,900000,yes\nA-2,Birch Insurance,BIR,120000,no\n');
    await page.getByTestId('import-file').setInputFiles(accountsCsv);
    await page.getByTestId('import-submit').click();
    await page.getByText('2 created, 0 updated').waitFor();
    await page.getByTestId('import-kind').selectOption('contacts');
    const contactsCsv = path.join(dir, 'contacts.csv');
    writeFileSync(
      contactsCsv,
      'email,account_crm_id,name,audience_role,time_zone\nana@alder.example,A-1,Ana Silva,executive,Europe/Lisbon\npat@alder.example,A-1,Pat Buyer,purchasing_agent,Europe/Lisbon\nlee@birch.example,A-2,Lee Chen,it,Asia/Singapore\n',
    );
    await page.getByTestId('import-file').setInputFiles(contactsCsv);
    await page.getByTestId('import-submit').click();
    await page.getByText('3 created, 0 updated').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A persistent programme through the form: every closed service call, at once, any day and hour.
    await page.getByTestId('nav-programmes').click();
    await page.getByTestId('new-programme').click();
    await page.getByTestId('programme-name').fill('Service calls');
    await page.getByTestId('programme-survey').selectOption({ label: 'After your service call' });
    await page.getByTestId('kind-persistent').click();
    await page.getByTestId('delay').fill('0');
    await page.getByTestId('exclude-roles-input').fill('purchasing_agent');
    await page.keyboard.press('Enter');
    for (const day of [6, 7]) if ((await page.getByTestId(`day-${day}`).getAttribute('aria-pressed')) !== 'true') await page.getByTestId(`day-${day}`).click();
    await page.getByTestId('start-hour').selectOption('0');
    await page.getByTestId('end-hour').selectOption('24');
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    await page.getByTestId('save-programme').click();
    await page.waitForURL(/\/programmes\/[0-9a-f-]{36}$/);
    const persistentId = page.url().split('/').pop() ?? '';
    await activate(page, persistentId, 0);

    // A yearly relationship programme of the key accounts' buyers (the transactional one excludes them)
    // and a pulse of the IT contacts, each activated after its dry run.
    const periodic = await api<{ id: string }>(page, 'POST', '/api/v1/programmes', {
      name: 'Key-account buyers, yearly',
      surveyId,
      config: {
        kind: 'periodic',
        cadence: 'yearly',
        population: { all: [{ ref: 'account:key_account', op: 'equals', value: 'true' }, { ref: 'audience', op: 'equals', value: 'purchasing_agent' }] },
        sendWindow: always,
      },
    });
    const now = Date.now();
    const pulse = await api<{ id: string }>(page, 'POST', '/api/v1/programmes', {
      name: 'IT study',
      surveyId,
      config: { kind: 'pulsed', segment: { ref: 'audience', op: 'equals', value: 'it' }, startAt: new Date(now - 60_000).toISOString(), endAt: new Date(now + 14 * 86_400_000).toISOString(), sendWindow: always },
    });
    await activate(page, periodic.id, 1);
    await activate(page, pulse.id, 1);

    // The service desk reports a closed call; the invitation reaches the SMTP server within seconds.
    const key = await makeApiKey(corridor.services.db, 'analyst', co.company.id);
    const event = await page.request.post(`${base}/api/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
      data: { id: 'SR-1', type: 'service_call.closed', occurredAt: new Date().toISOString(), contact: { email: 'ana@alder.example' }, account: { crmId: 'A-1' } },
    });
    expect(event.status(), await event.text()).toBe(201);
    await eventually(async () => sink.messages.length, (n) => n >= 2, 30_000);
    const invitation = mailTo('ana@alder.example');
    expect(invitation?.subject).toBe('Listening Co would like your opinion');
    expect(invitation?.html).toContain('How likely are you to recommend Listening Co');
    expect(invitation?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // The purchasing agent got nothing: excluded from the transactional programme.
    expect(mailTo('pat@alder.example')).toBeUndefined();

    // On her phone, Ana taps 9 in the email: the survey opens with 9 chosen; one tap sends it.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const respondent = await phone.newPage();
    const nine = links(invitation as ParsedMessage).find((l) => l.includes('pick=9')) ?? '';
    expect(nine.startsWith(base)).toBe(true);
    await respondent.goto(nine);
    expect(await respondent.locator('input[name="q_nps"]:checked').getAttribute('value')).toBe('9');
    await respondent.getByRole('button', { name: 'Send' }).click();
    await respondent.waitForURL((u) => !u.search.includes('pick='));
    expect(await respondent.locator('h1').textContent()).toMatch(/thank/i);

    // Lee unsubscribes from the pulse's email: the link asks first; the button stops all surveys.
    const pulseMail = mailTo('lee@birch.example');
    const unsubscribe = links(pulseMail as ParsedMessage).find((l) => l.includes('/u/')) ?? '';
    await respondent.goto(unsubscribe);
    await respondent.getByRole('button').first().click();
    await eventually(
      async () => (await corridor.services.db.selectFrom('contacts').select('opted_out_at').where('email', '=', 'lee@birch.example').executeTakeFirstOrThrow()).opted_out_at,
      (at) => at !== null,
    );
    await phone.close();

    // The programme's page: one sent, one answered.
    await page.goto(`${base}/programmes/${persistentId}`);
    const rates = page.getByTestId('rates-card');
    await rates.waitFor();
    await expect.poll(async () => (await page.getByTestId('rate-row').first().textContent()) ?? '').toMatch(/100\s*%/);
    const invitations = page.getByTestId('invitations-card');
    await expect.poll(async () => (await invitations.textContent()) ?? '').toContain('Ana Silva');
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);
});
