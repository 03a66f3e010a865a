import { sql } from 'kysely';
import { momentsOfHistogram, meanOf, computeCsat } from '../../../core/metrics.ts';
import { computeNps, countNpsBands, mergeHistograms } from '../../../core/nps.ts';
import { listScaleItems } from '../../../core/scale-items.ts';
import { indexOfMeans, type SummaryIndex } from '../../../core/summary-index.ts';
import { findNpsQuestion, type SurveyDefinition } from '../../../core/survey-definition.ts';
import type { GoalMetric } from '../../../core/goal-status.ts';
import type { Services } from '../../context.ts';
import type { DataScope } from '../../db/scope.ts';
import { readRollup, type SurveyRead } from '../analytics/read.ts';

/**
 * A goal's metric over a window, read where the dashboards read it: answers from the rollups through
 * the explorer's read path (so a touch point narrows through the segment rollup), response rates from
 * the invitations as the programmes page counts them. One value per period (week or month) and one
 * for the whole window — a whole window's NPS is not the mean of its weeks'.
 */

export interface Measured {
  value: number | null;
  n: number;
}

export interface GoalReach {
  metric: GoalMetric;
  unitPath: string;
  touchPointId: string | null;
  surveyId: string | null;
  programmeId: string | null;
  /** The customer surveys in reach, live, with their definitions and which responses count. */
  surveys: { id: string; definition: SurveyDefinition; scope: DataScope }[];
  summaryIndex: SummaryIndex | null;
}

export interface Window {
  from: string;
  to: string;
  grain: 'week' | 'month' | null;
}

/** The metric per period of the window (keyed by the period's first day), or once for the whole window (key ''). */
export async function measureGoal(svc: Services, reach: GoalReach, w: Window): Promise<Map<string, Measured>> {
  switch (reach.metric) {
    case 'nps':
      return measureHistograms(svc, reach, w, (def) => findNpsQuestion(def)?.id, (h) => {
        const r = computeNps(countNpsBands(h));
        return { value: r.n === 0 ? null : r.score, n: r.n };
      });
    case 'csat':
      return measureHistograms(svc, reach, w, (def) => listScaleItems(def).find((i) => i.metric === 'csat')?.key, (h) => {
        const r = computeCsat(h);
        return { value: r.share, n: r.n };
      });
    case 'summary_index':
      return measureIndex(svc, reach, w);
    case 'response_rate':
      return measureResponseRate(svc, reach, w);
    case 'cases_closed_in_time':
      return measureCasesInTime(svc, reach, w);
  }
}

async function readHistograms(svc: Services, reach: GoalReach, w: Window, reads: SurveyRead[], scale: { min: number; max: number }): Promise<Map<string, Record<string, number>>> {
  if (reads.length === 0) return new Map();
  const rows = await readRollup(svc.db, {
    surveys: reads,
    interval: w.grain,
    from: w.from,
    to: w.to,
    groupBy: null,
    crossBy: null,
    filters: reach.touchPointId ? new Map([['touch_point', [reach.touchPointId]]]) : new Map(),
    scale,
  });
  const byPeriod = new Map<string, Record<string, number>[]>();
  for (const r of rows) {
    const key = r.period ?? '';
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), { [r.v]: r.c }]);
  }
  return new Map([...byPeriod].map(([k, hs]) => [k, mergeHistograms(hs)]));
}

async function measureHistograms(
  svc: Services,
  reach: GoalReach,
  w: Window,
  keyOf: (def: SurveyDefinition) => string | undefined,
  valueOf: (h: Record<string, number>) => Measured,
): Promise<Map<string, Measured>> {
  const reads: SurveyRead[] = [];
  let scale = { min: 0, max: 10 };
  for (const s of reach.surveys) {
    const key = keyOf(s.definition);
    const item = key === undefined ? undefined : listScaleItems(s.definition).find((i) => i.key === key);
    if (key !== undefined && item) {
      reads.push({ surveyId: s.id, key, scope: s.scope });
      scale = item.scale;
    }
  }
  const hs = await readHistograms(svc, reach, w, reads, scale);
  return new Map([...hs].map(([k, h]) => [k, valueOf(h)]));
}

