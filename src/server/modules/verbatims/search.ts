import { sql } from 'kysely';
import type { Verbatim, VerbatimCounts, VerbatimFilter, VerbatimSearchQuery, VerbatimSearchResult } from '../../../contract/verbatims.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { filterCondition } from './filters.ts';
import { highlightsOf } from './highlight.ts';
import { presentVerbatim, type VerbatimRow } from './presenter.ts';

/**
 * The explorer's search: newest first with keyset pages (occurred_at, id), the highlights of the
 * search words, and the counts by sentiment, theme and topic of the whole filter.
 */

interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, 'utf8').toString('base64url');
}

function decodeCursor(s: string): Cursor {
  const [at, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new ValidationError('The cursor is not one this API gave', [{ path: 'cursor', message: 'Pass the nextCursor of the previous page, or leave it out for the first page' }]);
  }
  return { at, id };
}

/** The verbatim columns with the names a presenter needs. */
export function selectVerbatims(db: Db) {
  return db
    .selectFrom('verbatims as v')
    .innerJoin('units as u', 'u.id', 'v.unit_id')
    .leftJoin('accounts as a', 'a.id', 'v.account_id')
    .leftJoin('touch_points as tp', 'tp.id', 'v.touch_point_id')
    .leftJoin('surveys as s', 's.id', 'v.survey_id')
    .leftJoin('feedback_items as f', 'f.id', 'v.feedback_item_id')
    .select([
      'v.id', 'v.kind', 'v.survey_kind', 'v.text', 'v.occurred_at', 'v.sentiment', 'v.sentiment_label', 'v.sentences', 'v.themes', 'v.topics', 'v.score', 'v.score_band',
      'v.unit_id', 'u.name as unit_name', 'v.account_id', 'a.name as account_name', 'v.touch_point_id', 'tp.name as touch_point_name', 'v.survey_id', 's.title as survey_title',
      'v.response_id', 'v.question_key', 'v.feedback_item_id', 'f.title as feedback_title', 'f.author as feedback_author', 'v.unit_path', 'v.company_id',
    ]);
}

/** Theme and topic names of the company, for presenting. */
export async function namesOf(db: Db, companyId: string): Promise<{ themes: Map<string, string>; topics: Map<string, string> }> {
  const [themes, topics] = await Promise.all([
    db.selectFrom('themes').select(['key', 'name']).where('company_id', '=', companyId).execute(),
    db.selectFrom('topics').select(['id', 'name']).where('company_id', '=', companyId).execute(),
  ]);
  return { themes: new Map(themes.map((t) => [t.key, t.name])), topics: new Map(topics.map((t) => [t.id, t.name])) };
}

export async function searchVerbatims(svc: Services, actor: Actor, query: VerbatimSearchQuery): Promise<VerbatimSearchResult> {
  authorize(actor, 'responses.read');
  const where = await filterCondition(svc.db, actor, query);
  let page = selectVerbatims(svc.db).where(where).orderBy('v.occurred_at', 'desc').orderBy('v.id', 'desc').limit(query.limit + 1);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    page = page.where(sql<boolean>`(v.occurred_at, v.id) < (${new Date(c.at)}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = (await page.execute()) as VerbatimRow[];
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const companyId = companyIdOf(actor.unitPath);
  const [names, highlights, counts] = await Promise.all([
    namesOf(svc.db, companyId),
    highlightsOf(svc.db, query.q ?? '', items.map((r) => r.id)),
    countVerbatims(svc.db, actor, query),
  ]);
  const last = items.at(-1);
  return {
    items: items.map((r) => presentVerbatim(r, names, highlights.get(r.id) ?? [])),
    nextCursor: more && last ? encodeCursor({ at: new Date(last.occurred_at).toISOString(), id: last.id }) : null,
    counts: withNames(counts, names),
  };
}

interface RawCounts {
  total: number;
  sentiment: VerbatimCounts['sentiment'];
  themes: { key: string; count: number }[];
  topics: { id: string; count: number }[];
}

/** Counts by sentiment, theme and topic under a filter. */
export async function countVerbatims(db: Db, actor: Actor, filter: Partial<VerbatimFilter>): Promise<RawCounts> {
  const where = await filterCondition(db, actor, filter);
  const [totals, themes, topics] = await Promise.all([
    sql<{ total: number; negative: number; neutral: number; positive: number }>`
      select count(*)::int as total,
             count(*) filter (where v.sentiment_label = 'negative')::int as negative,
             count(*) filter (where v.sentiment_label = 'neutral')::int as neutral,
             count(*) filter (where v.sentiment_label = 'positive')::int as positive
        from verbatims v where ${where}`.execute(db),
    sql<{ key: string; count: number }>`
      select t.key, count(*)::int as count from verbatims v cross join lateral unnest(v.themes) as t(key)
       where ${where} group by t.key order by count(*) desc, t.key`.execute(db),
    sql<{ id: string; count: number }>`
      select t.id::text as id, count(*)::int as count from verbatims v cross join lateral unnest(v.topics) as t(id)
       where ${where} group by t.id order by count(*) desc, t.id`.execute(db),
  ]);
  const t = totals.rows[0] ?? { total: 0, negative: 0, neutral: 0, positive: 0 };
  return { total: t.total, sentiment: { negative: t.negative, neutral: t.neutral, positive: t.positive }, themes: themes.rows, topics: topics.rows };
}

function withNames(c: RawCounts, names: { themes: Map<string, string>; topics: Map<string, string> }): VerbatimCounts {
  return {
    total: c.total,
    sentiment: c.sentiment,
    // A theme or topic no longer defined (rediscovered away, deleted) is left out until re-applied.
    themes: c.themes.flatMap((x) => (names.themes.has(x.key) ? [{ key: x.key, name: names.themes.get(x.key) ?? x.key, count: x.count }] : [])),
    topics: c.topics.flatMap((x) => (names.topics.has(x.id) ? [{ id: x.id, name: names.topics.get(x.id) ?? x.id, count: x.count }] : [])),
  };
}

/** One verbatim the actor may see; 404 otherwise (another company, a unit outside their scope). */
export async function getVerbatim(svc: Services, actor: Actor, id: string): Promise<Verbatim> {
  authorize(actor, 'responses.read');
  const row = (await selectVerbatims(svc.db)
    .where('v.id', '=', id)
    .where('v.company_id', '=', companyIdOf(actor.unitPath))
    .where('v.unit_path', 'like', `${actor.unitPath}%`)
    .executeTakeFirst()) as VerbatimRow | undefined;
  if (!row) throw new NotFoundError('The verbatim');
  return presentVerbatim(row, await namesOf(svc.db, row.company_id), []);
}
