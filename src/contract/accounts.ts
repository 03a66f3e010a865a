import { z } from 'zod';
import { AttributesSchema, CrmIdSchema, MAX_UPSERT_ROWS, RevenueSchema, UpsertModeSchema } from './customer-fields.ts';

export const ACCOUNT_STATUSES = ['active', 'defected'] as const;
export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES);

export const ASSESSMENT_RATINGS = ['superior', 'good', 'fair', 'at_risk'] as const;
export const AssessmentRatingSchema = z.enum(ASSESSMENT_RATINGS);
export type AssessmentRating = z.infer<typeof AssessmentRatingSchema>;

/**
 * One account to create or update, keyed by its CRM id within the company. A field left out keeps
 * its stored value; null clears an optional one.
 */
export const AccountRowSchema = z.strictObject({
  crmId: CrmIdSchema,
  name: z.string().trim().min(1, 'Give the account a name').max(200).optional(),
  code: z.string().trim().min(1).max(8, 'A code has at most 8 characters').nullable().optional(),
  unitId: z.uuid('Use a unit id (a UUID), or give the unit by name').optional(),
  /** A unit's name within the company ("Europe", or "Banking / Europe" when names repeat). */
  unit: z.string().trim().min(1).max(300).optional(),
  /** The account executive: a user of the company, by login email; null removes the owner. */
  ownerEmail: z.email('Use the owner’s login email').nullable().optional(),
  billedRevenue: RevenueSchema.optional(),
  bookedRevenue: RevenueSchema.optional(),
  potentialRevenue: RevenueSchema.optional(),
  revenuePeriod: z.string().trim().min(1).max(20, 'A period such as FY2026').nullable().optional(),
  keyAccount: z.boolean().optional(),
  status: AccountStatusSchema.optional(),
  attributes: AttributesSchema.optional(),
});
export type AccountRowInput = z.input<typeof AccountRowSchema>;
export type AccountRow = z.infer<typeof AccountRowSchema>;

/** Rows are checked one by one (each bad row is reported with its number), so the body takes any objects. */
export const AccountUpsertSchema = z.object({
  rows: z.array(z.unknown()).min(1, 'Send at least one row').max(MAX_UPSERT_ROWS, `Send at most ${MAX_UPSERT_ROWS} rows a call`),
  mode: UpsertModeSchema.default('all-or-nothing'),
});
export type AccountUpsertInput = z.input<typeof AccountUpsertSchema>;

export const AssessmentCreateSchema = z.strictObject({
  rating: AssessmentRatingSchema,
  note: z.string().trim().max(2_000).optional(),
  /** The day the assessment is about; today when left out. */
  assessedOn: z.iso.date('Use a date as YYYY-MM-DD').optional(),
});
export type AssessmentCreateInput = z.input<typeof AssessmentCreateSchema>;

export const AssessmentSchema = z.object({
  id: z.uuid(),
  rating: AssessmentRatingSchema,
  note: z.string().nullable(),
  assessedOn: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

export const AccountListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  unitId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  status: AccountStatusSchema.optional(),
  keyAccount: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** The latest self-assessment's rating, or "none" for accounts never assessed. */
  assessment: z.enum([...ASSESSMENT_RATINGS, 'none']).optional(),
  sort: z.enum(['name', '-name', 'billedRevenue', '-billedRevenue']).default('name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AccountListQuery = z.input<typeof AccountListQuerySchema>;
export type AccountListFilter = z.output<typeof AccountListQuerySchema>;

export const AccountSummarySchema = z.object({
  id: z.uuid(),
  crmId: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  unitId: z.uuid(),
  unitName: z.string(),
  owner: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  billedRevenue: z.number().nullable(),
  bookedRevenue: z.number().nullable(),
  potentialRevenue: z.number().nullable(),
  revenuePeriod: z.string().nullable(),
  keyAccount: z.boolean(),
  status: AccountStatusSchema,
  assessment: AssessmentSchema.nullable(),
  contactCount: z.number().int(),
  updatedAt: z.string(),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

export const AccountListSchema = z.object({
  accounts: z.array(AccountSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type AccountList = z.infer<typeof AccountListSchema>;

export const AccountContactSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  audienceRole: z.string().nullable(),
  locale: z.string(),
  timeZone: z.string(),
  consent: z.enum(['granted', 'unknown', 'withdrawn']),
  optedOut: z.boolean(),
  bounceState: z.enum(['none', 'soft', 'hard', 'complaint']),
});
export type AccountContact = z.infer<typeof AccountContactSchema>;

export const AccountDetailSchema = AccountSummarySchema.extend({
  unitPath: z.string(),
  attributes: z.record(z.string(), z.string()),
  createdAt: z.string(),
  contacts: z.array(AccountContactSchema),
  assessments: z.array(AssessmentSchema),
  /** Invitations of the account's contacts by status (scheduled, sent, suppressed ...). */
  invitations: z.record(z.string(), z.number().int()),
  recentResponses: z.array(
    z.object({
      id: z.uuid(),
      surveyId: z.uuid(),
      surveyTitle: z.string(),
      contactId: z.uuid().nullable(),
      contactName: z.string().nullable(),
      submittedAt: z.string(),
      status: z.enum(['complete', 'partial']),
      nps: z.number().nullable(),
    }),
  ),
  /** Whether the caller may record an assessment (write permission, or the account's owner). */
  canAssess: z.boolean(),
});
export type AccountDetail = z.infer<typeof AccountDetailSchema>;
