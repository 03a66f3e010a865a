import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import type { Verbatim, VerbatimSearchResult } from '../../src/contract/verbatims.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { indexFeedbackItem } from '../../src/server/modules/verbatims/service.ts';
import { CASE_SURVEY } from '../support/cases.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { bearer, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * The explorer through the public surface: a submitted comment becomes a verbatim once the text
 * worker ticks; search finds it with the matched words' offsets; the filters narrow; a manager sees
 * their units only; employee comments stay apart unless asked for; feedback items join the search.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let key: Headers;
let survey: SurveyDetail;
const clock = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  key = await bearer(c, 'admin', co.company.id);
  survey = await liveSurvey(c, admin, { title: 'After delivery', unitId: co.company.id, definition: CASE_SURVEY });
});
afterAll(async () => c?.stop());

async function submit(s: SurveyDetail, answers: Record<string, string | number>, opts: { unitId?: string; at?: string; attributes?: Record<string, string>; status?: 'complete' | 'partial' } = {}): Promise<string> {
  const res = await c.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${s.slug}/responses`,
    headers: key,
    payload: { answers, unitId: opts.unitId ?? co.banking.id, submittedAt: opts.at ?? '2026-11-10T09:00:00Z', attributes: opts.attributes ?? {}, status: opts.status ?? 'complete' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const search = async (query: string, headers: Headers = admin): Promise<VerbatimSearchResult> => {
  const res = await c.app.inject({ url: `/api/v1/verbatims?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const marked = (v: Verbatim) => v.highlights.map((h) => v.text.slice(h.start, h.end));

describe('indexing survey comments', () => {
  it('turns a written answer into one verbatim with its score band and unit, once, and empties the inbox', async () => {
    const id = await submit(survey, { nps: 3, topic: 'billing', comment: 'The invoice was wrong twice. Support was friendly though.' }, { unitId: co.bankingEmea.id });
    expect(await c.handle.db.selectFrom('text_inbox').select('response_id').where('response_id', '=', id).execute()).toHaveLength(1);
    expect((await c.texts!.tick()).indexed).toBeGreaterThanOrEqual(1);
    const rows = await c.handle.db.selectFrom('verbatims').selectAll().where('response_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'comment', question_key: 'comment', score: 3, score_band: 'detractor', unit_id: co.bankingEmea.id, unit_path: expect.stringContaining(co.banking.id), survey_kind: survey.kind });
    expect(rows[0]?.sentences.length).toBeGreaterThanOrEqual(1);
    expect(await c.handle.db.selectFrom('text_inbox').select('response_id').where('response_id', '=', id).execute()).toEqual([]);
    // Indexed again (a worker that died after its commit): still one row.
    await c.handle.db.insertInto('text_inbox').values({ response_id: id }).execute();
    await c.texts!.tick();
    expect(await c.handle.db.selectFrom('verbatims').select('id').where('response_id', '=', id).execute()).toHaveLength(1);
  });

  it('analyses imported responses’ comments too', async () => {
    // A company of its own, so the explorer's counts below stay those of the comments they submit.
    const other = await makeCompany(c.handle.db);
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const otherSurvey = await liveSurvey(c, otherAdmin, { title: 'Imported history', unitId: other.company.id, definition: CASE_SURVEY });
    const live = await findLiveSurvey(c.services, otherSurvey.slug);
    await importResponses(c.services, live, [
      { answers: { nps: 4, comment: 'Imported: the statement was late again' }, submittedAt: new Date('2026-10-01T09:00:00Z'), unitId: other.insurance.id },
      { answers: { nps: 10 }, submittedAt: new Date('2026-10-02T09:00:00Z'), unitId: other.insurance.id },
    ]);
    await c.texts!.tick();
    const rows = await c.handle.db.selectFrom('verbatims').select(['text', 'score_band']).where('company_id', '=', other.company.id).execute();
    expect(rows).toEqual([{ text: 'Imported: the statement was late again', score_band: 'detractor' }]);
  });

  it('indexes a partial response’s comment, and writes nothing for a response without words', async () => {
    const partial = await submit(survey, { comment: 'Stopped half way, the form kept resetting' }, { status: 'partial' });
    const silent = await submit(survey, { nps: 10, topic: 'delivery' });
    await c.texts!.tick();
    expect(await c.handle.db.selectFrom('verbatims').select('kind').where('response_id', '=', partial).execute()).toEqual([{ kind: 'comment' }]);
    expect(await c.handle.db.selectFrom('verbatims').select('id').where('response_id', '=', silent).execute()).toEqual([]);
    expect(await c.handle.db.selectFrom('text_inbox').select('response_id').where('response_id', 'in', [partial, silent]).execute()).toEqual([]);
  });
});

describe('search', () => {
  let markup: string;
  beforeAll(async () => {
    markup = await submit(survey, { nps: 2, comment: '<script>alert(1)</script> Invoicing is a mess: invoices arrive late.' }, { attributes: { plan: 'enterprise' } });
    await submit(survey, { nps: 9, comment: 'Quick delivery and a friendly driver.' }, { unitId: co.insurance.id, attributes: { plan: 'basic' } });
    await c.texts!.tick();
  });

  it('finds the words in their forms and gives the offsets of exactly the matched words, never HTML', async () => {
    const found = await search('q=invoice');
    const item = found.items.find((v) => v.responseId === markup);
    expect(item?.text).toBe('<script>alert(1)</script> Invoicing is a mess: invoices arrive late.');
    expect(marked(item!)).toEqual(['Invoicing', 'invoices']);
    for (const v of found.items) expect(v.text.toLowerCase()).toContain('invoic');
    expect(found.counts.total).toBe(found.items.length);
    // A negated word is not marked.
    const negated = await search(`q=${encodeURIComponent('invoices -late')}`);
    expect(negated.items.find((v) => v.responseId === markup)).toBeUndefined();
    const phrase = await search(`q=${encodeURIComponent('"arrive late" -driver')}`);
    expect(marked(phrase.items.find((v) => v.responseId === markup)!)).toEqual(['arrive', 'late']);
  });

  it('narrows by score band, segment, unit, date and sentiment, with counts for the whole filter', async () => {
    const detractors = await search('band=detractor');
    expect(detractors.items.length).toBeGreaterThan(0);
    for (const v of detractors.items) expect(v.scoreBand).toBe('detractor');
    const enterprise = await search('segment=plan:enterprise');
    expect(enterprise.items.map((v) => v.responseId)).toEqual([markup]);
    const insurance = await search(`unitId=${co.insurance.id}`);
    expect(insurance.items.map((v) => v.unit.id)).toEqual([co.insurance.id]);
    expect((await search('from=2026-11-11')).items).toEqual([]);
    expect((await search('to=2026-11-10')).counts.total).toBe((await search('')).counts.total);
    const all = await search('');
    const negative = await search('sentiment=negative');
    expect(negative.counts.total).toBe(all.counts.sentiment.negative);
    for (const v of negative.items) expect(v.sentimentLabel).toBe('negative');
    expect(all.counts.sentiment.negative + all.counts.sentiment.neutral + all.counts.sentiment.positive).toBe(all.counts.total);
  });

  it('pages by keyset without gaps or repeats', async () => {
    const all = await search('limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: VerbatimSearchResult = await search(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((v) => v.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((v) => v.id));
    expectValidation(await c.app.inject({ url: '/api/v1/verbatims?cursor=bm9wZQ', headers: admin }), 'cursor');
    expectValidation(await c.app.inject({ url: '/api/v1/verbatims?sentiment=furious', headers: admin }), 'sentiment.0');
  });

  it('shows a manager only their units: another market’s verbatim and unit are 404', async () => {
    const manager = await signIn(c, 'manager', co.insurance.id);
    const mine = await search('', manager.headers);
    expect(mine.items.length).toBeGreaterThan(0);
    for (const v of mine.items) expect(v.unit.id).toBe(co.insurance.id);
    const banking = (await search(`unitId=${co.banking.id}`)).items[0]!;
    expectError(await c.app.inject({ url: `/api/v1/verbatims/${banking.id}`, headers: manager.headers }), 404, 'not_found');
    expectError(await c.app.inject({ url: `/api/v1/verbatims?unitId=${co.banking.id}`, headers: manager.headers }), 404, 'not_found');
    expectError(await c.app.inject({ url: '/api/v1/verbatims', headers: (await signIn(c, 'viewer', co.company.id)).headers }), 403, 'forbidden');
    // Another company sees none of it.
    const other = await makeCompany(c.handle.db);
    const stranger = await signIn(c, 'admin', other.company.id);
    expect((await search('', stranger.headers)).counts.total).toBe(0);
    expectError(await c.app.inject({ url: `/api/v1/verbatims/${banking.id}`, headers: stranger.headers }), 404, 'not_found');
  });

  it('keeps employee comments apart unless asked for by kind', async () => {
    const pulse = await liveSurvey(c, admin, { title: 'Engagement pulse', kind: 'employee', unitId: co.company.id, definition: CASE_SURVEY });
    const id = await submit(pulse, { nps: 4, comment: 'Our invoicing tool is a daily pain' });
    await c.texts!.tick();
    expect((await search('q=invoicing')).items.map((v) => v.responseId)).not.toContain(id);
    const employee = await search('kind=employee_comment');
    expect(employee.items.map((v) => [v.responseId, v.kind])).toEqual([[id, 'employee_comment']]);
  });

  it('searches feedback items beside comments, by kind', async () => {
    const item = await c.handle.db
      .insertInto('feedback_items')
      .values({ company_id: co.company.id, kind: 'interview', title: 'Quarterly review', body: 'The CFO said invoices reach the wrong department.', author: 'Dana Reyes', occurred_at: new Date('2026-11-05T12:00:00Z'), unit_id: co.banking.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await c.handle.db.transaction().execute((tx) => indexFeedbackItem(tx, { id: item.id, companyId: co.company.id }, clock));
    const found = await search('q=invoice&kind=interview');
    expect(found.items.map((v) => [v.kind, v.feedbackItem?.author])).toEqual([['interview', 'Dana Reyes']]);
    expect(marked(found.items[0]!)).toEqual(['invoices']);
    expect((await search('q=invoice')).items.map((v) => v.feedbackItem?.id ?? null)).toContain(item.id);
    // Changed and indexed again: one row, the new words.
    await c.handle.db.updateTable('feedback_items').set({ body: 'Now the statements are fine.' }).where('id', '=', item.id).execute();
    await c.handle.db.transaction().execute((tx) => indexFeedbackItem(tx, { id: item.id, companyId: co.company.id }, clock));
    expect((await search('q=invoice&kind=interview')).items).toEqual([]);
    expect(await c.handle.db.selectFrom('verbatims').select('id').where('feedback_item_id', '=', item.id).execute()).toHaveLength(1);
  });
});
