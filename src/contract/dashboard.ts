import { z } from 'zod';
import { PeriodSchema, SurveySummarySchema } from './surveys.ts';

export const NpsStatsSchema = z.object({
  n: z.number().int(),
  score: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  promoterShare: z.number().nullable(),
  passiveShare: z.number().nullable(),
  detractorShare: z.number().nullable(),
  standardError: z.number().nullable(),
  marginOfError: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  smallSample: z.boolean(),
});
export type NpsStats = z.infer<typeof NpsStatsSchema>;

export const TrendPointSchema = z.object({
  /** Monday of the ISO week, YYYY-MM-DD. */
  weekStart: z.string(),
  n: z.number().int(),
  score: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const CommentSchema = z.object({
  responseId: z.uuid(),
  submittedAt: z.string(),
  score: z.number().int().nullable(),
  text: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const DashboardQuerySchema = z.object({ period: PeriodSchema.default('12m') });

const ShareSchema = z.object({
  n: z.number().int(),
  count: z.number().int(),
  /** Percent, 0–100. */
  share: z.number().nullable(),
  standardError: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  smallSample: z.boolean(),
});

/** One scale answer of the survey: its headline metric and its spread, over the period. */
export const QuestionSummarySchema = z.object({
  key: z.string(),
  text: z.string(),
  type: z.string(),
  scale: z.object({ min: z.number(), max: z.number() }),
  touchPoints: z.array(z.string()),
  metric: z.object({
    kind: z.enum(['nps', 'csat', 'ces', 'mean']),
    value: z.number().nullable(),
    standardError: z.number().nullable(),
    interval: z.tuple([z.number(), z.number()]).nullable(),
  }),
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  topBox: ShareSchema,
  topTwoBox: ShareSchema,
  bottomTwoBox: ShareSchema,
  distribution: z.array(z.object({ value: z.number(), count: z.number().int() })),
  smallSample: z.boolean(),
});
export type QuestionSummary = z.infer<typeof QuestionSummarySchema>;

export const SurveyDashboardSchema = z.object({
  survey: SurveySummarySchema,
  period: PeriodSchema,
  /** The NPS question reported on; null when the survey has none. */
  question: z.object({ id: z.string(), text: z.string() }).nullable(),
  nps: NpsStatsSchema,
  /** Count of each score 0…10. */
  distribution: z.array(z.number().int()).length(11),
  trend: z.array(TrendPointSchema),
  comments: z.array(CommentSchema),
  /** Every scale answer of the live version, in question order. */
  questions: z.array(QuestionSummarySchema),
});
export type SurveyDashboard = z.infer<typeof SurveyDashboardSchema>;

export const OverviewSchema = z.object({
  companyName: z.string(),
  responses30d: z.number().int(),
  responsesPrevious30d: z.number().int(),
  surveys: z.array(
    z.object({
      survey: SurveySummarySchema,
      nps: NpsStatsSchema,
      trend: z.array(TrendPointSchema),
    }),
  ),
  comments: z.array(CommentSchema.extend({ surveyId: z.uuid(), surveyTitle: z.string() })),
});
export type Overview = z.infer<typeof OverviewSchema>;

export const ResponseListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** nextBefore of the previous page (or an ISO date-time): responses strictly older than it. */
  before: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})(~[0-9a-f-]{36})?$/i,
      'Use nextBefore from the previous page, or an ISO date-time such as 2026-01-31T12:00:00Z',
    )
    .optional(),
});

export const ResponseSchema = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  versionNumber: z.number().int(),
  submittedAt: z.string(),
  answers: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])),
  attributes: z.record(z.string(), z.string()),
});
export const ResponseListSchema = z.object({ responses: z.array(ResponseSchema), nextBefore: z.string().nullable() });
