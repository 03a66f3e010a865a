import { z } from 'zod';
import { GOAL_METRICS, GOAL_STATUSES } from '../core/goal-status.ts';

/** Goals: a metric over a scope, a target and a due date; progress and a forecast computed when read. */

const DaySchema = z.iso.date('Use a date as YYYY-MM-DD');
export const GoalMetricSchema = z.enum(GOAL_METRICS);

/** The metrics' ranges: NPS −100…100; the others percentages or 0–100 indexes. */
export const GOAL_RANGES: Record<z.infer<typeof GoalMetricSchema>, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  summary_index: [0, 100],
  response_rate: [0, 100],
  cases_closed_in_time: [0, 100],
};

const GoalFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Give the goal a name').max(200),
  metric: GoalMetricSchema,
  unitId: z.uuid('Use the id of a unit'),
  touchPointId: z.uuid('Use the id of a touch point').nullable().default(null),
  surveyId: z.uuid('Use the id of a survey').nullable().default(null),
  programmeId: z.uuid('Use the id of a programme').nullable().default(null),
  target: z.number().finite(),
  startDate: DaySchema,
  dueDate: DaySchema,
  ownerUserId: z.uuid('Use the id of a user').nullable().default(null),
});

function checkGoal(g: { metric: z.infer<typeof GoalMetricSchema>; target: number; startDate: string; dueDate: string }, ctx: z.RefinementCtx) {
  const [min, max] = GOAL_RANGES[g.metric];
  if (g.target < min || g.target > max) ctx.addIssue({ code: 'custom', path: ['target'], message: `A ${g.metric} target lies between ${min} and ${max}` });
  if (g.dueDate <= g.startDate) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'The due date must come after the start date' });
}

export const GoalCreateSchema = GoalFieldsSchema.superRefine(checkGoal);
export type GoalCreateInput = z.input<typeof GoalCreateSchema>;

/** A change: the whole goal again (the form sends every field). */
export const GoalUpdateSchema = GoalCreateSchema;
export type GoalUpdateInput = z.input<typeof GoalUpdateSchema>;

export const GoalListQuerySchema = z.object({
  /** Goals of this unit and the units below it; default: every goal the viewer may see. */
  unit: z.uuid('Use the id of a unit').optional(),
  /** Only the goals this user owns. */
  owner: z.uuid('Use the id of a user').optional(),
});
export type GoalListQuery = z.infer<typeof GoalListQuerySchema>;

export const GoalStatusSchema = z.enum(GOAL_STATUSES);
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

export const GoalPointSchema = z.object({
  /** The period's first day (a week's Monday or a month's first). */
  start: z.string(),
  value: z.number().nullable(),
  n: z.number().int(),
});
export type GoalPoint = z.infer<typeof GoalPointSchema>;

export const GoalProgressSchema = z.object({
  /** The value over [start, today] (or [start, due] once past due); null without data. */
  current: z.number().nullable(),
  /** Answers (or invitations, or cases) behind the current value. */
  n: z.number().int(),
  /** The value over the period of the same length before the start. */
  baseline: z.number().nullable(),
  baselineN: z.number().int(),
  /** The least-squares line's value on the due date; null with fewer than two periods of data. */
  forecast: z.number().nullable(),
  /** Share of the way from the baseline to the target, 0–1. */
  share: z.number().nullable(),
  status: GoalStatusSchema,
  grain: z.enum(['week', 'month']),
  series: z.array(GoalPointSchema),
  asOf: z.string(),
});
export type GoalProgress = z.infer<typeof GoalProgressSchema>;

export const GoalSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  metric: GoalMetricSchema,
  unit: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  touchPoint: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  survey: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  programme: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  target: z.number(),
  startDate: z.string(),
  dueDate: z.string(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** May the viewer change or delete it. */
  canManage: z.boolean(),
  progress: GoalProgressSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Goal = z.infer<typeof GoalSchema>;

export const GoalListSchema = z.object({ goals: z.array(GoalSchema), canCreate: z.boolean() });
export type GoalList = z.infer<typeof GoalListSchema>;
