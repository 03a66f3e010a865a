import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { liveSurvey, postForm, responseCount, signIn, type Headers, type TestCorridor } from './helpers.ts';

// The respondent page is public: whatever an editor or a respondent typed must reach the page as
// text, never as markup, and the page carries the headers that keep injected scripts from running.

const XSS = '<script>alert(1)</script>';
const ESCAPED = '&#60;script&#62;alert(1)&#60;/script&#62;';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db, `Acme ${XSS} & "Sons"`);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, {
    title: `Survey ${XSS}`,
    definition: {
      intro: `Intro ${XSS}`,
      thankYou: `Thanks ${XSS}`,
      questions: [
        { id: 'nps', type: 'nps', text: `Recommend? ${XSS}`, help: `Help ${XSS}`, lowLabel: `Low ${XSS}`, highLabel: `High ${XSS}`, required: true },
        { id: 'comment', type: 'text', text: `Why? ${XSS}` },
        { id: 'name', type: 'text', text: `Name ${XSS}`, multiline: false },
      ],
    },
  });
});
afterAll(async () => c?.stop());

/** The one script element a page may have is our own respondent script, carrying the nonce. */
function expectNoInjectedMarkup(body: string): void {
  expect(body).not.toContain(XSS);
  expect(body.match(/<script/g)).toHaveLength(1);
  expect(body).toMatch(/<script nonce="[^"]+">\(function\(\)\{/);
}

function cspOf(res: { headers: Record<string, unknown> }): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

describe('escaping', () => {
  it('escapes the survey title, company name, intro, question text, help and labels', async () => {
    const res = await c.app.inject(`/s/${survey.slug}`);
    expect(res.statusCode).toBe(200);
    expectNoInjectedMarkup(res.body);
    for (const text of [`Survey ${ESCAPED}`, `Acme ${ESCAPED} &#38; &#34;Sons&#34;`, `Intro ${ESCAPED}`, `Recommend? ${ESCAPED}`, `Help ${ESCAPED}`, `Low ${ESCAPED}`, `High ${ESCAPED}`, `Why? ${ESCAPED}`]) {
      expect(res.body).toContain(text);
    }
    expect(res.body).toContain(`<title>Survey ${ESCAPED}</title>`);
  });

  it('escapes what a respondent typed when the form comes back with an error', async () => {
    const typed = `</textarea>${XSS}<textarea>`;
    const res = await postForm(c, survey.slug, { v: 1, q_nps: 'eleven', q_comment: typed, q_name: `"><img src=x onerror=alert(2)>` });
    expect(res.statusCode).toBe(422);
    expectNoInjectedMarkup(res.body);
    expect(res.body).not.toContain('<img');
    expect(res.body).toContain(`&#60;/textarea&#62;${ESCAPED}&#60;textarea&#62;</textarea>`);
    expect(res.body).toContain('value="&#34;&#62;&#60;img src=x onerror=alert(2)&#62;"');
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
  });

  it('escapes an out-of-range score echoed in the error message', async () => {
    const res = await postForm(c, survey.slug, { v: 1, q_nps: `1${XSS}` });
    expect(res.statusCode).toBe(422);
    expectNoInjectedMarkup(res.body);
  });

  it('escapes the thank-you and closed pages', async () => {
    const thanks = await c.app.inject(`/s/${survey.slug}/thanks`);
    expectNoInjectedMarkup(thanks.body);
    expect(thanks.body).toContain(`Thanks ${ESCAPED}`);
    const other = await liveSurvey(c, admin, { title: `Closed ${XSS}` });
    await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${other.id}/close`, headers: admin });
    const closed = await c.app.inject(`/s/${other.slug}`);
    expect(closed.statusCode).toBe(410);
    expectNoInjectedMarkup(closed.body);
  });
});

describe('security headers', () => {
  it('sends nosniff, no framing, and a CSP whose script nonce is the page’s', async () => {
    const res = await c.app.inject(`/s/${survey.slug}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = cspOf(res);
    const framing = csp.get('frame-ancestors') ?? [];
    expect(framing.includes("'none'") || ['DENY', 'SAMEORIGIN'].includes(String(res.headers['x-frame-options']))).toBe(true);
    expect(framing).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    const scriptSrc = csp.get('script-src') ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[\w+/=-]{16,}$/);
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    // A fresh nonce on every page.
    const again = cspOf(await c.app.inject(`/s/${survey.slug}`)).get('script-src');
    expect(again).not.toEqual(scriptSrc);
  });

  it('lets the page’s own inline stylesheet apply under its CSP', async () => {
    // 'unsafe-inline' is ignored by browsers once a style-src lists a nonce: then the <style> must carry it.
    const res = await c.app.inject(`/s/${survey.slug}`);
    const styleSrc = cspOf(res).get('style-src') ?? [];
    const nonce = styleSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
    if (nonce) expect(res.body).toContain(`<style nonce="${nonce}">`);
    else expect(styleSrc).toContain("'unsafe-inline'");
  });

  it('keeps the error and closed pages under the same headers', async () => {
    for (const res of [await postForm(c, survey.slug, { v: 1, q_nps: 99 }), await c.app.inject('/s/no-such-survey-here')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(cspOf(res).get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('request ids', () => {
  it('answers every response with an x-request-id, pages and API alike', async () => {
    for (const res of [
      await c.app.inject(`/s/${survey.slug}`),
      await postForm(c, survey.slug, { v: 1, q_nps: 99 }),
      await c.app.inject('/api/v1/surveys'),
      await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: admin }),
      await c.app.inject('/api/v1/no-such-route'),
    ]) {
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const a = await c.app.inject(`/s/${survey.slug}`);
    const b = await c.app.inject(`/s/${survey.slug}`);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await c.app.inject({ method: 'GET', url: `/s/${survey.slug}`, headers: { 'x-request-id': 'lb-1234.abc_def' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc_def');
    for (const given of ['has spaces in it', 'x'.repeat(101), 'quote"d', 'new\u00e9line']) {
      const res = await c.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } });
      expect(res.headers['x-request-id']).not.toBe(given);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
