import { sql } from 'kysely';
import { mergeHistograms } from '../../../core/nps.ts';
import type { Db } from '../../db/connect.ts';
import { responsesInScope, rollupSegmentsInScope, type DataScope } from '../../db/scope.ts';

export interface DayHistogram {
  day: string;
  counts: Record<string, number>;
}

/** Daily histograms of one question from the rollup, oldest first (one row per unit when scoped). */
export async function loadDailyHistograms(
  db: Db,
  surveyId: string,
  questionId: string,
  fromDay: string | null,
  scope: DataScope,
): Promise<DayHistogram[]> {
  let q = db
    .selectFrom('rollup_daily as r')
    .select(['r.day', 'r.counts'])
    .where('r.survey_id', '=', surveyId)
    .where('r.question_id', '=', questionId)
    .where(rollupSegmentsInScope(scope));
  if (fromDay) q = q.where('r.day', '>=', fromDay);
  return q.orderBy('r.day').execute();
}

/** The histogram of each of a survey's keys over days (inclusive; open when null), added up from the rollup in one query. */
export async function loadHistogramsByKey(
  db: Db,
  surveyId: string,
  keys: readonly string[],
  fromDay: string | null,
  scope: DataScope,
  toDay: string | null = null,
): Promise<Map<string, Record<string, number>>> {
  const byKey = new Map<string, Record<string, number>[]>();
  if (keys.length === 0) return new Map();
  let q = db
    .selectFrom('rollup_daily as r')
    .select(['r.question_id', 'r.counts'])
    .where('r.survey_id', '=', surveyId)
    .where('r.question_id', 'in', [...keys])
    .where(rollupSegmentsInScope(scope));
  if (fromDay) q = q.where('r.day', '>=', fromDay);
  if (toDay) q = q.where('r.day', '<=', toDay);
  for (const row of await q.execute()) byKey.set(row.question_id, [...(byKey.get(row.question_id) ?? []), row.counts]);
  return new Map([...byKey].map(([key, hs]) => [key, mergeHistograms(hs)]));
}

/** Responses to a survey between two days (inclusive start, exclusive end), from the rollup. */
export async function countResponsesBetween(db: Db, surveyId: string, scope: DataScope, fromDay: string, toDay: string): Promise<number> {
  const row = await db
    .selectFrom('rollup_daily as r')
    .select(sql<number>`coalesce(sum(r.n), 0)::int`.as('n'))
    .where('r.survey_id', '=', surveyId)
    .where('r.question_id', '=', '*')
    .where(rollupSegmentsInScope(scope))
    .where('r.day', '>=', fromDay)
    .where('r.day', '<', toDay)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface CommentRow {
  id: string;
  submitted_at: Date;
  text: string;
  score: string | null;
}

/** The latest non-empty answers to a text question, newest first. */
export async function loadLatestComments(
  db: Db,
  q: { surveyId: string; commentId: string; scoreId: string | null; fromDay: string | null; scope: DataScope; limit: number },
): Promise<CommentRow[]> {
  let query = db
    .selectFrom('responses as r')
    .select([
      'r.id',
      'r.submitted_at',
      sql<string>`r.answers->>${q.commentId}`.as('text'),
      (q.scoreId === null ? sql<string | null>`null` : sql<string | null>`r.answers->>${q.scoreId}`).as('score'),
    ])
    .where('r.survey_id', '=', q.surveyId)
    .where(sql<boolean>`coalesce(r.answers->>${q.commentId}, '') <> ''`)
    .where(responsesInScope(q.scope));
  if (q.fromDay) query = query.where('r.submitted_at', '>=', new Date(`${q.fromDay}T00:00:00Z`));
  return query.orderBy('r.submitted_at', 'desc').limit(q.limit).execute();
}
