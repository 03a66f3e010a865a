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
  return sql`
    with dims as (
      select r.survey_id, r.unit_id, r.day, r.answers, r.keys, d.dimension, d.value
      from ${source} cross join lateral ${DIMENSION_VALUES} as d(dimension, value)
      where d.value is not null
        and not exists (select 1 from rollup_segment_overflow o where o.survey_id = r.survey_id and o.dimension = d.dimension)
    ),
    by_value as (
      select d.survey_id, k.key as question_id, d.dimension, d.value, d.unit_id, d.day, (d.answers -> k.key #>> '{}')::double precision as v, count(*)::int as c
      from dims d cross join lateral jsonb_array_elements_text(d.keys) as k(key)
      where jsonb_typeof(d.answers -> k.key) = 'number'
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    seg as (
      select survey_id, question_id, dimension, value, unit_id, day, sum(c)::int as n, sum(v * c) as sum, sum(v * v * c) as sum_sq, jsonb_object_agg(v::text, c) as counts
        from by_value group by 1, 2, 3, 4, 5, 6
      union all
      select survey_id, ${RESPONSES_ROW}, dimension, value, unit_id, day, count(*)::int, 0, 0, '{}'::jsonb from dims group by 1, 3, 4, 5, 6
    )
    select * from seg order by survey_id, question_id, dimension, value, unit_id, day`;
}

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
      n = r.n + excluded.n,
      sum = r.sum + excluded.sum,
      sum_sq = r.sum_sq + excluded.sum_sq,
      counts = r.counts || coalesce(
        (select jsonb_object_agg(e.key, e.value::int + coalesce((r.counts ->> e.key)::int, 0)) from jsonb_each(excluded.counts) e),
        '{}'::jsonb
      ),
      refreshed_at = now()`;
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
    await sql`delete from rollup_segment_values where survey_id = ${o.survey_id} and dimension = ${o.dimension}`.execute(db);
  }
  return rows.length;
}
