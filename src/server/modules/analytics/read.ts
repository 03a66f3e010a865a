import { sql, type RawBuilder } from 'kysely';
import type { Interval } from '../../../contract/analytics.ts';
import { addDays, monthStartFrom } from '../../../core/dates.ts';
import type { Db } from '../../db/connect.ts';
import type { DataScope } from '../../db/scope.ts';

/**
 * The two ways the explorer reads answers, giving the same rows: per period × group × cross value ×
 * answer value, a count. From the rollups (rollup_daily, or rollup_segments for one dimension) or
 * from the raw responses. A histogram's keys are answer values as float8::text on both, as the
 * rollups store them, so both paths hand the same histograms to the metrics.
 */

export interface HistogramRow {
  period: string | null;
  g: string | null;
  x: string | null;
  v: string;
  c: number;
}

/** One survey to read: the answer key of its question, and which of its responses the viewer sees. */
export interface SurveyRead {
  surveyId: string;
  key: string;
  scope: DataScope;
}

export interface ReadSpec {
  surveys: readonly SurveyRead[];
  interval: Interval | null;
  from: string | null;
  to: string | null;
  groupBy: string | null;
  crossBy: string | null;
  /** Per dimension, the values kept (already intersected when a dimension is filtered twice). */
  filters: ReadonlyMap<string, readonly string[]>;
  /** The question's scale: its whole values are the histogram's keys. */
  scale: { min: number; max: number };
}

const periodOf = (interval: Interval | null, day: RawBuilder<unknown>) =>
  interval === null ? sql<string | null>`null::text` : interval === 'day' ? sql<string>`${day}::text` : sql<string>`date_trunc(${interval}, ${day}::timestamp)::date::text`;

/** Units under a scope, for rows keyed by unit id. */
const unitInScope = (scope: DataScope, column: RawBuilder<unknown>) =>
  scope.all ? sql<boolean>`true` : sql<boolean>`${column} in (select x.id from units x where x.path like ${`${scope.unitPath}%`})`;

/** `(survey = a and key = … and scope a) or (…)` over the surveys read. */
const surveysWhere = (surveys: readonly SurveyRead[], keyColumn: RawBuilder<unknown>, scopeOf: (s: SurveyRead) => RawBuilder<boolean>) =>
  sql.join(
    surveys.map((s) => sql`(r.survey_id = ${s.surveyId} and ${keyColumn} = ${s.key} and ${scopeOf(s)})`),
    sql` or `,
  );

/**
 * Reads from rollup_daily when no dimension is used, or rollup_segments when exactly one is. Scale
 * answers are whole numbers of the scale, so each histogram key is summed on its own (`counts->>'7'`),
 * which is several times faster than expanding every histogram; should any row hold another key (its
 * counts then fall short of its n), the read expands the histograms instead.
 */
export async function readRollup(db: Db, spec: ReadSpec): Promise<HistogramRow[]> {
  const dims = new Set([spec.groupBy, spec.crossBy, ...spec.filters.keys()].filter((d): d is string => d !== null));
  if (dims.size > 1) throw new Error('the segment rollup answers one dimension at a time');
  const [dimension] = [...dims];
  const buckets = Array.from({ length: Math.max(0, spec.scale.max - spec.scale.min + 1) }, (_, i) => String(spec.scale.min + i));
  const summed = buckets.length > 0 && buckets.length <= 101 ? await readBuckets(db, spec, dimension, buckets) : null;
  return summed ?? readExpanded(db, spec, dimension);
}

