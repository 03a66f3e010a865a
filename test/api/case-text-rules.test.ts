import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { answerThroughLink, CASE_SURVEY } from '../support/cases.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Alert rules on what a comment says: its sentiment and the user-defined topics it matches, found by
 * the same text analysis as the verbatim explorer. A passive (NPS 8) whose comment is angry about an
 * invoice opens a case that a score rule would never have opened.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => new Date('2026-12-07T09:00:00Z') });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'After delivery', unitId: co.company.id, definition: CASE_SURVEY });
});
afterAll(async () => c?.stop());

const post = (url: string, payload: Record<string, unknown>) => c.app.inject({ method: 'POST', url, headers: admin, payload });

async function respond(answers: Record<string, string | number>): Promise<string> {
  const contact = await makeContact(c.handle.db, co.bankingEmea.id, { name: 'Mia Keller' }, { name: `Nordwerk ${Math.random().toString(36).slice(2, 6)}` });
  const link = await post(`/api/v1/surveys/${survey.id}/personal-links`, { contactId: contact.id });
  expect(link.statusCode, link.body).toBe(201);
  await answerThroughLink(c, (link.json() as { url: string }).url, answers);
  return (await c.handle.db.selectFrom('responses').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow()).id;
}

const titlesOf = async (responseId: string) => (await c.handle.db.selectFrom('cases').select('title').where('response_id', '=', responseId).orderBy('title').execute()).map((x) => x.title);

describe('rules on what comments say', () => {
  it('opens a case for a negative comment and for a topic, naming the topic, and none for a happy comment', async () => {
    const topic = await post('/api/v1/topics', { name: 'Invoice problems', query: 'invoic* OR billing OR "credit note"' });
    expect(topic.statusCode, topic.body).toBe(201);
    const topicId = (topic.json() as { id: string }).id;
    const negative = await post('/api/v1/alert-rules', { name: 'Angry comment', conditions: { match: 'any', conditions: [{ type: 'comment_sentiment', label: 'negative' }] }, actions: [{ type: 'open_case' }] });
    expect(negative.statusCode, negative.body).toBe(201);
    const billing = await post('/api/v1/alert-rules', { name: 'Billing desk', conditions: { match: 'any', conditions: [{ type: 'comment_topic', topicIds: [topicId] }] }, actions: [{ type: 'open_case' }] });
    expect(billing.statusCode, billing.body).toBe(201);

    const angry = await respond({ nps: 8, comment: 'The invoice was wrong again and nobody answered my emails. Very disappointing.' });
    const happy = await respond({ nps: 9, comment: 'Delivery was quick and the driver was friendly.' });
    await c.alerts!.tick();
    const titles = await titlesOf(angry);
    expect(titles).toHaveLength(2);
    expect(titles.some((t) => /: a negative comment \(-0\.\d\d\)$/.test(t))).toBe(true);
    expect(titles).toContainEqual(expect.stringMatching(/: about “Invoice problems”$/));
    expect(await titlesOf(happy)).toEqual([]);
  });
});
