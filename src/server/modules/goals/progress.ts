import type { GoalPoint, GoalProgress } from '../../../contract/goals.ts';
import { GOAL_RANGES } from '../../../contract/goals.ts';
import { addDays, daysBetween, monthStartFrom, weekStart } from '../../../core/dates.ts';
import { judgeGoal, progressShare, type GoalMetric } from '../../../core/goal-status.ts';
import { fitLine, predictAt } from '../../../core/trend-forecast.ts';
import type { Services } from '../../context.ts';
import { measureGoal, type GoalReach } from './measure.ts';

/** Goals spanning more than this many days are followed by month, shorter ones by week. */
const MONTHLY_FROM_DAYS = 120;
/** The baseline is the period of the goal's length before its start, at most a year. */
const BASELINE_MAX_DAYS = 365;

export interface GoalDates {
  metric: GoalMetric;
  target: number;
  startDate: string;
  dueDate: string;
}

/** The periods from the start to the last day measured, each with its first day. */
function periodsOf(grain: 'week' | 'month', from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = grain === 'week' ? weekStart(from) : monthStartFrom(from, 0); p <= to; p = grain === 'week' ? addDays(p, 7) : monthStartFrom(p, 1)) out.push(p);
  return out;
}

/**
 * Where a goal stands today: its value over [start, today] (or [start, due] once past due), the
 * baseline before it, a series by week or month, the least-squares line's value on the due date
 * (each period weighted by its answers; the line runs through the middle of each period, clipped to
 * the goal's dates), and its status by the rule in core/goal-status.ts.
 */
export async function computeProgress(svc: Services, goal: GoalDates, reach: GoalReach, today: string): Promise<GoalProgress> {
  const span = daysBetween(goal.startDate, goal.dueDate) + 1;
  const grain = span > MONTHLY_FROM_DAYS ? 'month' : 'week';
  const asOf = today < goal.dueDate ? today : goal.dueDate;
  const baselineDays = Math.min(span, BASELINE_MAX_DAYS);
  const baselineWindow = { from: addDays(goal.startDate, -baselineDays), to: addDays(goal.startDate, -1), grain: null };
  const baseline = (await measureGoal(svc, reach, baselineWindow)).get('') ?? { value: null, n: 0 };
  if (asOf < goal.startDate) {
    return { current: null, n: 0, baseline: baseline.value, baselineN: baseline.n, forecast: null, share: null, status: 'no_data', grain, series: [], asOf };
  }
  const window = { from: goal.startDate, to: asOf };
  const [whole, byPeriod] = await Promise.all([measureGoal(svc, reach, { ...window, grain: null }), measureGoal(svc, reach, { ...window, grain })]);
  const current = whole.get('') ?? { value: null, n: 0 };
  const series: GoalPoint[] = periodsOf(grain, goal.startDate, asOf).map((start) => {
    const m = byPeriod.get(start);
    return { start, value: m?.value ?? null, n: m?.n ?? 0 };
  });
  const fit = fitLine(
    series.flatMap((p) => {
      if (p.value === null || p.n === 0) return [];
      const first = p.start < goal.startDate ? goal.startDate : p.start;
      const end = grain === 'week' ? addDays(p.start, 6) : addDays(monthStartFrom(p.start, 1), -1);
      const last = end > asOf ? asOf : end;
      return [{ x: (daysBetween(goal.startDate, first) + daysBetween(goal.startDate, last)) / 2, y: p.value, weight: p.n }];
    }),
  );
  const [min, max] = GOAL_RANGES[goal.metric];
  const forecast = fit === null ? null : Math.max(min, Math.min(max, predictAt(fit, daysBetween(goal.startDate, goal.dueDate))));
  const status = judgeGoal({ metric: goal.metric, target: goal.target, current: current.value, forecast, pastDue: today > goal.dueDate });
  return {
    current: current.value,
    n: current.n,
    baseline: baseline.value,
    baselineN: baseline.n,
    forecast,
    share: progressShare(baseline.value, current.value, goal.target),
    status,
    grain,
    series,
    asOf,
  };
}
