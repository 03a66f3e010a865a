import { z } from 'zod';
import { ContactPolicySchema, SUPPRESSION_REASONS } from '../core/contact-policy-rules.ts';
import { ProgrammeConfigSchema } from '../core/programme.ts';

export const ProgrammeKindSchema = z.enum(['persistent', 'periodic', 'pulsed']);
export const ProgrammeStatusSchema = z.enum(['draft', 'active', 'paused', 'ended']);
export const InvitationStatusSchema = z.enum(['scheduled', 'suppressed', 'sending', 'sent', 'failed', 'cancelled']);
export const SuppressionReasonSchema = z.enum(SUPPRESSION_REASONS);

/** How many invitations are where, and how many were answered. */
export const ProgrammeStatsSchema = z.object({
  scheduled: z.number().int(),
  suppressed: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  opened: z.number().int(),
  started: z.number().int(),
  completed: z.number().int(),
  bounced: z.number().int(),
  unsubscribed: z.number().int(),
  /** completed / sent; null before anything was sent. */
  responseRate: z.number().nullable(),
});
export type ProgrammeStats = z.infer<typeof ProgrammeStatsSchema>;

export const ProgrammeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: ProgrammeKindSchema,
  status: ProgrammeStatusSchema,
  survey: z.object({ id: z.uuid(), title: z.string(), slug: z.string(), status: z.string() }),
  unitId: z.uuid(),
  unitName: z.string(),
  touchPoint: z.object({ key: z.string(), name: z.string() }).nullable(),
  quota: z.number().int().nullable(),
  /** True once the quota's responses are in: nothing more is sent. */
  quotaReached: z.boolean(),
  config: ProgrammeConfigSchema,
  stats: ProgrammeStatsSchema,
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
});
export type Programme = z.infer<typeof ProgrammeSchema>;

export const ProgrammeListSchema = z.object({ programmes: z.array(ProgrammeSchema) });

export const ProgrammeCreateSchema = z.object({
  name: z.string().trim().min(1, 'Give the programme a name').max(200),
  surveyId: z.uuid('Choose the survey the programme sends'),
  unitId: z.uuid('Choose the unit the programme belongs to').optional(),
  touchPointKey: z.string().min(1).max(60).nullable().optional(),
  quota: z.number().int().min(1, 'A quota is at least one response').nullable().optional(),
  config: ProgrammeConfigSchema,
});
export type ProgrammeCreateInput = z.input<typeof ProgrammeCreateSchema>;

export const ProgrammeUpdateSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the programme a name').max(200).optional(),
    touchPointKey: z.string().min(1).max(60).nullable().optional(),
    quota: z.number().int().min(1, 'A quota is at least one response').nullable().optional(),
    config: ProgrammeConfigSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Send at least one of name, touchPointKey, quota or config' });
export type ProgrammeUpdateInput = z.input<typeof ProgrammeUpdateSchema>;

export const ProgrammeActionSchema = z.object({ action: z.enum(['activate', 'pause', 'end']) });

const PersonSchema = z.object({
  contactId: z.uuid().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  audienceRole: z.string().nullable(),
  accountId: z.uuid().nullable(),
  accountName: z.string().nullable(),
});

/** Who would be invited and who would be suppressed, and why — nothing is written. */
export const DryRunSchema = z.object({
  /** What was looked at: the population, the segment's sample, or the events replayed. */
  basis: z.string(),
  candidates: z.number().int(),
  invite: z.number().int(),
  suppressed: z.number().int(),
  byReason: z.array(z.object({ reason: SuppressionReasonSchema, count: z.number().int() })),
  /** The first rows of each outcome, in send order. */
  rows: z.array(
    PersonSchema.extend({
      at: z.string(),
      outcome: z.enum(['invite', 'suppressed']),
      reason: SuppressionReasonSchema.nullable(),
      detail: z.string().nullable(),
    }),
  ),
});
export type DryRun = z.infer<typeof DryRunSchema>;

export const InvitationSchema = PersonSchema.extend({
  id: z.uuid(),
  programmeId: z.uuid(),
  programmeName: z.string(),
  wave: z.string(),
  status: InvitationStatusSchema,
  scheduledAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
  remindersSent: z.number().int(),
  reason: SuppressionReasonSchema.nullable(),
  detail: z.string().nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const InvitationQuerySchema = z.object({
  status: InvitationStatusSchema.optional(),
  reason: SuppressionReasonSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const InvitationListSchema = z.object({ invitations: z.array(InvitationSchema), total: z.number().int() });

export const RateGroupingSchema = z.enum(['wave', 'owner', 'unit', 'audience']);
export const RatesQuerySchema = z.object({ by: RateGroupingSchema.default('wave') });

/** Response rates of a programme, grouped. */
export const RatesSchema = z.object({
  by: RateGroupingSchema,
  groups: z.array(
    z.object({ key: z.string(), label: z.string(), sent: z.number().int(), completed: z.number().int(), rate: z.number().nullable() }),
  ),
});
export type Rates = z.infer<typeof RatesSchema>;

export const ContactPolicyBodySchema = ContactPolicySchema;
export const ContactPolicyResponseSchema = z.object({ rules: ContactPolicySchema, updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });

/** An event from another system, e.g. a closed service call; idempotent by `id`. */
export const EventInputSchema = z.object({
  id: z.string().trim().min(1, 'Give the event the id it has in your system').max(200),
  type: z.string().regex(/^[a-z][a-z0-9_.-]{0,79}$/, 'An event type reads like service_call.closed'),
  occurredAt: z.iso.datetime({ offset: true, message: 'occurredAt is an ISO date-time with an offset, e.g. 2026-12-01T09:30:00Z' }),
  contact: z
    .object({
      email: z.email('Give the contact a valid email').optional(),
      crmId: z.string().min(1).max(200).optional(),
      name: z.string().max(200).optional(),
      locale: z.string().max(20).optional(),
      timeZone: z.string().max(60).optional(),
      audienceRole: z.string().max(60).optional(),
    })
    .refine((c) => c.email !== undefined || c.crmId !== undefined, 'Name the contact by email or crmId'),
  account: z.object({ crmId: z.string().min(1).max(200) }).optional(),
  touchPoint: z.string().min(1).max(60).optional(),
  attributes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'Attribute names are lowercase words joined by _'), z.union([z.string().max(1_000), z.number(), z.boolean()])).default({}),
});
export type EventInput = z.input<typeof EventInputSchema>;

export const EventResultSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  /** True when this id was received before: nothing new happened. */
  duplicate: z.boolean(),
  outcomes: z.array(z.object({ programmeId: z.uuid(), result: z.enum(['invited', 'skipped']), reason: z.string().optional(), invitationId: z.uuid().optional() })),
});
export type EventResult = z.infer<typeof EventResultSchema>;
