import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { expectError, form, liveSurvey, responseCount, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * The respondent's way through a multi-page survey over HTTP, as a browser without JavaScript does
 * it: page by page, with sessions, going back, branching, stopping early, "tell us more", audiences,
 * languages, personal links with prefill, and draft previews that record nothing.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

const DEFINITION = {
  intro: 'Three short pages.',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us, {{contact:first_name|friend}}?', required: true },
    { id: 'why_low', type: 'text', text: 'What should we fix first?', required: true, showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
    { id: 'role', type: 'single', text: 'Your role?', required: true, options: [{ id: 'buyer', text: 'Buyer' }, { id: 'user', text: 'User' }], prefill: { from: 'contact', attribute: 'role' } },
    { id: 'stock', type: 'rating', text: 'How well do we keep you in stock?', required: true, audiences: ['distributor'] },
    { id: 'more', type: 'text', text: 'Anything else?' },
    { id: 'source', type: 'hidden' },
  ],
  pages: [
    { id: 'score', questions: ['nps', 'why_low'] },
    { id: 'about', title: 'About you', questions: ['role', 'stock'] },
    { id: 'extra', questions: ['more'], offer: { text: 'A minute more?' } },
  ],
  endings: [{ id: 'sorry', text: 'Sorry we let you down.', showIf: { ref: 'answer:nps', op: 'lte', value: 6 } }],
  translations: { de: { 'q.nps.text': 'Wie wahrscheinlich empfehlen Sie uns?', 'p.about.title': 'Über Sie' } },
  variants: { distributor: { 'q.stock.text': 'How well do we keep your shelves stocked?' } },
  theme: { color: '#1d4ed8' },
};

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'Relationship', unitId: co.company.id, definition: DEFINITION });
});
afterAll(async () => c?.stop());

/** A browser: keeps its cookies, follows redirects, reads the form's hidden fields. */
function browser(path: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  let state: Record<string, string> = {};
  let last = '';
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Awaited<ReturnType<typeof c.app.inject>>) => {
    for (const ck of res.cookies) {
      if (ck.maxAge === 0 || ck.value === '') jar.delete(ck.name);
      else jar.set(ck.name, ck.value);
    }
  };
  const readState = (body: string) => {
    state = {};
    for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) state[m[1] ?? ''] = m[2] ?? '';
  };
  const get = async (url: string) => {
    const res = await c.app.inject({ method: 'GET', url, headers: { ...headers, cookie: cookie() } });
    remember(res);
    readState(res.body);
    return res;
  };
  return {
    get,
    state: () => state,
    /** Sends the page with these answers (and the page's state), then follows a redirect. */
    send: async (answers: Record<string, string | number> | 'again', nav = 'next', url = path) => {
      // 'again' sends the last form once more, as a double click or a retry does.
      if (answers !== 'again') last = form({ ...state, ...answers, nav });
      const res = await c.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: last,
      });
      remember(res);
      if (res.statusCode !== 303) {
        readState(res.body);
        return res;
      }
      return get(String(res.headers['location']));
    },
  };
}

async function responses(surveyId: string) {
  return c.handle.db.selectFrom('responses').select(['answers', 'status', 'contact_id', 'account_id', 'language', 'audience', 'channel', 'started_at', 'session_id']).where('survey_id', '=', surveyId).orderBy('created_at').execute();
}

