import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { RESPONSES_ROW } from './keys.ts';

/**
 * The segment rollup (docs/decisions/0008-segment-rollups.md): per survey × question key × dimension
 * × value × unit × UTC day, n, sum, sum of squares and a histogram, as rollup_daily keeps per unit.
 * The live writer (responses/writer-sql.ts) and the recompute (refresh.ts) both aggregate with
 * segmentRowsOf, so the increments and a recompute are the same rows by construction.
 */

/** More values than this for a dimension in a survey and it is no longer rolled up there. */
export const MAX_SEGMENT_VALUES = 200;

/**
 * The dimensions of a response aliased `r` (with its version's number as r.version_number), as (dimension, value) rows:
 * the built-ins, then each captured attribute as `attr:<key>`. A null value is no value (the response
 * is in no group of that dimension), on raw reads too (analytics/raw.ts uses the same expressions).
 */
export const DIMENSION_VALUES = sql`(
  values ('language', r.language), ('channel', r.channel), ('audience', r.audience), ('version', r.version_number::text),
         ('touch_point', r.touch_point_id::text), ('account_owner', r.account_owner_id::text)
  union all select 'attr:' || a.key, a.value from jsonb_each_text(r.attributes) a
)`;

/**
 * The rollup_segments rows of the responses `source` yields, in primary-key order (concurrent writers
 * lock rows in one order). `source` has, per response aliased `r`: survey_id, unit_id, day, answers,
 * attributes, language, channel, audience, touch_point_id, account_owner_id, version_number and keys
 * (a jsonb array of the scale keys it counts). Dimensions overflowed in the
 * survey (rollup_segment_overflow) are left out.
 */
export function segmentRowsOf(source: RawBuilder<unknown>): RawBuilder<unknown> {
  // Answers first, grouped by everything that makes a segment, so that the dimensions fan out from
  // distinct tuples (a few per day and unit) rather than from every response, and no answers object
  // is copied per dimension.
  return sql`
    with src as (select * from ${source}),
    vals as (
      select r.survey_id, r.unit_id, r.day, r.language, r.channel, r.audience, r.version_number, r.touch_point_id, r.account_owner_id, r.attributes,
             k.key as question_id, (r.answers -> k.key #>> '{}')::double precision as v
      from src r cross join lateral jsonb_array_elements_text(r.keys) as k(key)
      where jsonb_typeof(r.answers -> k.key) = 'number'
      union all
      select r.survey_id, r.unit_id, r.day, r.language, r.channel, r.audience, r.version_number, r.touch_point_id, r.account_owner_id, r.attributes,
             ${RESPONSES_ROW}, null
      from src r
    ),
    tuples as (
      select survey_id, unit_id, day, language, channel, audience, version_number, touch_point_id, account_owner_id, attributes, question_id, v, count(*)::int as c
      from vals group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    ),
    by_value as (
      select r.survey_id, r.question_id, d.dimension, d.value, r.unit_id, r.day, r.v, sum(r.c)::int as c
      from tuples r cross join lateral ${DIMENSION_VALUES} as d(dimension, value)
      where d.value is not null
        and not exists (select 1 from rollup_segment_overflow o where o.survey_id = r.survey_id and o.dimension = d.dimension)
      group by 1, 2, 3, 4, 5, 6, 7
    )
    select survey_id, question_id, dimension, value, unit_id, day, sum(c)::int as n, coalesce(sum(v * c), 0) as sum, coalesce(sum(v * v * c), 0) as sum_sq,
           coalesce(jsonb_object_agg(v::text, c) filter (where v is not null), '{}'::jsonb) as counts
    from by_value group by 1, 2, 3, 4, 5, 6
    order by survey_id, question_id, dimension, value, unit_id, day`;
}

/** The update of an upsert into a rollup table aliased `r`: adds the excluded row's n, sums and histogram. */
export const ADD_EXCLUDED = sql`
  n = r.n + excluded.n,
  sum = r.sum + excluded.sum,
  sum_sq = r.sum_sq + excluded.sum_sq,
  counts = r.counts || coalesce(
    (select jsonb_object_agg(e.key, e.value::int + coalesce((r.counts ->> e.key)::int, 0)) from jsonb_each(excluded.counts) e),
    '{}'::jsonb
  ),
  refreshed_at = now()`;

/**
 * The upsert of the rows of the CTE `segrows` (segmentRowsOf) into rollup_segments, adding to rows
 * already there. `lock` is the writer's shared rollup lock join (or nothing), taken before any row.
 */