/** The FROM and WHERE of a rollup read: rollup_daily without a dimension, rollup_segments with one. */
function rollupSource(spec: ReadSpec, dimension: string | undefined) {
  const range = sql`${spec.from === null ? sql`true` : sql`r.day >= ${spec.from}::date`} and ${spec.to === null ? sql`true` : sql`r.day <= ${spec.to}::date`}`;
  if (dimension === undefined) {
    // Per-unit rows when scoped, the '' row when not (as the dashboards read it).
    const scopeOf = (s: SurveyRead) =>
      s.scope.all ? sql<boolean>`r.segment = ''` : sql<boolean>`r.segment in (select 'unit:' || x.id from units x where x.path like ${`${s.scope.unitPath}%`})`;
    return { from: sql`rollup_daily r`, where: sql`(${surveysWhere(spec.surveys, sql`r.question_id`, scopeOf)}) and ${range}`, value: sql`null::text` };
  }
  const kept = spec.filters.get(dimension);
  const segment = sql`r.dimension = ${dimension} ${kept === undefined ? sql`` : sql`and r.value = any(${[...kept]}::text[])`}`;
  const days = {
    from: sql`rollup_segments r`,
    where: sql`(${surveysWhere(spec.surveys, sql`r.question_id`, (s) => unitInScope(s.scope, sql`r.unit_id`))}) and ${segment} and ${range}`,
    value: sql`r.value`,
  };
  const months = monthGrainOf(spec);
  if (months === null) return days;
  // Whole months from rollup_segment_months (all units), the days of partial months at either end from rollup_segments.
  const inMonths = sql`${months.first === null ? sql`true` : sql`r.month >= ${months.first}::date`} and ${months.last === null ? sql`true` : sql`r.month <= ${months.last}::date`}`;
  const inDaysOfMonths = sql`${months.first === null ? sql`true` : sql`r.day >= ${months.first}::date`} and ${months.last === null ? sql`true` : sql`r.day < (${months.last}::date + interval '1 month')::date`}`;
  const partial = months.first === null && months.last === null ? null : sql`select r.day, r.value, r.n, r.counts from ${days.from} where ${days.where} and not (${inDaysOfMonths})`;
  return {
    from: sql`(
      select r.month as day, r.value, r.n, r.counts from rollup_segment_months r
      where (${surveysWhere(spec.surveys, sql`r.question_id`, () => sql<boolean>`true`)}) and ${segment} and ${inMonths}
      ${partial === null ? sql`` : sql`union all ${partial}`}
    ) r`,
    where: sql`true`,
    value: sql`r.value`,
  };
}

/**
 * The whole calendar months of a read that rollup_segment_months can answer — every survey unscoped
 * and an interval no finer than a month — as their first days (null: unbounded); null when the read
 * must use the daily rows alone.
 */
export function monthGrainOf(spec: Pick<ReadSpec, 'surveys' | 'interval' | 'from' | 'to'>): { first: string | null; last: string | null } | null {
  if (spec.interval === 'day' || spec.interval === 'week') return null;
  if (!spec.surveys.every((s) => s.scope.all)) return null;
  const first = spec.from === null ? null : spec.from.endsWith('-01') ? spec.from : monthStartFrom(spec.from, 1);
  const last = spec.to === null ? null : addDays(spec.to, 1).endsWith('-01') ? monthStartFrom(spec.to, 0) : monthStartFrom(spec.to, -1);
  if (first !== null && last !== null && first > last) return null;
  return { first, last };
}


async function readBuckets(db: Db, spec: ReadSpec, dimension: string | undefined, buckets: string[]): Promise<HistogramRow[] | null> {
  const src = rollupSource(spec, dimension);
  const { rows } = await sql<{ period: string | null; g: string | null; x: string | null; n: number; c: number[] }>`
    select ${periodOf(spec.interval, sql`r.day`)} as period, ${spec.groupBy === null ? sql`null::text` : src.value} as g,
           ${spec.crossBy === null ? sql`null::text` : src.value} as x, sum(r.n)::int as n,
           array[${sql.join(buckets.map((b) => sql`coalesce(sum((r.counts ->> ${b})::int), 0)::int`))}] as c
    from ${src.from} where ${src.where}
    group by 1, 2, 3`.execute(db);
  const out: HistogramRow[] = [];
  for (const r of rows) {
    if (r.c.reduce((a, b) => a + b, 0) !== r.n) return null;
    // The keys as float8::text writes them (the raw read's form): whole numbers print without a point.
    r.c.forEach((c, i) => c > 0 && out.push({ period: r.period, g: r.g, x: r.x, v: buckets[i]!, c }));
  }
  return out;
}

