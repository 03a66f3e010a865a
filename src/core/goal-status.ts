/**
 * A goal's status, from where its metric stands now and where the trend line puts it on the due date.
 * Every goal metric is better when higher (NPS, CSAT, summary index, response rate, cases closed in time). The rule, in order:
 *
 * - achieved — the value over [start, today] has reached the target;
 * - past the due date without reaching it — off track;
 * - on track — the forecast for the due date reaches the target;
 * - at risk — the forecast falls short by no more than the metric's tolerance, or there is too little
 *   history to draw a line (fewer than two periods with answers) and the value is within the tolerance;
 * - off track — otherwise.
 *
 * The tolerance is what a reader would call "nearly there" on each metric's scale: 3 NPS points,
 * 2 percentage points of CSAT or response rate, 2 points of the 0–100 summary index, 3 percentage
 * points of cases closed in time (a unit closes tens of cases a month, not thousands).
 */

export const GOAL_METRICS = ['nps', 'csat', 'summary_index', 'response_rate', 'cases_closed_in_time'] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const GOAL_STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const GOAL_TOLERANCE: Record<GoalMetric, number> = { nps: 3, csat: 2, summary_index: 2, response_rate: 2, cases_closed_in_time: 3 };

export interface GoalStanding {
  metric: GoalMetric;
  target: number;
  /** The value over [start, today]; null without data. */
  current: number | null;
  /** The trend line's value on the due date; null without enough history. */
  forecast: number | null;
  /** True once today is after the due date. */
  pastDue: boolean;
}

/** The status of a goal by the rule above; `no_data` while nothing has been measured. */
export function judgeGoal(g: GoalStanding): GoalStatus {
  if (g.current === null) return 'no_data';
  if (g.current >= g.target) return 'achieved';
  if (g.pastDue) return 'off_track';
  const tolerance = GOAL_TOLERANCE[g.metric];
  const expected = g.forecast ?? g.current;
  if (g.forecast !== null && g.forecast >= g.target) return 'on_track';
  return expected >= g.target - tolerance ? 'at_risk' : 'off_track';
}

/** How far a goal has come from its baseline toward its target, 0–1 (clamped); null without both values. */
export function progressShare(baseline: number | null, current: number | null, target: number): number | null {
  if (current === null) return null;
  if (current >= target) return 1;
  if (baseline === null || baseline >= target) return null;
  return Math.max(0, Math.min(1, (current - baseline) / (target - baseline)));
}