export function segmentUpsertOf(lock: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into rollup_segments as r (survey_id, question_id, dimension, value, unit_id, day, n, sum, sum_sq, counts)
    select s.survey_id, s.question_id, s.dimension, s.value, s.unit_id, s.day, s.n, s.sum, s.sum_sq, s.counts from segrows s ${lock}
    order by s.survey_id, s.question_id, s.dimension, s.value, s.unit_id, s.day
    on conflict (survey_id, question_id, dimension, value, unit_id, day) do update set
      ${ADD_EXCLUDED}`;
}

/**
 * The rollup_segment_months rows of day rows (survey_id, question_id, dimension, value, day, n, sum,
 * sum_sq, counts — per unit or not): their sums per calendar month over all units, in primary-key
 * order. The writer sums its batch's segment rows (the CTE `segrows`) with it, and a recompute the
 * stored daily rows of whole months, so a month row is always the sum of its days.
 */
export function monthRowsOf(days: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    with m as (select survey_id, question_id, dimension, value, date_trunc('month', day)::date as month, n, sum, sum_sq, counts from ${days}),
    totals as (
      select survey_id, question_id, dimension, value, month, sum(n)::int as n, sum(sum) as sum, sum(sum_sq) as sum_sq from m group by 1, 2, 3, 4, 5
    ),
    keyed as (
      select survey_id, question_id, dimension, value, month, e.k, sum(e.c::int)::int as c
      from m cross join lateral jsonb_each(m.counts) e(k, c) group by 1, 2, 3, 4, 5, 6
    ),
    hist as (select survey_id, question_id, dimension, value, month, jsonb_object_agg(k, c) as counts from keyed group by 1, 2, 3, 4, 5)
    select t.survey_id, t.question_id, t.dimension, t.value, t.month, t.n, t.sum, t.sum_sq, coalesce(h.counts, '{}'::jsonb) as counts
    from totals t left join hist h using (survey_id, question_id, dimension, value, month)
    order by t.survey_id, t.question_id, t.dimension, t.value, t.month`;
}

/** The upsert of the rows of the CTE `monthrows` (monthRowsOf) into rollup_segment_months, adding to rows already there. */
export function monthUpsertOf(lock: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into rollup_segment_months as r (survey_id, question_id, dimension, value, month, n, sum, sum_sq, counts)
    select s.survey_id, s.question_id, s.dimension, s.value, s.month, s.n, s.sum, s.sum_sq, s.counts from monthrows s ${lock}
    order by s.survey_id, s.question_id, s.dimension, s.value, s.month
    on conflict (survey_id, question_id, dimension, value, month) do update set
      ${ADD_EXCLUDED}`;
}

/**
 * Recomputes the month rows of one survey for the months from `fromDay`'s to `toDay`'s from its
 * daily rows: call after those days were recomputed, in the same transaction and lock.
 */
export async function refreshSegmentMonths(tx: Db, surveyId: string, fromDay: string, toDay: string): Promise<void> {
  const first = sql`date_trunc('month', ${fromDay}::date)::date`;
  const last = sql`date_trunc('month', ${toDay}::date)::date`;
  await sql`delete from rollup_segment_months where survey_id = ${surveyId} and month >= ${first} and month <= ${last}`.execute(tx);
  const days = sql`(select * from rollup_segments where survey_id = ${surveyId} and day >= ${first} and day < (${last} + interval '1 month')::date) as d`;
  await sql`
    insert into rollup_segment_months (survey_id, question_id, dimension, value, month, n, sum, sum_sq, counts)
    select survey_id, question_id, dimension, value, month, n, sum, sum_sq, counts from (${monthRowsOf(days)}) as m`.execute(tx);
}

/** Records the values of the CTE `segrows` in rollup_segment_values, returning one row per value new to its survey. */
export const SEGMENT_VALUES_INSERT = sql`
  insert into rollup_segment_values (survey_id, dimension, value)
  select distinct survey_id, dimension, value from segrows where question_id = ${RESPONSES_ROW}
  on conflict do nothing
  returning survey_id`;

/**
 * Keeps the bound once new values were recorded: marks any dimension of these surveys past
 * MAX_SEGMENT_VALUES as overflowed and drops its rows. Values only grow, so a check whenever new
 * values appear keeps every survey within the bound but for one batch's worth. Returns how many
 * dimensions it marked.
 */
export async function markOverflow(db: Db, surveyIds: readonly string[]): Promise<number> {
  const { rows } = await sql<{ survey_id: string; dimension: string }>`
    insert into rollup_segment_overflow (survey_id, dimension)
    select survey_id, dimension from rollup_segment_values where survey_id = any(${[...surveyIds]}::uuid[])
    group by 1, 2 having count(*) > ${MAX_SEGMENT_VALUES}
    on conflict do nothing
    returning survey_id, dimension`.execute(db);
  for (const o of rows) {
    await sql`delete from rollup_segments where survey_id = ${o.survey_id} and dimension = ${o.dimension}`.execute(db);
    await sql`delete from rollup_segment_months where survey_id = ${o.survey_id} and dimension = ${o.dimension}`.execute(db);
    await sql`delete from rollup_segment_values where survey_id = ${o.survey_id} and dimension = ${o.dimension}`.execute(db);
  }
  return rows.length;
}