describe('a multi-page survey without JavaScript', () => {
  it('goes page by page, keeps answers in a session, resumes, goes back, and stores one complete response', async () => {
    const s = await liveSurvey(c, admin, { title: 'Pages', unitId: co.company.id, definition: DEFINITION });
    const b = browser(`/s/${s.slug}`);
    const first = await b.get(`/s/${s.slug}?source=email`);
    expect(first.body).toContain('Page 1 of 3');
    expect(first.body).toContain('How likely are you to recommend us, friend?');
    expect(first.body).toContain('--c:#1d4ed8');
    const second = await b.send({ q_nps: 9 });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('About you');
    expect(second.body).toContain('Page 2 of 3');
    expect(second.body).not.toContain('keep you in stock');
    expect(b.state()['s']).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Nothing is stored before the end; the session keeps the answers so far.
    expect(await responseCount(c.handle.db, s.id)).toBe(0);
    // Coming back later to the plain link resumes on the same page.
    const resumed = await b.get(`/s/${s.slug}`);
    expect(resumed.body).toContain('About you');
    const back = await b.send({ q_role: 'user' }, 'back');
    expect(back.body).toContain('Page 1 of 3');
    expect(back.body).toMatch(/value="9" checked/);
    await b.send({ q_nps: 10 });
    const third = await b.send({ q_role: 'user' });
    expect(third.body).toContain('A minute more?');
    expect(third.body).toContain('No thanks, finish');
    const done = await b.send({ q_more: 'Keep it up' });
    expect(done.body).toContain('Thank you — your answer helps us do better.');
    const stored = await responses(s.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ answers: { nps: 10, role: 'user', more: 'Keep it up', source: 'email' }, status: 'complete', channel: 'link' });
    expect(stored[0]?.started_at).toBeInstanceOf(Date);
    // The same page sent again (a double click, a retry) stores nothing more.
    const again = await b.send('again');
    expect(again.body).toContain('Thank you');
    expect(await responseCount(c.handle.db, s.id)).toBe(1);
    // And the link now says so instead of starting over.
    expect((await b.get(`/s/${s.slug}`)).body).toContain('You have answered already');
  });

  it('shows a follow-up the answers call for after sending, then the ending the answers lead to', async () => {
    const b = browser(`/s/${survey.slug}`);
    await b.get(`/s/${survey.slug}`);
    const followUp = await b.send({ q_nps: 3 });
    expect(followUp.statusCode).toBe(200);
    expect(followUp.body).toContain('One more question about your answer is below');
    expect(followUp.body).toMatch(/<fieldset class="cq" id="cq-why_low">/);
    const missing = await b.send({ q_nps: 3 });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Please answer this question');
    await b.send({ q_nps: 3, q_why_low: 'Delivery times' });
    await b.send({ q_role: 'buyer' });
    const end = await b.send({}, 'skip');
    expect(end.body).toContain('Sorry we let you down.');
  });

  it('refuses an answer to a question that was not asked, storing nothing', async () => {
    const s = await liveSurvey(c, admin, { title: 'Not asked', unitId: co.company.id, definition: DEFINITION });
    const b = browser(`/s/${s.slug}`);
    await b.get(`/s/${s.slug}`);
    const res = await b.send({ q_nps: 9, q_why_low: 'Sneaked in', shown: 'why_low' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('is not asked of this respondent');
    expect(await c.handle.db.selectFrom('response_sessions').select('id').where('survey_id', '=', s.id).execute()).toHaveLength(0);
  });

  it('keeps what was answered as a partial response when the respondent stops early', async () => {
    const s = await liveSurvey(c, admin, { title: 'Stop', unitId: co.company.id, definition: DEFINITION });
    const b = browser(`/s/${s.slug}`);
    await b.get(`/s/${s.slug}`);
    await b.send({ q_nps: 8 });
    const stopped = await b.send({}, 'stop');
    expect(stopped.body).toContain('we kept the answers you gave');
    expect(await responses(s.id)).toMatchObject([{ answers: { nps: 8 }, status: 'partial' }]);
  });

  it('asks an audience its own questions in its own words', async () => {
    const b = browser(`/s/${survey.slug}`);
    await b.get(`/s/${survey.slug}?audience=distributor`);
    const about = await b.send({ q_nps: 10 });
    expect(about.body).toContain('How well do we keep your shelves stocked?');
    const missing = await b.send({ q_role: 'buyer' });
    expect(missing.statusCode).toBe(422);
  });

  it('reads in the browser’s language, switches on request, and falls back to the default text', async () => {
    const b = browser(`/s/${survey.slug}`, { 'accept-language': 'de-CH, en;q=0.5' });
    const first = await b.get(`/s/${survey.slug}`);
    expect(first.body).toContain('<html lang="de">');
    expect(first.body).toContain('Wie wahrscheinlich empfehlen Sie uns?');
    expect(first.body).toContain('Weiter');
    const about = await b.send({ q_nps: 10 });
    expect(about.body).toContain('Über Sie');
    // Not translated: the default language's text.
    expect(about.body).toContain('Your role?');
    const switched = await b.get(`/s/${survey.slug}?s=${b.state()['s'] ?? ''}&lang=en`);
    expect(switched.body).toContain('About you');
    expect(switched.body).toContain('<html lang="en">');
  });
});

describe('personal links', () => {
  it('fills in what is known, pipes the contact’s name, takes one response, and records who answered', async () => {
    const contact = await makeContact(c.handle.db, co.banking.id, { name: 'Maria Lopez', attributes: { role: 'buyer' } });
    const res = await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/personal-links`, headers: admin, payload: { contactId: contact.id } });
    expect(res.statusCode).toBe(201);
    const url = new URL(res.json<{ url: string }>().url);
    const b = browser(url.pathname);
    const first = await b.get(url.pathname + url.search);
    expect(first.body).toContain('How likely are you to recommend us, Maria?');
    // The role is known: page "about" has nothing left to ask, so the next page is the last.
    const next = await b.send({ q_nps: 9 });
    expect(next.body).toContain('A minute more?');
    expect((await b.send({}, 'skip')).body).toContain('Thank you');
    const stored = (await responses(survey.id)).filter((r) => r.contact_id === contact.id);
    expect(stored).toMatchObject([{ answers: { nps: 9, role: 'buyer' }, account_id: contact.accountId, channel: 'personal_link' }]);
    const reuse = await browser(url.pathname).get(url.pathname + url.search);
    expect(reuse.body).toContain('You have answered already');
    expect((await browser('').get(`/s/${survey.slug}?t=not-a-real-token`)).statusCode).toBe(404);
  });

  it('refuses a link for a contact outside the caller’s scope, and to roles that may not send surveys', async () => {
    const contact = await makeContact(c.handle.db, co.insurance.id);
    const banker = (await signIn(c, 'analyst', co.banking.id)).headers;
    const own = await liveSurvey(c, banker, { title: 'Banking only', unitId: co.banking.id });
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${own.id}/personal-links`, headers: banker, payload: { contactId: contact.id } }), 404, 'not_found');
    const viewer = (await signIn(c, 'viewer', co.banking.id)).headers;
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${own.id}/personal-links`, headers: viewer, payload: { contactId: contact.id } }), 403, 'forbidden');
  });
});

describe('draft preview links', () => {
  it('shows the draft to anyone with the link, walks it to its ending, and records nothing', async () => {
    const draft = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: { title: 'Draft', unitId: co.company.id, definition: DEFINITION } });
    const id = draft.json<SurveyDetail>().id;
    const link = await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/preview-link`, headers: admin });
    expect(link.statusCode).toBe(201);
    const path = new URL(link.json<{ url: string }>().url).pathname;
    const b = browser(path);
    const first = await b.get(path);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Preview of a draft');
    await b.send({ q_nps: 4, q_why_low: 'Price', shown: 'why_low' });
    await b.send({ q_role: 'user' });
    const end = await b.send({}, 'skip');
    expect(end.body).toContain('Sorry we let you down.');
    expect(await responseCount(c.handle.db, id)).toBe(0);
    expect(await c.handle.db.selectFrom('response_sessions').select('id').where('survey_id', '=', id).execute()).toHaveLength(0);
    // A tampered state starts the preview over; it never fails.
    for (const state of ['not-base64-json', Buffer.from(JSON.stringify({ a: 1, h: 'x' })).toString('base64url')]) {
      const res = await c.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ state, p: 'score', q_nps: 5 }) });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Preview of a draft');
    }
    // A new link replaces the old one.
    await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/preview-link`, headers: admin });
    expect((await browser(path).get(path)).statusCode).toBe(404);
  });
});

describe('shuffled options', () => {
  it('orders options per respondent, and keeps one respondent’s order when the page comes back', async () => {
    const options = 'abcdefgh'.split('').map((id) => ({ id, text: `Option ${id.toUpperCase()}` }));
    const s = await liveSurvey(c, admin, {
      title: 'Shuffled',
      unitId: co.company.id,
      definition: {
        questions: [
          { id: 'first', type: 'nps', text: 'Score?', required: true },
          { id: 'pick', type: 'single', text: 'Pick one', options, shuffle: true, required: true },
        ],
        pages: [
          { id: 'one', questions: ['first'] },
          { id: 'two', questions: ['pick'] },
        ],
      },
    });
    const order = (body: string) => [...body.matchAll(/id="pick-o-([a-h])"/g)].map((m) => m[1]).join('');
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      const b = browser(`/s/${s.slug}`);
      await b.get(`/s/${s.slug}`);
      const page = await b.send({ q_first: 7 });
      const seen = order(page.body);
      expect([...seen].sort().join('')).toBe('abcdefgh');
      // The error page and a later visit show the same order.
      expect(order((await b.send({})).body)).toBe(seen);
      expect(order((await b.get(`/s/${s.slug}`)).body)).toBe(seen);
      orders.push(seen);
    }
    expect(new Set(orders).size).toBeGreaterThan(1);
  });
});

describe('tampered respondent forms', () => {
  const post = (url: string, fields: Record<string, string | number>) =>
    c.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });

  it('answers an unknown session, an unknown page, a skip of a page that offers nothing, and an unknown preview with pages, never a 5xx', async () => {
    const s = await liveSurvey(c, admin, { title: 'Tampered', unitId: co.company.id, definition: DEFINITION });
    const unknownSession = await post(`/s/${s.slug}`, { s: 'x'.repeat(43), p: 'score', q_nps: 9 });
    expect(unknownSession.statusCode).toBe(410);
    expect(unknownSession.body).toContain('This survey session has ended');
    const unknownPage = await post(`/s/${s.slug}`, { v: 1, p: 'nowhere', q_nps: 9 });
    expect(unknownPage.statusCode).toBe(200);
    expect(unknownPage.body).toContain('That page was sent already');
    // "skip" only declines an offered page; elsewhere the page is checked as sent.
    const skip = await post(`/s/${s.slug}`, { v: 1, p: 'score', nav: 'skip' });
    expect(skip.statusCode).toBe(422);
    expect((await post('/s/preview/not-a-token', { q_nps: 1 })).statusCode).toBe(404);
    expect((await c.app.inject({ url: `/s/preview/${'a'.repeat(43)}` })).statusCode).toBe(404);
    expect(await responseCount(c.handle.db, s.id)).toBe(0);
  });
});

describe('a republish while a respondent is half-way', () => {
  it('lets the session finish on the version it began on', async () => {
    const s = await liveSurvey(c, admin, { title: 'Republished', unitId: co.company.id, definition: DEFINITION });
    const b = browser(`/s/${s.slug}`);
    await b.get(`/s/${s.slug}`);
    await b.send({ q_nps: 9 });
    const changed = { ...DEFINITION, questions: DEFINITION.questions.map((q) => (q.id === 'more' ? { ...q, text: 'Anything at all?' } : q)) };
    expect((await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${s.id}`, headers: admin, payload: { definition: changed } })).statusCode).toBe(200);
    expect((await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: admin })).json<SurveyDetail>().version).toBe(2);
    const about = await b.send({ q_role: 'buyer' });
    // Still the first version's wording.
    expect(about.body).toContain('Anything else?');
    const done = await b.send({ q_more: 'Fine' });
    expect(done.body).toContain('Thank you');
    const rows = await c.handle.db
      .selectFrom('responses as r')
      .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
      .select(['v.number', 'r.answers'])
      .where('r.survey_id', '=', s.id)
      .execute();
    expect(rows).toEqual([{ number: 1, answers: { nps: 9, role: 'buyer', more: 'Fine' } }]);
  });
});
