import { z } from 'zod';
import { AlertConditionsSchema, AlertScopeSchema } from '../core/alert-conditions.ts';
import { BusinessCalendarSchema, weekdayCalendar } from '../core/business-hours.ts';
import { RoutingStepSchema } from '../core/case-routing.ts';
import { CASE_STAGES, CaseStatusListSchema, DEFAULT_CASE_STATUSES } from '../core/case-workflow.ts';

/** Alert rules, case settings, root causes, queues and cases: the HTTP shapes (decision 0013). */

// ---- alert rules ----

/**
 * What a rule does when its conditions hold. A discriminated union, so further kinds (a webhook,
 * a Slack-compatible post) join without changing the others.
 */
export const AlertActionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('open_case'),
      /** Tried in order; the company's fallback takes what none places. */
      routing: z.array(RoutingStepSchema).min(1).max(10).default([{ type: 'account_owner' }, { type: 'unit_manager' }]),
      notifyAssignee: z.boolean().default(true),
    })
    .strict(),
  z.object({ type: z.literal('email'), to: z.email('an email address') }).strict(),
  /** Post `alert.fired` to one of the company's webhooks: signed JSON, or a Slack-compatible message for a Slack endpoint. */
  z.object({ type: z.literal('webhook'), endpointId: z.uuid('the id of one of the company\'s webhooks') }).strict(),
]);
export type AlertAction = z.infer<typeof AlertActionSchema>;

export const AlertActionsSchema = z.array(AlertActionSchema).min(1, 'at least one action').max(10);

export const AlertRuleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give the rule a name').max(120),
    active: z.boolean().default(true),
    conditions: AlertConditionsSchema,
    scope: AlertScopeSchema.default({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: [] }),
    actions: AlertActionsSchema,
  })
  .strict();
export type AlertRuleInput = z.input<typeof AlertRuleInputSchema>;
/** A change to a rule: only the fields given change (no defaults fill the others). */
export const AlertRuleUpdateSchema = z
  .object({
    name: z.string().trim().min(1, 'give the rule a name').max(120).optional(),
    active: z.boolean().optional(),
    conditions: AlertConditionsSchema.optional(),
    scope: AlertScopeSchema.optional(),
    actions: AlertActionsSchema.optional(),
  })
  .strict();

export const AlertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  conditions: AlertConditionsSchema,
  scope: AlertScopeSchema,
  actions: AlertActionsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  openCases: z.number().int(),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export const AlertRuleListSchema = z.object({ rules: z.array(AlertRuleSchema) });

// ---- settings, root causes, queues ----

export const CaseSettingsSchema = z
  .object({
    calendar: BusinessCalendarSchema.default(weekdayCalendar('UTC')),
    /** Business minutes from opening to the first action (acknowledged or later). */
    firstActionMinutes: z.number().int().min(1).max(60 * 24 * 30).default(240),
    /** Business minutes from opening to resolution. */
    resolutionMinutes: z.number().int().min(1).max(60 * 24 * 90).default(2_400),
    statuses: CaseStatusListSchema.default(DEFAULT_CASE_STATUSES),
    /** Who takes a case no routing step placed. */
    fallbackUserId: z.uuid().nullable().default(null),
  })
  .strict();
export type CaseSettings = z.infer<typeof CaseSettingsSchema>;
export type CaseSettingsInput = z.input<typeof CaseSettingsSchema>;

export const RootCauseInputSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
    label: z.string().trim().min(1).max(80),
    active: z.boolean().default(true),
  })
  .strict();
export const RootCauseSchema = z.object({ id: z.string(), key: z.string(), label: z.string(), active: z.boolean() });
export type RootCause = z.infer<typeof RootCauseSchema>;
export const RootCauseListSchema = z.object({ rootCauses: z.array(RootCauseSchema) });

export const QueueInputSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    touchPointIds: z.array(z.uuid()).max(100).default([]),
    topics: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
    memberIds: z.array(z.uuid()).max(200).default([]),
  })
  .strict();
