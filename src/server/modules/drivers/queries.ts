import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { responsesInScope, rollupSegmentsInScope, type DataScope } from '../../db/scope.ts';

/** Which responses of a survey an analysis reads: the reader's scope, then the filters (each optional). */
export interface ResponseSelection {
  surveyId: string;
  scope: DataScope;
  /** Inclusive days, YYYY-MM-DD (UTC). */
  from?: string | undefined;
  to?: string | undefined;
  channel?: string | undefined;
  language?: string | undefined;
  audience?: string | undefined;
}

const startOf = (day: string) => new Date(`${day}T00:00:00Z`);
const endOf = (day: string) => new Date(startOf(day).getTime() + 86_400_000);

/**
 * The answers under `keys` of each selected response, as stored text (numbers, "na", …), one array per
 * response in the order of the keys. Only those keys leave the database, not the whole answers object.
 */
export async function loadAnswerValues(db: Db, sel: ResponseSelection, keys: readonly string[]): Promise<(string | null)[][]> {
  if (keys.length === 0) return [];
  let q = db
    .selectFrom('responses as r')
    .select(sql<(string | null)[]>`array[${sql.join(keys.map((k) => sql`r.answers->>${k}`))}]`.as('v'))
    .where('r.survey_id', '=', sel.surveyId)
    .where(responsesInScope(sel.scope));
  if (sel.from) q = q.where('r.submitted_at', '>=', startOf(sel.from));
  if (sel.to) q = q.where('r.submitted_at', '<', endOf(sel.to));
  if (sel.channel) q = q.where('r.channel', '=', sel.channel);
  if (sel.language) q = q.where('r.language', '=', sel.language);
  if (sel.audience) q = q.where('r.audience', '=', sel.audience);
  const rows = await q.execute();
  return rows.map((r) => r.v);
}

export interface ItemMonth {
  key: string;
  /** YYYY-MM. */
  month: string;
  n: number;
  sum: number;
}

/** Per answer key and month, the number of answers and their sum, from the daily rollup (inclusive days). */
export async function loadItemMonths(db: Db, surveyId: string, keys: readonly string[], scope: DataScope, from: string, to: string): Promise<ItemMonth[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('rollup_daily as r')
    .select([
      'r.question_id as key',
      sql<string>`to_char(r.day, 'YYYY-MM')`.as('month'),
      sql<string>`sum(r.n)`.as('n'),
      sql<string>`sum(r.sum)`.as('sum'),
    ])
    .where('r.survey_id', '=', surveyId)
    .where('r.question_id', 'in', [...keys])
    .where(rollupSegmentsInScope(scope))
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy(['r.question_id', sql`to_char(r.day, 'YYYY-MM')`])
    .execute();
  return rows.map((r) => ({ key: r.key, month: r.month, n: Number(r.n), sum: Number(r.sum) }));
}

/** Item totals (answers and sum) per key over inclusive days, from the daily rollup. */
export async function loadItemTotals(db: Db, surveyId: string, keys: readonly string[], scope: DataScope, from: string, to: string): Promise<Map<string, { n: number; sum: number }>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('rollup_daily as r')
    .select(['r.question_id as key', sql<string>`sum(r.n)`.as('n'), sql<string>`sum(r.sum)`.as('sum')])
    .where('r.survey_id', '=', surveyId)
    .where('r.question_id', 'in', [...keys])
    .where(rollupSegmentsInScope(scope))
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy('r.question_id')
    .execute();
  return new Map(rows.map((r) => [r.key, { n: Number(r.n), sum: Number(r.sum) }]));
}

/** Names and stages of a company's touch points by key. */
export async function loadTouchPointNames(db: Db, companyId: string): Promise<Map<string, { name: string; stage: string }>> {
  const rows = await db.selectFrom('touch_points').select(['key', 'name', 'stage']).where('company_id', '=', companyId).execute();
  return new Map(rows.map((r) => [r.key, { name: r.name, stage: r.stage }]));
}