/** The summary index per period: the weighted mean of its items' rescaled means (core/summary-index.ts). */
async function measureIndex(svc: Services, reach: GoalReach, w: Window): Promise<Map<string, Measured>> {
  const index = reach.summaryIndex;
  if (!index) return new Map();
  const means = new Map<string, Record<string, { mean: number | null; n: number }>>();
  for (const item of index.items) {
    const reads = reach.surveys.filter((s) => listScaleItems(s.definition).some((i) => i.key === item.key)).map((s) => ({ surveyId: s.id, key: item.key, scope: s.scope }));
    for (const [period, h] of await readHistograms(svc, reach, w, reads, { min: item.min, max: item.max })) {
      const m = momentsOfHistogram(h);
      means.set(period, { ...(means.get(period) ?? {}), [item.key]: { mean: meanOf(m), n: m.n } });
    }
  }
  return new Map(
    [...means].map(([period, byKey]) => [period, { value: indexOfMeans(index, byKey), n: Math.max(0, ...Object.values(byKey).map((m) => m.n)) }]),
  );
}

/**
 * Completed responses per invitation sent (percent), by the day it was sent: the programmes page's
 * response rate, within the goal's unit and narrowed to its survey, programme or touch point.
 */
async function measureResponseRate(svc: Services, reach: GoalReach, w: Window): Promise<Map<string, Measured>> {
  const period = w.grain === null ? sql<string>`''` : sql<string>`date_trunc(${w.grain}, i.sent_at at time zone 'UTC')::date::text`;
  const rows = await sql<{ period: string; sent: number; completed: number }>`
    select ${period} as period, count(*)::int as sent, count(r.id)::int as completed
      from invitations i
      join units u on u.id = i.unit_id
      join programmes p on p.id = i.programme_id
      join surveys s on s.id = i.survey_id
      left join responses r on r.personal_link_id = i.personal_link_id and r.status = 'complete'
     where i.sent_at is not null
       and s.kind <> 'employee'
       and u.path like ${`${reach.unitPath}%`}
       and i.sent_at >= ${w.from}::date and i.sent_at < (${w.to}::date + 1)
       ${reach.surveyId ? sql`and i.survey_id = ${reach.surveyId}` : sql``}
       ${reach.programmeId ? sql`and i.programme_id = ${reach.programmeId}` : sql``}
       ${reach.touchPointId ? sql`and coalesce(p.touch_point_id, s.touch_point_id) = ${reach.touchPointId}` : sql``}
     group by 1`.execute(svc.db);
  return new Map(rows.rows.map((r) => [r.period, { value: r.sent === 0 ? null : (100 * r.completed) / r.sent, n: r.sent }]));
}

/**
 * Closed cases resolved by their resolution deadline (percent), by the day each case opened: the
 * cases metrics' "share within deadline", within the goal's unit and narrowed to its survey or
 * touch point (cases have no programme; a programme's goal counts its survey's cases).
 */
async function measureCasesInTime(svc: Services, reach: GoalReach, w: Window): Promise<Map<string, Measured>> {
  const period = w.grain === null ? sql<string>`''` : sql<string>`date_trunc(${w.grain}, c.opened_at at time zone 'UTC')::date::text`;
  const surveyIds = reach.surveyId ? [reach.surveyId] : reach.programmeId ? reach.surveys.map((s) => s.id) : null;
  const rows = await sql<{ period: string; closed: number; in_time: number }>`
    select ${period} as period, count(*)::int as closed,
           count(*) filter (where c.resolution_due_at is not null and coalesce(c.resolved_at, c.closed_at) <= c.resolution_due_at)::int as in_time
      from cases c
     where c.closed_at is not null
       and c.unit_path like ${`${reach.unitPath}%`}
       and c.opened_at >= ${w.from}::date and c.opened_at < (${w.to}::date + 1)
       ${surveyIds ? (surveyIds.length === 0 ? sql`and false` : sql`and c.survey_id in (${sql.join(surveyIds)})`) : sql``}
       ${reach.touchPointId ? sql`and c.touch_point_id = ${reach.touchPointId}` : sql``}
     group by 1`.execute(svc.db);
  return new Map(rows.rows.map((r) => [r.period, { value: r.closed === 0 ? null : (100 * r.in_time) / r.closed, n: r.closed }]));
}
