import { z } from 'zod';
import { QUADRANTS } from '../core/quadrants.ts';
import { SummaryIndexSchema } from '../core/summary-index.ts';
import { TEAM_RATINGS } from '../core/account-signals.ts';

/** Account analytics: settings, the quadrant view, the perception gap, silence and the executive's trend. */

export const QuadrantSchema = z.enum(QUADRANTS);
export const TeamRatingSchema = z.enum(TEAM_RATINGS);

/** The company's account settings; a field left null takes its default (see the comments). */
export const AccountSettingsSchema = z.strictObject({
  /** Null: the default index of the first relationship survey (every scale item, weight 1). */
  summaryIndex: SummaryIndexSchema.nullable().default(null),
  /** The surveys whose responses feed accounts; null: every relationship survey of the company. */
  surveyIds: z.array(z.uuid('Use survey ids (UUIDs)')).min(1, 'Name at least one survey, or send null for the relationship surveys').max(50).nullable().default(null),
  /** The score target on the 0–100 summary index. */
  scoreTarget: z.number().min(0, 'The score target is on 0–100').max(100, 'The score target is on 0–100').default(70),
  /** The billed revenue dividing good from low; null: the median billed revenue of the accounts you may see. */
  revenueThreshold: z.number().min(0, 'A revenue threshold is 0 or more').nullable().default(null),
  /** Weight per audience role; roles not listed weigh 1, 0 leaves a role out. */
  roleWeights: z.record(z.string().trim().min(1).max(60), z.number().min(0, 'A weight is 0 or more').max(100)).default({}),
  /** The window of responses an account's score is taken over, in days. */
  windowDays: z.number().int().min(7, 'A window is at least 7 days').max(1_095, 'A window is at most 3 years').default(365),
});
export type AccountSettingsInput = z.input<typeof AccountSettingsSchema>;
export type AccountSettings = z.output<typeof AccountSettingsSchema>;

export const AccountSettingsViewSchema = z.object({
  settings: AccountSettingsSchema,
  /** What applies, defaults resolved. */
  effective: z.object({
    summaryIndex: SummaryIndexSchema.nullable(),
    surveys: z.array(z.object({ id: z.uuid(), title: z.string() })),
  }),
  updatedAt: z.string().nullable(),
  canConfigure: z.boolean(),
});
export type AccountSettingsView = z.infer<typeof AccountSettingsViewSchema>;

const DaySchema = z.iso.date('Use a date as YYYY-MM-DD');

export const AccountAnalyticsQuerySchema = z.object({
  /** The window's first day; default: the window of the settings before `to`. */
  from: DaySchema.optional(),
  /** The window's last day; default: today. */
  to: DaySchema.optional(),
  /** "me" for your own accounts, or a user id. */
  owner: z.union([z.literal('me'), z.uuid('Use "me" or a user id')]).optional(),
  /** Accounts under this unit (within your scope). */
  unit: z.uuid('Use a unit id').optional(),
});
export type AccountAnalyticsQuery = z.infer<typeof AccountAnalyticsQuerySchema>;

const WindowSchema = z.object({ from: z.string(), to: z.string() });

export const AccountNpsSchema = z.object({
  /** %promoters − %detractors, from weighted shares. */
  score: z.number().nullable(),
  /** The weighted mean 0–10 answer. */
  mean: z.number().nullable(),
  promoterShare: z.number().nullable(),
  detractorShare: z.number().nullable(),
  n: z.number().int(),
});

export const PerceptionGapSchema = z.object({
  teamRating: TeamRatingSchema,
  assessedOn: z.string(),
  customerRating: TeamRatingSchema,
  points: z.number(),
  steps: z.number().int(),
  sentence: z.string(),
});