async function readExpanded(db: Db, spec: ReadSpec, dimension: string | undefined): Promise<HistogramRow[]> {
  const src = rollupSource(spec, dimension);
  const { rows } = await sql<HistogramRow>`
    select ${periodOf(spec.interval, sql`r.day`)} as period, ${spec.groupBy === null ? sql`null::text` : src.value} as g,
           ${spec.crossBy === null ? sql`null::text` : src.value} as x, e.key as v, sum(e.value::int)::int as c
    from ${src.from} cross join lateral jsonb_each_text(r.counts) e
    where ${src.where}
    group by 1, 2, 3, 4`.execute(db);
  return rows;
}

/**
 * A dimension's value on a raw response `r` (version `ver`), as rollups/segments.ts DIMENSION_VALUES
 * gives it: null means none.
 */
export function rawDimensionOf(dimension: string): RawBuilder<string | null> {
  switch (dimension) {
    case 'language':
      return sql`r.language`;
    case 'channel':
      return sql`r.channel`;
    case 'audience':
      return sql`r.audience`;
    case 'version':
      return sql`ver.number::text`;
    case 'touch_point':
      return sql`r.touch_point_id::text`;
    case 'account_owner':
      return sql`r.account_owner_id::text`;
    default:
      if (!dimension.startsWith('attr:')) throw new Error(`unknown dimension ${dimension}`);
      return sql`r.attributes ->> ${dimension.slice('attr:'.length)}`;
  }
}

/** Reads the raw responses: any dimensions, any filters. */
export async function readRaw(db: Db, spec: ReadSpec): Promise<HistogramRow[]> {
  const day = sql`(r.submitted_at at time zone 'UTC')::date`;
  const answer = sql`(r.answers -> q.key)`;
  const keys = sql.join(spec.surveys.map((s) => sql`(${s.surveyId}::uuid, ${s.key}::text)`));
  const scopes = sql.join(
    spec.surveys.map((s) => sql`(r.survey_id = ${s.surveyId} and ${unitInScope(s.scope, sql`r.unit_id`)})`),
    sql` or `,
  );
  const conditions: RawBuilder<unknown>[] = [sql`jsonb_typeof(${answer}) = 'number'`, sql`(${scopes})`];
  if (spec.from !== null) conditions.push(sql`r.submitted_at >= ${spec.from}::date at time zone 'UTC'`);
  if (spec.to !== null) conditions.push(sql`r.submitted_at < (${spec.to}::date + 1) at time zone 'UTC'`);
  for (const d of [spec.groupBy, spec.crossBy]) if (d !== null) conditions.push(sql`${rawDimensionOf(d)} is not null`);
  for (const [d, values] of spec.filters) conditions.push(sql`${rawDimensionOf(d)} = any(${[...values]}::text[])`);
  const { rows } = await sql<HistogramRow>`
    select ${periodOf(spec.interval, day)} as period,
           ${spec.groupBy === null ? sql`null::text` : rawDimensionOf(spec.groupBy)} as g,
           ${spec.crossBy === null ? sql`null::text` : rawDimensionOf(spec.crossBy)} as x,
           (${answer} #>> '{}')::double precision::text as v, count(*)::int as c
    from responses r
    join (values ${keys}) as q(survey_id, key) on q.survey_id = r.survey_id
    join survey_versions ver on ver.id = r.version_id
    where ${sql.join(conditions, sql` and `)}
    group by 1, 2, 3, 4`.execute(db);
  return rows;
}
