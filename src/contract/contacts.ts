import { z } from 'zod';
import { AccountContactSchema } from './accounts.ts';
import { AttributesSchema, CrmIdSchema, LocaleSchema, MAX_UPSERT_ROWS, TimeZoneSchema, UpsertModeSchema } from './customer-fields.ts';

export const CONSENTS = ['granted', 'unknown', 'withdrawn'] as const;
export const ConsentSchema = z.enum(CONSENTS);

/**
 * One contact to create or update within the company, found by CRM id when given, else by email. A
 * field left out keeps its stored value. An import may opt a contact out, never back in (that takes an
 * admin on the contact's page).
 */
export const ContactRowSchema = z
  .strictObject({
    email: z.email('Use an email address').max(320).optional(),
    crmId: CrmIdSchema.optional(),
    /** The contact's account, by its CRM id; null detaches the contact. */
    accountCrmId: CrmIdSchema.nullable().optional(),
    name: z.string().trim().min(1).max(200).nullable().optional(),
    locale: LocaleSchema.optional(),
    timeZone: TimeZoneSchema.optional(),
    audienceRole: z.string().trim().min(1).max(60).nullable().optional(),
    consent: ConsentSchema.optional(),
    optedOut: z.boolean().optional(),
    /** The contact's unit when it is not its account's (by id or name, as for accounts). */
    unitId: z.uuid().optional(),
    unit: z.string().trim().min(1).max(300).optional(),
    attributes: AttributesSchema.optional(),
  })
  .refine((r) => r.email !== undefined || r.crmId !== undefined, { message: 'Give the email or the CRM id', path: ['email'] });
export type ContactRowInput = z.input<typeof ContactRowSchema>;
export type ContactRow = z.infer<typeof ContactRowSchema>;

export const ContactUpsertSchema = z.object({
  rows: z.array(z.unknown()).min(1, 'Send at least one row').max(MAX_UPSERT_ROWS, `Send at most ${MAX_UPSERT_ROWS} rows a call`),
  mode: UpsertModeSchema.default('all-or-nothing'),
});
export type ContactUpsertInput = z.input<typeof ContactUpsertSchema>;

export const ContactListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  accountId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ContactListQuery = z.input<typeof ContactListQuerySchema>;

export const ContactSummarySchema = AccountContactSchema.extend({
  crmId: z.string().nullable(),
  accountId: z.uuid().nullable(),
  accountName: z.string().nullable(),
  unitId: z.uuid(),
});
export type ContactSummary = z.infer<typeof ContactSummarySchema>;

export const ContactListSchema = z.object({ contacts: z.array(ContactSummarySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type ContactList = z.infer<typeof ContactListSchema>;

const InvitationItem = z.object({
  kind: z.literal('invitation'),
  at: z.string(),
  id: z.uuid(),
  programmeName: z.string(),
  surveyTitle: z.string(),
  wave: z.string(),
  status: z.string(),
  scheduledAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  suppressionReason: z.string().nullable(),
  suppressionDetail: z.string().nullable(),
});
const ResponseItem = z.object({
  kind: z.literal('response'),
  at: z.string(),
  id: z.uuid(),
  surveyId: z.uuid(),
  surveyTitle: z.string(),
  status: z.enum(['complete', 'partial']),
  nps: z.number().nullable(),
});
const EventItem = z.object({ kind: z.literal('event'), at: z.string(), id: z.uuid(), type: z.string(), touchPoint: z.string().nullable() });
const StateItem = z.object({
  kind: z.literal('state'),
  at: z.string(),
  /** contact.opt_out, contact.opt_in, contact.bounce, or the import that opted the contact out. */
  action: z.string(),
  by: z.string(),
  detail: z.string().nullable(),
});
export const ContactHistoryItemSchema = z.discriminatedUnion('kind', [InvitationItem, ResponseItem, EventItem, StateItem]);
export type ContactHistoryItem = z.infer<typeof ContactHistoryItemSchema>;

export const ContactDetailSchema = ContactSummarySchema.extend({
  unitName: z.string(),
  attributes: z.record(z.string(), z.string()),
  optedOutAt: z.string().nullable(),
  optOutSource: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Newest first. */
  history: z.array(ContactHistoryItemSchema),
});
export type ContactDetail = z.infer<typeof ContactDetailSchema>;

export const OptOutSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });
export const OptInSchema = z.strictObject({ reason: z.string().trim().min(3, 'Say why the opt-out is cleared (the customer asked, in writing, on ...)').max(500) });
export type OptInInput = z.input<typeof OptInSchema>;