export const QueueSchema = z.object({
  id: z.string(),
  name: z.string(),
  touchPointIds: z.array(z.string()),
  topics: z.array(z.string()),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type Queue = z.infer<typeof QueueSchema>;
export const QueueListSchema = z.object({ queues: z.array(QueueSchema) });

// ---- cases ----

export const CaseStageSchema = z.enum(CASE_STAGES);

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();

export const CaseListQuerySchema = z
  .object({
    status: csv,
    stage: z.enum([...CASE_STAGES, 'open']).optional(),
    assignee: z.uuid().optional(),
    mine: z.enum(['true', 'false']).optional(),
    unitId: z.uuid().optional(),
    touchPointId: z.uuid().optional(),
    surveyId: z.uuid().optional(),
    rootCauseId: z.uuid().optional(),
    overdue: z.enum(['true', 'false']).optional(),
    openedFrom: z.iso.date('a day as YYYY-MM-DD').optional(),
    openedTo: z.iso.date('a day as YYYY-MM-DD').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

const Person = z.object({ id: z.string(), name: z.string() }).nullable();

export const CaseSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  stage: CaseStageSchema,
  unit: z.object({ id: z.string(), name: z.string() }),
  account: z.object({ id: z.string(), name: z.string() }).nullable(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  assignee: Person,
  queue: z.object({ id: z.string(), name: z.string() }).nullable(),
  touchPoint: z.object({ id: z.string(), name: z.string() }).nullable(),
  rootCause: z.object({ id: z.string(), label: z.string() }).nullable(),
  escalationLevel: z.number().int(),
  escalatedTo: Person,
  openedAt: z.string(),
  firstActionDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  customerToldAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export const CaseListSchema = z.object({ cases: z.array(CaseSummarySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const CaseEventSchema = z.object({ id: z.string(), at: z.string(), kind: z.string(), actor: z.string(), details: z.record(z.string(), z.unknown()) });

const Answer = z.object({ questionId: z.string(), label: z.string(), value: z.string() });

export const CaseDetailSchema = CaseSummarySchema.extend({
  resolution: z.string().nullable(),
  rule: z.object({ id: z.string(), name: z.string() }).nullable(),
  response: z
    .object({ id: z.string(), submittedAt: z.string(), survey: z.object({ id: z.string(), title: z.string() }), answers: z.array(Answer) })
    .nullable(),
  accountDetail: z.object({ id: z.string(), name: z.string(), owner: z.string().nullable(), keyAccount: z.boolean(), status: z.string(), billedRevenue: z.number().nullable() }).nullable(),
  /** For a case an account rule opened: what about the account fired it ("moved into At-Risk (was Model)"). */
  accountTrigger: z.string().nullable(),
  /** Earlier responses and cases of the contact, or of the account when the case has no contact. */
  contactHistory: z.object({
    of: z.enum(['contact', 'account', 'none']),
    responses: z.array(z.object({ id: z.string(), submittedAt: z.string(), survey: z.string(), nps: z.number().nullable() })),
    cases: z.array(z.object({ id: z.string(), number: z.number().int(), title: z.string(), status: z.string(), openedAt: z.string() })),
  }),
  timeline: z.array(CaseEventSchema),
  nextStatuses: z.array(z.object({ key: z.string(), label: z.string(), stage: CaseStageSchema })),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseStatusChangeSchema = z
  .object({
    status: z.string().min(1),
    /** Needed to enter the resolved stage unless the case has them already. */
    rootCauseId: z.uuid().optional(),
    resolution: z.string().trim().min(1).max(5_000).optional(),
    note: z.string().trim().min(1).max(5_000).optional(),
  })
  .strict();
export type CaseStatusChange = z.infer<typeof CaseStatusChangeSchema>;

export const CaseNoteSchema = z.object({ text: z.string().trim().min(1, 'write the note').max(5_000) }).strict();
export const CaseAssignSchema = z.object({ assigneeId: z.uuid().nullable() }).strict();
export const CaseUpdateSchema = z
  .object({
    rootCauseId: z.uuid().nullable().optional(),
    resolution: z.string().trim().max(5_000).nullable().optional(),
    /** When the customer was told what was done (YYYY-MM-DD or an instant); null to clear. */
    customerToldAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).nullable().optional(),
  })
  .strict();
export type CaseUpdate = z.infer<typeof CaseUpdateSchema>;

export const CaseBulkSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(200),
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('assign'), assigneeId: z.uuid().nullable() }).strict(),
      z.object({ type: z.literal('status'), status: z.string().min(1) }).strict(),
    ]),
  })
  .strict();
export type CaseBulk = z.infer<typeof CaseBulkSchema>;
export const CaseBulkResultSchema = z.object({ updated: z.number().int(), refused: z.array(z.object({ id: z.string(), message: z.string() })) });

export const CaseMetricsQuerySchema = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional(), unitId: z.uuid().optional() })
  .strict();

const MetricRow = z.object({
  key: z.string(),
  label: z.string(),
  opened: z.number().int(),
  closed: z.number().int(),
  /** Business minutes from opening to the first action. */
  ackMedianMinutes: z.number().nullable(),
  ackMeanMinutes: z.number().nullable(),
  closeMedianMinutes: z.number().nullable(),
  closeMeanMinutes: z.number().nullable(),
  /** Of the closed cases, the share resolved by their resolution deadline (0–1). */
  withinDeadlineShare: z.number().nullable(),
});
export type CaseMetricRow = z.infer<typeof MetricRow>;
export const CaseMetricsSchema = z.object({ total: MetricRow, byUnit: z.array(MetricRow), byOwner: z.array(MetricRow), byRootCause: z.array(MetricRow) });
export type CaseMetrics = z.infer<typeof CaseMetricsSchema>;

export const CaseCountsSchema = z.object({ mineOpen: z.number().int(), overdue: z.number().int() });

export const CaseAssigneeListSchema = z.object({ assignees: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), unitName: z.string() })) });
