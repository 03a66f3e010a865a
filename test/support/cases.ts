import type { Db } from '../../src/server/db/connect.ts';
import type { TestCorridor } from '../api/helpers.ts';

/** A one-page survey with an NPS question, a comment and a topic: what the case tests answer. */
export const CASE_SURVEY = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'topic', type: 'single', text: 'What was it about?', options: [{ id: 'delivery', text: 'Delivery' }, { id: 'billing', text: 'Billing' }] },
    { id: 'comment', type: 'text', text: 'What should we fix first?' },
  ],
  pages: [{ id: 'p1', questions: ['nps', 'topic', 'comment'] }],
};

/** Answers the survey through a contact's personal link as a browser without JavaScript would. */
export async function answerThroughLink(c: TestCorridor, url: string, answers: Record<string, string | number>): Promise<void> {
  const path = new URL(url).pathname + new URL(url).search;
  const page = await c.app.inject({ method: 'GET', url: path });
  if (page.statusCode !== 200) throw new Error(`survey page: ${page.statusCode}`);
  const state: Record<string, string> = {};
  for (const m of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) state[m[1] ?? ''] = m[2] ?? '';
  const cookie = page.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
  const fields = { ...state, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [`q_${k}`, String(v)])), nav: 'next' };
  const res = await c.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams(fields).toString(),
  });
  if (res.statusCode !== 303 && res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body.slice(0, 300)}`);
}

export async function casesOfResponse(db: Db, responseId: string) {
  return db.selectFrom('cases').selectAll().where('response_id', '=', responseId).execute();
}
