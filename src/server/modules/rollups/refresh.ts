import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { RESPONSES_ROW } from './keys.ts';
import { lockRollupForRecompute } from './lock.ts';
import { markOverflow, refreshSegmentMonths, SEGMENT_VALUES_INSERT, segmentRowsOf, segmentUpsertOf } from './segments.ts';

export { RESPONSES_ROW };

/**
 * Recomputes the daily rollup of one survey for the UTC days from `fromDay` to `toDay` (inclusive)
 * from the raw responses. Rows come in two segments: '' for everyone, and 'unit:<id>' for each unit
 * that answered, so a reader scoped to part of the company adds up the units in scope. Per day and
 * segment there is one row per scale key (histogram of values, n, sum, sum of squares) and one '*' row
 * counting responses. Only `keys` are histogrammed (`loadRollupKeys`: the scale answers of every
 * version), so free numbers never blow up a histogram. The segment rollup (segments.ts) of the same
 * days is recomputed in the same transaction. Idempotent: a repeated job leaves the same rows.
 */
export async function refreshRollups(db: Db, surveyId: string, keys: readonly string[], fromDay: string, toDay: string = fromDay): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Live responses add themselves to these rows as they commit (responses/writer-sql.ts); not while we recompute.
    await lockRollupForRecompute(tx, surveyId);
    await tx
      .deleteFrom('rollup_daily')
      .where('survey_id', '=', surveyId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .execute();
    await sql`
      with day_responses as (
        select (r.submitted_at at time zone 'UTC')::date as day, r.unit_id, r.answers from responses r
        where r.survey_id = ${surveyId}
          and r.submitted_at >= ${fromDay}::date at time zone 'UTC'
          and r.submitted_at < (${toDay}::date + 1) at time zone 'UTC'
      ),
      values_by_unit as (
        select d.day, d.unit_id, a.key as question_id, (a.value #>> '{}')::double precision as v, count(*)::int as c
        from day_responses d cross join lateral jsonb_each(d.answers) a
        where a.key = any(${[...keys]}::text[]) and jsonb_typeof(a.value) = 'number'
        group by d.day, d.unit_id, a.key, v
      ),
      values_all as (
        select day, question_id, v, sum(c)::int as c from values_by_unit group by day, question_id, v
      )
      insert into rollup_daily (survey_id, question_id, day, segment, n, sum, sum_sq, counts)
      select ${surveyId}::uuid, question_id, day, '', sum(c)::int, sum(v * c), sum(v * v * c), jsonb_object_agg(v::text, c)
        from values_all group by day, question_id
      union all
      select ${surveyId}::uuid, question_id, day, 'unit:' || unit_id, sum(c)::int, sum(v * c), sum(v * v * c), jsonb_object_agg(v::text, c)
        from values_by_unit group by day, unit_id, question_id
      union all
      select ${surveyId}::uuid, ${RESPONSES_ROW}, day, '', count(*)::int, 0, 0, '{}'::jsonb
        from day_responses group by day
      union all
      select ${surveyId}::uuid, ${RESPONSES_ROW}, day, 'unit:' || unit_id, count(*)::int, 0, 0, '{}'::jsonb
        from day_responses group by day, unit_id
    `.execute(tx);
    await refreshSegments(tx, surveyId, keys, fromDay, toDay);
  });
}

/** The segment rollup's part of refreshRollups: call in its transaction, under its lock. */
async function refreshSegments(tx: Db, surveyId: string, keys: readonly string[], fromDay: string, toDay: string): Promise<void> {
  await tx.deleteFrom('rollup_segments').where('survey_id', '=', surveyId).where('day', '>=', fromDay).where('day', '<=', toDay).execute();
  const source = sql`(
    select r.survey_id, r.unit_id, (r.submitted_at at time zone 'UTC')::date as day, r.answers, r.attributes, r.language, r.channel, r.audience,
           r.touch_point_id, r.account_owner_id, v.number as version_number, ${JSON.stringify(keys)}::jsonb as keys
    from responses r join survey_versions v on v.id = r.version_id
    where r.survey_id = ${surveyId}
      and r.submitted_at >= ${fromDay}::date at time zone 'UTC'
      and r.submitted_at < (${toDay}::date + 1) at time zone 'UTC'
  ) as r`;
  const { rows } = await sql<{ new_values: number }>`
    with segrows as (${segmentRowsOf(source)}),
    seg_up as (${segmentUpsertOf(sql``)}),
    seg_values as (${SEGMENT_VALUES_INSERT})
    select count(*)::int as new_values from seg_values`.execute(tx);
  if ((rows[0]?.new_values ?? 0) > 0) await markOverflow(tx, [surveyId]);
  await refreshSegmentMonths(tx, surveyId, fromDay, toDay);
}
