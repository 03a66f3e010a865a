import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import type { Topic, TopicPreview, VerbatimSearchResult } from '../../src/contract/verbatims.ts';
import { claimTextJob, runTextJobStep } from '../../src/server/modules/verbatims/jobs.ts';
import { CASE_SURVEY } from '../support/cases.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * User-defined topics: a bad rule is refused with where it went wrong and nothing stored; a preview
 * counts what a rule would match; applying a topic to the history is a job that goes batch by batch,
 * shows its progress, resumes where it stopped, and ends with the count of verbatims it matched.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let survey: SurveyDetail;

const COMMENTS = [
  'I asked for a refund three weeks ago and heard nothing.',
  'Refunds take forever, and the invoice was wrong.',
  'Delivery was quick, the driver friendly.',
  'The app crashes when I open my statements.',
  'Still waiting on the refund. Very disappointed.',
  'Good service overall.',
  'They refunded me within a day, great.',
  'Nobody answers the phone.',
];
// Independently: the comments with refund as a word in any of its forms (refund, refunds, refunded).
const refundCount = (texts: readonly string[]) => texts.filter((t) => /\brefund(s|ed|ing)?\b/i.test(t)).length;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  survey = await liveSurvey(c, admin, { title: 'Service check', unitId: co.company.id, definition: CASE_SURVEY });
  const key = await bearer(c, 'admin', co.company.id);
  for (const [i, comment] of COMMENTS.entries()) {
    const res = await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.slug}/responses`, headers: key, payload: { answers: { nps: i, comment }, unitId: i % 2 ? co.banking.id : co.insurance.id } });
    expect(res.statusCode, res.body).toBe(201);
  }
  await c.texts!.tick();
});
afterAll(async () => c?.stop());

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Headers = admin) =>
  c.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
const topicCount = async () => (await c.handle.db.selectFrom('topics').select('id').where('company_id', '=', co.company.id).execute()).length;

describe('topic rules', () => {
  it('refuses a rule that does not parse with where it went wrong, and stores nothing', async () => {
    const before = await topicCount();
    const bad = expectError(await inject('POST', '/api/v1/topics', { name: 'Refunds', query: '(refund AND' }), 400, 'invalid_topic_query');
    expect(bad.message).toMatch(/character \d+/);
    expect(bad.details).toMatchObject({ path: 'query', position: expect.any(Number) });
    expect(await topicCount()).toBe(before);
    expectError(await inject('POST', '/api/v1/topics/preview', { query: 'refund OR' }), 400, 'invalid_topic_query');
    expectValidation(await inject('POST', '/api/v1/topics', { name: '', query: 'refund' }), 'name');
    const audit = await c.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'topic.%').where('unit_id', '=', co.company.id).execute();
    expect(audit).toEqual([]);
  });

  it('previews how many verbatims a rule matches, with the matched words marked', async () => {
    const res = await inject('POST', '/api/v1/topics/preview', { query: 'refund' });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json<TopicPreview>();
    expect(preview.scanned).toBe(COMMENTS.length);
    expect(preview.matched).toBe(refundCount(COMMENTS));
    for (const ex of preview.examples) expect(ex.highlights.map((h) => ex.text.slice(h.start, h.end).toLowerCase()).every((w) => w.startsWith('refund'))).toBe(true);
    expect(preview.examples.some((ex) => ex.highlights.length > 0)).toBe(true);
    expect(await topicCount()).toBe(0);
  });

  it('lets readers list topics and only configurers change them', async () => {
    const manager = await signIn(c, 'manager', co.banking.id);
    expectError(await inject('POST', '/api/v1/topics', { name: 'Nope', query: 'phone' }, manager.headers), 403, 'forbidden');
    expect((await inject('GET', '/api/v1/topics', undefined, manager.headers)).statusCode).toBe(200);
  });
});

describe('applying a topic to the history', () => {
  let topic: Topic;

  it('tags new comments at once, and the history through a job that shows progress and resumes', async () => {
    const created = await inject('POST', '/api/v1/topics', { name: 'Refunds', query: 'refund' });
    expect(created.statusCode, created.body).toBe(201);
    topic = created.json();
    expect(topic).toMatchObject({ query: 'refund', appliedAt: null, appliedCount: null, application: { state: 'idle' } });
    expectError(await inject('POST', '/api/v1/topics', { name: 'Refunds', query: 'money back' }), 409, 'topic_name_taken');
    // The stored history does not carry it yet.
    const untagged = await inject('GET', `/api/v1/verbatims?topic=${topic.id}`);
    expect(untagged.json<VerbatimSearchResult>().counts.total).toBe(0);
    // A new comment gets it when analysed.
    const key = await bearer(c, 'admin', co.company.id);
    const fresh = 'Where is my refund?';
    expect((await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.slug}/responses`, headers: key, payload: { answers: { nps: 2, comment: fresh } } })).statusCode).toBe(201);
    await c.texts!.tick();
    expect((await inject('GET', `/api/v1/verbatims?topic=${topic.id}`)).json<VerbatimSearchResult>().counts.total).toBe(1);

    const applied = await inject('POST', `/api/v1/topics/${topic.id}/apply`);
    expect(applied.statusCode, applied.body).toBe(202);
    expect(applied.json<Topic>().application.state).toBe('queued');
    // Asked twice: still one job.
    await inject('POST', `/api/v1/topics/${topic.id}/apply`);
    expect(await c.handle.db.selectFrom('text_jobs').select('id').where('topic_id', '=', topic.id).execute()).toHaveLength(1);

    // Two small steps by one worker (the first counts), then it "dies": the progress is stored.
    const now = c.services.now();
    const first = await claimTextJob(c.handle.db, now, [co.company.id]);
    expect(await runTextJobStep(c.handle.db, first!, now, 3)).toBe(false);
    const second = await claimTextJob(c.handle.db, now, [co.company.id]);
    expect(await runTextJobStep(c.handle.db, second!, now, 3)).toBe(false);
    const midway = (await inject('GET', `/api/v1/topics/${topic.id}`)).json<Topic>();
    expect(midway.application).toMatchObject({ state: 'running', done: 3, total: COMMENTS.length + 1 });
    expect(midway.appliedAt).toBeNull();
    // Another worker picks the job up where it stopped (its lease has not run out, so wait past it).
    const later = new Date(now.getTime() + 5 * 60_000);
    for (;;) {
      const job = await claimTextJob(c.handle.db, later, [co.company.id]);
      if (!job) break;
      await runTextJobStep(c.handle.db, job, later, 3);
    }
    const done = (await inject('GET', `/api/v1/topics/${topic.id}`)).json<Topic>();
    const expected = refundCount([...COMMENTS, fresh]);
    expect(done.application).toMatchObject({ state: 'done', done: COMMENTS.length + 1, total: COMMENTS.length + 1 });
    expect(done.appliedCount).toBe(expected);
    expect(done.appliedAt).not.toBeNull();
    const tagged = (await inject('GET', `/api/v1/verbatims?topic=${topic.id}&limit=100`)).json<VerbatimSearchResult>();
    expect(tagged.counts.total).toBe(expected);
    expect(tagged.counts.topics).toEqual([{ id: topic.id, name: 'Refunds', count: expected }]);
    for (const v of tagged.items) expect(v.topics.map((t) => t.name)).toContain('Refunds');
    const audit = await c.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', topic.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['topic.create', 'topic.apply', 'topic.apply']);
  });

  it('keeps the rule when a change does not parse, and takes a deleted topic off every verbatim', async () => {
    expectError(await inject('PATCH', `/api/v1/topics/${topic.id}`, { query: 'refund NEAR/' }), 400, 'invalid_topic_query');
    expect((await inject('GET', `/api/v1/topics/${topic.id}`)).json<Topic>().query).toBe('refund');
    const renamed = await inject('PATCH', `/api/v1/topics/${topic.id}`, { name: 'Money back' });
    expect(renamed.json<Topic>().name).toBe('Money back');
    expect((await inject('DELETE', `/api/v1/topics/${topic.id}`)).statusCode).toBe(204);
    expectError(await inject('GET', `/api/v1/topics/${topic.id}`), 404, 'not_found');
    const left = await c.handle.db.selectFrom('verbatims').select('id').where('company_id', '=', co.company.id).where(sql<boolean>`${topic.id}::uuid = any(topics)`).execute();
    expect(left).toEqual([]);
  });

  it('hides one company’s topics from another', async () => {
    const other = await makeCompany(c.handle.db);
    const stranger = await signIn(c, 'admin', other.company.id);
    const mine = (await inject('POST', '/api/v1/topics', { name: 'Phone', query: 'phone' })).json<Topic>();
    expect((await inject('GET', '/api/v1/topics', undefined, stranger.headers)).json<{ topics: Topic[] }>().topics).toEqual([]);
    expectError(await inject('POST', `/api/v1/topics/${mine.id}/apply`, undefined, stranger.headers), 404, 'not_found');
  });
});
