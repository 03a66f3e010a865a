import { z } from 'zod';
import { AccountPlacementSchema } from './account-analytics.ts';
import { QuestionSummarySchema } from './dashboard.ts';
import { DriverAnalysisSchema } from './drivers.ts';

export const MarketPeriodSchema = z.enum(['30d', '90d', '12m']);
export type MarketPeriod = z.infer<typeof MarketPeriodSchema>;

export const MarketQuerySchema = z.object({
  /** The market (or any unit) to review; default: the viewer's own unit, or the first market they see. */
  unit: z.uuid('Use the id of a unit').optional(),
  period: MarketPeriodSchema.default('90d'),
});
export type MarketQuery = z.infer<typeof MarketQuerySchema>;

const ComparisonSchema = z.object({
  test: z.string(),
  difference: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
  smallSample: z.boolean(),
});

/** One aspect in the market this period against the period before it. */
export const ExperienceItemSchema = z.object({
  surveyId: z.uuid(),
  surveyTitle: z.string(),
  current: QuestionSummarySchema,
  /** The item's mean rescaled to 0–100, so items on different scales line up. */
  score: z.number().nullable(),
  previousScore: z.number().nullable(),
  /** The headline metric's change against the previous period, tested. */
  change: ComparisonSchema,
  /** Why it is listed: among the lowest-scoring, or worse than the period before (significant). */
  reasons: z.array(z.enum(['low', 'declined'])),
});
export type ExperienceItem = z.infer<typeof ExperienceItemSchema>;

export const MarketReviewSchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  /** The markets the viewer may review, to switch between them. */
  markets: z.array(z.object({ id: z.uuid(), name: z.string() })),
  period: MarketPeriodSchema,
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  /** Each live survey's recommendation score in the market, now and in the period before. */
  surveys: z.array(
    z.object({
      surveyId: z.uuid(),
      title: z.string(),
      nps: QuestionSummarySchema.nullable(),
      previousNps: z.number().nullable(),
      change: ComparisonSchema.nullable(),
    }),
  ),
  /** The key experience problems, worst first. */
  problems: z.array(ExperienceItemSchema),
  /** Every aspect, for the full table. */
  items: z.array(ExperienceItemSchema),
  /** What drives the relationship survey's NPS in this market over the last 12 months, by touch point; null without such a survey. */
  drivers: DriverAnalysisSchema.nullable(),
  /**
   * The market's accounts that need action — At-Risk, moved into At-Risk this quarter, or rated far
   * better by their team than by their contacts — by billed revenue; null for roles that may not read accounts.
   */
  accounts: z
    .object({
      needAction: z.array(AccountPlacementSchema.extend({ why: z.array(z.enum(['at_risk', 'into_at_risk', 'perception_gap'])) })),
      revenueAtRisk: z.number(),
      scored: z.number().int(),
    })
    .nullable(),
});
export type MarketReview = z.infer<typeof MarketReviewSchema>;
