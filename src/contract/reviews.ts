import { z } from 'zod';
import { GoalSchema } from './goals.ts';

/** A calendar month, YYYY-MM. */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM, e.g. 2026-11');

export const MonthlyReviewQuerySchema = z.object({
  /** The unit to review; default: the reader's own unit. */
  unitId: z.uuid('Use the id of a unit').optional(),
  /** Default: the last complete month. */
  month: MonthSchema.optional(),
});
export type MonthlyReviewQuery = z.infer<typeof MonthlyReviewQuerySchema>;

const PeriodValueSchema = z.object({ value: z.number().nullable(), n: z.number().int(), difference: z.number().nullable(), significant: z.boolean() });

/** A survey's headline metric (NPS, or CSAT) in the month, with its margin of error and two comparisons. */
export const HeadlineSchema = z.object({
  surveyId: z.uuid(),
  surveyTitle: z.string(),
  key: z.string(),
  text: z.string(),
  metric: z.enum(['nps', 'csat']),
  value: z.number().nullable(),
  /** Half-width of the 95 % interval, in the metric's points. */
  marginOfError: z.number().nullable(),
  n: z.number().int(),
  previousMonth: PeriodValueSchema,
  yearAgo: PeriodValueSchema,
});
export type Headline = z.infer<typeof HeadlineSchema>;

export const ReviewCommentSchema = z.object({ text: z.string(), score: z.number().nullable(), submittedAt: z.string() });
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

/** A key experience problem: a question (or touch point's item) among the weakest, or worse than last month. */
export const ReviewProblemSchema = z.object({
  surveyId: z.uuid(),
  surveyTitle: z.string(),
  key: z.string(),
  text: z.string(),
  touchPoints: z.array(z.string()),
  n: z.number().int(),
  /** The mean rescaled to 0–100, this month and the month before. */
  score: z.number().nullable(),
  previousScore: z.number().nullable(),
  /** Change of the item's metric against the previous month, and whether it is significant. */
  change: z.number().nullable(),
  significant: z.boolean(),
  /** Share of detractors (NPS) or of the two lowest answers (other scales), 0–1. */
  detractorShare: z.number().nullable(),
  reasons: z.array(z.enum(['low', 'declined'])),
  /** Fewer than 30 answers: read it as a hint, not a finding. */
  smallSample: z.boolean(),
  /** One or two of the month's comments by those who scored it lowest. */
  comments: z.array(ReviewCommentSchema),
});
export type ReviewProblem = z.infer<typeof ReviewProblemSchema>;

export const ReviewAccountSchema = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  name: z.string(),
  unitName: z.string(),
  owner: z.string().nullable(),
  billedRevenue: z.number().nullable(),
  summaryIndex: z.number().nullable(),
  previousSummaryIndex: z.number().nullable(),
});
export type ReviewAccount = z.infer<typeof ReviewAccountSchema>;

/** The unit's cases opened in the month: what was found and what was done (closed ones the customer was told of first). */
export const ReviewCasesSchema = z.object({
  opened: z.number().int(),
  closed: z.number().int(),
  /** Share of the closed cases resolved within their deadline, 0–1. */
  withinDeadlineShare: z.number().nullable(),
  /** Medians in business minutes. */
  ackMedianMinutes: z.number().nullable(),
  closeMedianMinutes: z.number().nullable(),
  topRootCauses: z.array(z.object({ label: z.string(), count: z.number().int() })),
  notable: z.array(z.object({ title: z.string(), resolution: z.string().nullable(), customerToldAt: z.string().nullable(), closedAt: z.string() })),
});
export type ReviewCases = z.infer<typeof ReviewCasesSchema>;

export const MonthlyReviewSchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  /** The units the reader may review. */
  units: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), depth: z.number().int() })),
  month: MonthSchema,
  from: z.string(),
  to: z.string(),
  headlines: z.array(HeadlineSchema),
  /** Worst first: significant declines, then the weakest items. */
  problems: z.array(ReviewProblemSchema),
  /** Accounts that moved into At-Risk (quarter ending with the month against the quarter before); null for roles that may not read accounts. */
  accounts: z.object({ intoAtRisk: z.array(ReviewAccountSchema), atRisk: z.number().int(), revenueAtRisk: z.number() }).nullable(),
  /** Null for roles that may not read cases. */
  cases: ReviewCasesSchema.nullable(),
  /** The goals of the unit and below, with their progress. */
  goals: z.array(GoalSchema),
});
export type MonthlyReview = z.infer<typeof MonthlyReviewSchema>;