export const AccountPlacementSchema = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  name: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  keyAccount: z.boolean(),
  billedRevenue: z.number().nullable(),
  bookedRevenue: z.number().nullable(),
  potentialRevenue: z.number().nullable(),
  /** Booked (sold, not yet billed) plus potential. */
  estimatedRevenue: z.number(),
  summaryIndex: z.number().nullable(),
  nps: AccountNpsSchema,
  n: z.number().int(),
  contacts: z.number().int(),
  smallSample: z.boolean(),
  quadrant: QuadrantSchema.nullable(),
  previousSummaryIndex: z.number().nullable(),
  previousQuadrant: QuadrantSchema.nullable(),
  intoAtRisk: z.boolean(),
  perceptionGap: PerceptionGapSchema.nullable(),
});
export type AccountPlacement = z.infer<typeof AccountPlacementSchema>;

export const AccountQuadrantsSchema = z.object({
  window: WindowSchema,
  /** The same length, ending at the previous quarter's end: where movement is measured from. */
  previousWindow: WindowSchema,
  thresholds: z.object({ scoreTarget: z.number(), revenueThreshold: z.number(), revenueThresholdSource: z.enum(['median', 'setting']) }),
  surveys: z.array(z.object({ id: z.uuid(), title: z.string() })),
  /** False when no survey feeds accounts or no summary index applies: nothing can be scored. */
  scored: z.boolean(),
  accounts: z.array(AccountPlacementSchema),
  totals: z.array(z.object({ quadrant: QuadrantSchema, count: z.number().int(), billedRevenue: z.number() })),
  unscored: z.number().int(),
  revenueAtRisk: z.number(),
  /** Accounts that moved into At-Risk this quarter, by billed revenue. */
  movers: z.array(z.uuid()),
  /** Largest changes of the summary index against the previous window (five each way). */
  biggestMovers: z.object({ up: z.array(z.object({ id: z.uuid(), change: z.number() })), down: z.array(z.object({ id: z.uuid(), change: z.number() })) }),
});
export type AccountQuadrants = z.infer<typeof AccountQuadrantsSchema>;

export const PerceptionGapListSchema = z.object({
  window: WindowSchema,
  rows: z.array(
    z.object({
      accountId: z.uuid(),
      code: z.string().nullable(),
      name: z.string(),
      keyAccount: z.boolean(),
      billedRevenue: z.number().nullable(),
      summaryIndex: z.number(),
      nps: AccountNpsSchema,
      n: z.number().int(),
      gap: PerceptionGapSchema,
    }),
  ),
  /** Assessed accounts without a score in the window (nothing to compare with). */
  assessedWithoutScore: z.number().int(),
});
export type PerceptionGapList = z.infer<typeof PerceptionGapListSchema>;

export const SilenceSchema = z.object({
  window: WindowSchema,
  rule: z.string(),
  accounts: z.array(
    z.object({
      accountId: z.uuid(),
      code: z.string().nullable(),
      name: z.string(),
      billedRevenue: z.number().nullable(),
      invitationsSent: z.number().int(),
      lastInvitedAt: z.string(),
      lastResponseAt: z.string().nullable(),
    }),
  ),
  items: z.array(
    z.object({
      surveyId: z.uuid(),
      surveyTitle: z.string(),
      key: z.string(),
      text: z.string(),
      asked: z.number().int(),
      answered: z.number().int(),
      answerRate: z.number().nullable(),
      middleShare: z.number().nullable(),
      reason: z.enum(['unanswered', 'indifferent']),
    }),
  ),
});
export type Silence = z.infer<typeof SilenceSchema>;

export const AccountTrendSchema = z.object({
  quarters: z.array(
    z.object({
      quarter: z.string(),
      n: z.number().int(),
      nps: z.number().nullable(),
      npsMean: z.number().nullable(),
      summaryIndex: z.number().nullable(),
      smallSample: z.boolean(),
    }),
  ),
});
export type AccountTrend = z.infer<typeof AccountTrendSchema>;

export const AccountCommentListSchema = z.object({
  comments: z.array(
    z.object({
      responseId: z.uuid(),
      accountId: z.uuid(),
      accountName: z.string(),
      contactName: z.string().nullable(),
      submittedAt: z.string(),
      nps: z.number().nullable(),
      text: z.string(),
    }),
  ),
});
export type AccountCommentList = z.infer<typeof AccountCommentListSchema>;
