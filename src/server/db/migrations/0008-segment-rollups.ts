import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Segment rollups (docs/decisions/0008-segment-rollups.md): per survey × question key × dimension ×
 * value × unit × UTC day, the n, sum, sum of squares and histogram of the answers — one row per
 * dimension a response has a value in, so "NPS by market × month" reads a few rows per day.
 *
 * A response keeps what it was at the time it was given: the survey's touch point and its account's
 * owner are copied onto it when stored, so a later move of either changes neither the raw answer nor
 * its rollup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table responses add column touch_point_id uuid references touch_points(id)`.execute(db);
  await sql`alter table responses add column account_owner_id uuid references users(id)`.execute(db);
  await sql`
    create table rollup_segments (
      survey_id uuid not null references surveys(id),
      question_id text not null,
      dimension text not null,
      value text not null,
      unit_id uuid not null references units(id),
      day date not null,
      n integer not null,
      sum double precision not null,
      sum_sq double precision not null,
      counts jsonb not null,
      refreshed_at timestamptz not null default now(),
      primary key (survey_id, question_id, dimension, value, unit_id, day)
    )`.execute(db);
  await sql`
    -- Every value each dimension has taken in a survey: the explorer's lists, and the cardinality bound.
    create table rollup_segment_values (
      survey_id uuid not null references surveys(id),
      dimension text not null,
      value text not null,
      primary key (survey_id, dimension, value)
    )`.execute(db);
  await sql`
    -- Dimensions that took too many values in a survey: no longer rolled up there; queries read responses.
    create table rollup_segment_overflow (
      survey_id uuid not null references surveys(id),
      dimension text not null,
      at timestamptz not null default now(),
      primary key (survey_id, dimension)
    )`.execute(db);

  // Existing responses: their touch point and owner as they are now (the best there is), then their rollup.
  await sql`update responses r set touch_point_id = s.touch_point_id from surveys s where s.id = r.survey_id and s.touch_point_id is not null`.execute(db);
  await sql`update responses r set account_owner_id = a.owner_user_id from accounts a where a.id = r.account_id and a.owner_user_id is not null`.execute(db);
  await sql`
    with dims as (
      select r.survey_id, r.unit_id, (r.submitted_at at time zone 'UTC')::date as day, r.answers, d.dimension, d.value
      from responses r join survey_versions v on v.id = r.version_id
      cross join lateral (
        values ('language', r.language), ('channel', r.channel), ('audience', r.audience), ('version', v.number::text),
               ('touch_point', r.touch_point_id::text), ('account_owner', r.account_owner_id::text)
        union all select 'attr:' || a.key, a.value from jsonb_each_text(r.attributes) a
      ) as d(dimension, value)
      where d.value is not null
    ),
    vals as (
      select d.survey_id, k.question_id, d.dimension, d.value, d.unit_id, d.day, (d.answers -> k.question_id #>> '{}')::double precision as v
      from dims d join (select distinct survey_id, question_id from rollup_daily where question_id <> '*') k on k.survey_id = d.survey_id
      where jsonb_typeof(d.answers -> k.question_id) = 'number'
    ),
    by_value as (
      select survey_id, question_id, dimension, value, unit_id, day, v, count(*)::int as c from vals group by 1, 2, 3, 4, 5, 6, 7
    )
    insert into rollup_segments (survey_id, question_id, dimension, value, unit_id, day, n, sum, sum_sq, counts)
    select survey_id, question_id, dimension, value, unit_id, day, sum(c)::int, sum(v * c), sum(v * v * c), jsonb_object_agg(v::text, c)
      from by_value group by 1, 2, 3, 4, 5, 6
    union all
    select survey_id, '*', dimension, value, unit_id, day, count(*)::int, 0, 0, '{}'::jsonb from dims group by 1, 3, 4, 5, 6
  `.execute(db);
  await sql`insert into rollup_segment_values (survey_id, dimension, value) select distinct survey_id, dimension, value from rollup_segments where question_id = '*'`.execute(db);
  // The bound (200 values) as the application keeps it: an overflowing dimension's rows go.
  await sql`
    insert into rollup_segment_overflow (survey_id, dimension)
    select survey_id, dimension from rollup_segment_values group by 1, 2 having count(*) > 200`.execute(db);
  await sql`delete from rollup_segments r using rollup_segment_overflow o where o.survey_id = r.survey_id and o.dimension = r.dimension`.execute(db);
  await sql`delete from rollup_segment_values r using rollup_segment_overflow o where o.survey_id = r.survey_id and o.dimension = r.dimension`.execute(db);
}
