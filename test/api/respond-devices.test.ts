import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, makeInvitation, type TestCompany } from '../support/factories.ts';
import { decodeAttribute, form, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * A personal link with a session open: a mail scanner's GET (or HEAD) of the link changes nothing,
 * so the person answering on one device goes on undisturbed; only a page posted from another
 * device takes the session over, and then the first device is told its session has ended.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'role', type: 'single', text: 'Your role?', required: true, options: [{ id: 'buyer', text: 'Buyer' }, { id: 'user', text: 'User' }] },
    { id: 'speed', type: 'rating', text: 'How fast did we answer?', min: 1, max: 5, required: true },
    { id: 'more', type: 'text', text: 'Anything else?' },
  ],
  pages: [
    { id: 'score', questions: ['nps'] },
    { id: 'about', title: 'About you', questions: ['role'] },
    { id: 'pace', title: 'Our pace', questions: ['speed'] },
    { id: 'last', title: 'Last words', questions: ['more'] },
  ],
};

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'Two devices', unitId: co.company.id, definition: DEFINITION });
});
afterAll(async () => c?.stop());

type Reply = Awaited<ReturnType<TestCorridor['app']['inject']>>;

/** A browser: its own cookies, the last form's hidden fields, redirects followed. */
function device() {
  const jar = new Map<string, string>();
  let state: Record<string, string> = {};
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const read = (res: Reply) => {
    for (const ck of res.cookies) {
      if (ck.maxAge === 0 || ck.value === '') jar.delete(ck.name);
      else jar.set(ck.name, ck.value);
    }
    if (res.statusCode !== 303) {
      state = {};
      for (const m of res.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) state[m[1] ?? ''] = decodeAttribute(m[2] ?? '');
    }
  };
  const get = async (url: string): Promise<Reply> => {
    const res = await c.app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
    read(res);
    return res;
  };
  return {
    get,
    state: () => state,
    cookies: () => new Map(jar),
    send: async (answers: Record<string, string | number>): Promise<Reply> => {
      const res = await c.app.inject({
        method: 'POST',
        url: `/s/${survey.slug}`,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ ...state, ...answers, nav: 'next' }),
      });
      read(res);
      return res.statusCode === 303 ? get(String(res.headers['location'])) : res;
    },
  };
}

async function sessionRows() {
  return c.handle.db.selectFrom('response_sessions').selectAll().where('survey_id', '=', survey.id).execute();
}

describe('a personal link whose respondent has a session open', () => {
  it('is shown, never taken, by a GET or HEAD; a page posted from another device takes the session over', async () => {
    const contact = await makeContact(c.handle.db, co.banking.id);
    const inv = await makeInvitation(c.handle.db, { surveyId: survey.id, contactId: contact.id, unitId: co.banking.id });
    const link = `/s/${survey.slug}?t=${inv.token}`;

    // Device A opens the link and answers the first page: a session, in A's cookie, on page 2.
    const a = device();
    expect((await a.get(link)).body).toContain('How likely are you to recommend us?');
    const second = await a.send({ q_nps: 9 });
    expect(second.body).toContain('About you');
    expect(a.cookies().size).toBe(1);
    const before = await sessionRows();
    expect(before).toHaveLength(1);

    // A mail scanner follows the link (and the link with a pick) with GET and HEAD.
    for (const url of [link, `${link}&pick=3`, `${link}&lang=en`]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await c.app.inject({ method, url, headers: { 'user-agent': 'SafeLinks scanner' } });
        expect(res.statusCode, `${method} ${url}`).toBe(200);
        expect(res.cookies, `${method} ${url}`).toEqual([]);
        if (method === 'GET') {
          // The page where the session stands, with the link's token in the form, not a session's.
          expect(res.body).toContain('About you');
          expect(res.body).toContain(`name="t" value="${inv.token}"`);
          expect(res.body).not.toContain('name="s"');
        }
      }
    }
    expect(await sessionRows()).toEqual(before);

    // Device A goes on with its cookie and its form, undisturbed.
    const third = await a.send({ q_role: 'buyer' });
    expect(third.statusCode).toBe(200);
    expect(third.body).toContain('Our pace');
    const afterA = await sessionRows();
    expect(afterA[0]?.token_hash).toBe(before[0]?.token_hash);
    expect(afterA[0]?.history).toEqual(['score', 'about', 'pace']);

    // Device B opens the link: it sees where A stands, and still nothing changes.
    const b = device();
    const shown = await b.get(link);
    expect(shown.body).toContain('Our pace');
    expect(b.cookies().size).toBe(0);
    expect(await sessionRows()).toEqual(afterA);

    // B posts the page: B takes the session over (a cookie of its own) and continues it.
    const fourth = await b.send({ q_speed: 4 });
    expect(fourth.statusCode).toBe(200);
    expect(fourth.body).toContain('Last words');
    expect(b.cookies().size).toBe(1);
    const taken = await sessionRows();
    expect(taken).toHaveLength(1);
    expect(taken[0]?.id).toBe(before[0]?.id);
    expect(taken[0]?.token_hash).not.toBe(before[0]?.token_hash);
    expect(taken[0]?.answers).toEqual({ nps: 9, role: 'buyer', speed: 4 });

    // A's next post is told its session has ended; B finishes with everyone's answers.
    const late = await a.send({ q_speed: 2 });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('This survey session has ended');
    expect((await b.send({ q_more: 'Fine' })).body).toContain('Thank you');
    const stored = await c.handle.db.selectFrom('responses').select(['answers', 'personal_link_id', 'session_id']).where('survey_id', '=', survey.id).execute();
    expect(stored).toEqual([{ answers: { nps: 9, role: 'buyer', speed: 4, more: 'Fine' }, personal_link_id: inv.personalLinkId, session_id: before[0]?.id }]);
    const marks = await c.handle.db.selectFrom('invitations').select(['opened_at', 'started_at']).where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(marks.opened_at).not.toBeNull();
    expect(marks.started_at).not.toBeNull();
  });

  it('keeps one session when the first page is posted again from the device that began it', async () => {
    const contact = await makeContact(c.handle.db, co.banking.id);
    const inv = await makeInvitation(c.handle.db, { surveyId: survey.id, contactId: contact.id, unitId: co.banking.id });
    const a = device();
    await a.get(`/s/${survey.slug}?t=${inv.token}`);
    const firstForm = a.state();
    await a.send({ q_nps: 7 });
    const before = (await sessionRows()).filter((r) => r.personal_link_id === inv.personalLinkId);
    expect(before).toHaveLength(1);
    // The first page's form sent once more (a double click): the cookie's session goes on, token unchanged.
    const res = await c.app.inject({
      method: 'POST',
      url: `/s/${survey.slug}`,
      headers: { cookie: [...a.cookies()].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ ...firstForm, q_nps: 8, nav: 'next' }),
    });
    expect(res.statusCode).toBe(303);
    const after = (await sessionRows()).filter((r) => r.personal_link_id === inv.personalLinkId);
    expect(after).toHaveLength(1);
    expect(after[0]?.token_hash).toBe(before[0]?.token_hash);
    expect(after[0]?.answers).toEqual({ nps: 8 });
  });
});