export const RelationshipSummaryQuerySchema = z.object({
  unitId: z.uuid('Use the id of a unit').optional(),
});
export type RelationshipSummaryQuery = z.infer<typeof RelationshipSummaryQuerySchema>;

export const QuarterScoreSchema = z.object({ quarter: z.string(), value: z.number().nullable(), n: z.number().int(), marginOfError: z.number().nullable() });

/** An item of a relationship survey over the four quarters (0–100), weakest in the latest quarter first. */
export const RelationshipItemSchema = z.object({
  surveyId: z.uuid(),
  key: z.string(),
  text: z.string(),
  scores: z.array(z.object({ quarter: z.string(), score: z.number().nullable(), n: z.number().int() })),
  /** Latest quarter against the one before, and against the first of the four, in 0–100 points. */
  changeFromPrevious: z.number().nullable(),
  changeOverYear: z.number().nullable(),
});

export const RecurringIssueSchema = z.object({ term: z.string(), quarters: z.number().int(), mentions: z.number().int(), example: z.string() });

export const RelationshipSummarySchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  units: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), depth: z.number().int() })),
  quarters: z.array(z.string()),
  surveys: z.array(z.object({ surveyId: z.uuid(), title: z.string(), metric: z.enum(['nps', 'csat']).nullable(), trend: z.array(QuarterScoreSchema) })),
  weakest: z.array(RelationshipItemSchema),
  accounts: z
    .object({
      atRisk: z.array(ReviewAccountSchema),
      dangling: z.array(ReviewAccountSchema),
      /** The account team rated the relationship better than its contacts did, widest first. */
      perceptionGaps: z.array(z.object({ id: z.uuid(), name: z.string(), teamRating: z.string(), summaryIndex: z.number().nullable(), points: z.number() })),
    })
    .nullable(),
  /** Words that recur in low scorers' comments in more than one quarter. */
  recurringIssues: z.array(RecurringIssueSchema),
});
export type RelationshipSummary = z.infer<typeof RelationshipSummarySchema>;

/**
 * What an account's contacts told the company and what it is doing about it, fit to show the
 * customer: their scores by quarter, their comments, and the actions taken. Nothing internal (no
 * revenue, quadrant, team assessment, owner or contact addresses).
 */
export const AccountReportSchema = z.object({
  account: z.object({ id: z.uuid(), name: z.string() }),
  companyName: z.string(),
  from: z.string(),
  to: z.string(),
  quarters: z.array(z.object({ quarter: z.string(), nps: z.number().nullable(), n: z.number().int() })),
  comments: z.array(z.object({ surveyTitle: z.string(), submittedAt: z.string(), text: z.string(), score: z.number().nullable() })),
  /** Cases whose customer was told what was done: the root cause's label and the resolution, newest first. */
  actions: z.array(z.object({ title: z.string(), resolution: z.string(), toldOn: z.string() })),
});
export type AccountReport = z.infer<typeof AccountReportSchema>;

export const ReportLinkCreateSchema = z.object({
  /** How long the link works: 1 to 90 days (default 30). */
  expiresInDays: z.number().int('Use a whole number of days').min(1, 'At least one day').max(90, 'At most 90 days').default(30),
});
export type ReportLinkCreateInput = z.infer<typeof ReportLinkCreateSchema>;

export const ReportLinkSchema = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastOpenedAt: z.string().nullable(),
  active: z.boolean(),
});
export type ReportLink = z.infer<typeof ReportLinkSchema>;
/** A new link: its URL (with the token) is shown this once and never stored. */
export const ReportLinkCreatedSchema = ReportLinkSchema.extend({ url: z.string() });
export type ReportLinkCreated = z.infer<typeof ReportLinkCreatedSchema>;
export const ReportLinkListSchema = z.object({ links: z.array(ReportLinkSchema) });
export type ReportLinkList = z.infer<typeof ReportLinkListSchema>;
export const ReportLinkParamsSchema = z.object({ id: z.uuid('Use an account id'), linkId: z.uuid('Use a link id') });
