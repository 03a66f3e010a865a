import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { responsesInScope, type DataScope } from '../../db/scope.ts';

/**
 * Survey rows with what their summaries need: unit, live version, and the response count from
 * rollups, counted over the units in the reader's scope (all of them when the survey is in scope).
 */
export function selectSurveySummaries(db: Db, readerUnitPath: string) {
  const prefix = `${readerUnitPath}%`;
  return db
    .selectFrom('surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('survey_versions as v', 'v.id', 's.live_version_id')
    .leftJoin('touch_points as tp', 'tp.id', 's.touch_point_id')
    .select([
      's.id',
      's.slug',
      's.title',
      's.kind',
      's.status',
      's.unit_id',
      's.created_at',
      's.updated_at',
      's.draft_definition',
      's.live_version_id',
      'u.name as unit_name',
      'u.path as unit_path',
      'v.number as version',
      'tp.key as touch_point_key',
      sql<boolean>`s.draft_definition is distinct from v.definition`.as('changed'),
      // Two subqueries, not one with a CASE inside: each then reads only its own segment rows by key.
      sql<number>`case when u.path like ${prefix}
        then (select coalesce(sum(r.n), 0)::int from rollup_daily r
              where r.survey_id = s.id and r.question_id = '*' and r.segment = '')
        else (select coalesce(sum(r.n), 0)::int from rollup_daily r
              where r.survey_id = s.id and r.question_id = '*'
                and r.segment in (select 'unit:' || x.id from units x where x.path like ${prefix}))
      end`.as('response_count'),
    ]);
}

export type SurveySummaryRow = Awaited<ReturnType<ReturnType<typeof selectSurveySummaries>['executeTakeFirstOrThrow']>>;

export async function countResponsesByVersion(db: Db, surveyId: string, scope: DataScope): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('responses as r')
    .select(['r.version_id', sql<number>`count(*)::int`.as('n')])
    .where('r.survey_id', '=', surveyId)
    .where(responsesInScope(scope))
    .groupBy('r.version_id')
    .execute();
  return new Map(rows.map((r) => [r.version_id, r.n]));
}

/** The definitions of the live versions of these surveys. */
export async function loadLiveDefinitions(db: Db, surveyIds: string[]): Promise<Map<string, unknown>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('surveys as s')
    .innerJoin('survey_versions as v', 'v.id', 's.live_version_id')
    .select(['s.id', 'v.definition'])
    .where('s.id', 'in', surveyIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.definition]));
}
