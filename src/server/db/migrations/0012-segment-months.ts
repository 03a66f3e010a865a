import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * The segment rollup by month for all units (docs/decisions/0012-segment-months.md): per survey ×
 * question key × dimension × value × calendar month (UTC), the sums of the daily, per-unit rows of
 * rollup_segments. An unscoped "NPS by market × month" reads one row per value and month instead of
 * one per value, unit and day (1,800 rows instead of 142,000 at a million responses).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rollup_segment_months (
      survey_id uuid not null references surveys(id),
      question_id text not null,
      dimension text not null,
      value text not null,
      month date not null,
      n integer not null,
      sum double precision not null,
      sum_sq double precision not null,
      counts jsonb not null,
      refreshed_at timestamptz not null default now(),
      primary key (survey_id, question_id, dimension, value, month)
    )`.execute(db);
  // Existing rows: the months of the daily rows there are, one survey at a time (a bounded statement each).
  const { rows } = await sql<{ survey_id: string }>`select distinct survey_id from rollup_segments`.execute(db);
  for (const { survey_id } of rows) {
    await sql`
      with m as (
        select question_id, dimension, value, date_trunc('month', day)::date as month, n, sum, sum_sq, counts
        from rollup_segments where survey_id = ${survey_id}
      ),
      totals as (
        select question_id, dimension, value, month, sum(n)::int as n, sum(sum) as sum, sum(sum_sq) as sum_sq from m group by 1, 2, 3, 4
      ),
      keyed as (
        select question_id, dimension, value, month, e.k, sum(e.c::int)::int as c
        from m cross join lateral jsonb_each(m.counts) e(k, c) group by 1, 2, 3, 4, 5
      ),
      hist as (
        select question_id, dimension, value, month, jsonb_object_agg(k, c) as counts from keyed group by 1, 2, 3, 4
      )
      insert into rollup_segment_months (survey_id, question_id, dimension, value, month, n, sum, sum_sq, counts)
      select ${survey_id}::uuid, t.question_id, t.dimension, t.value, t.month, t.n, t.sum, t.sum_sq, coalesce(h.counts, '{}'::jsonb)
      from totals t left join hist h using (question_id, dimension, value, month)`.execute(db);
  }
}
