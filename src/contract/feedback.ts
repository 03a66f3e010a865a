import { z } from 'zod';

/**
 * Feedback items: what customers said outside a survey (interview and focus-group notes, forum posts,
 * observations, complaint letters), entered in the app or imported from CSV; analysed like comments.
 */

export const FEEDBACK_KINDS = ['interview', 'focus_group', 'forum_post', 'observation', 'complaint_letter', 'other'] as const;
export const FeedbackKindSchema = z.enum(FEEDBACK_KINDS, { error: `Use one of: ${FEEDBACK_KINDS.join(', ')}` });
export type FeedbackKind = z.infer<typeof FeedbackKindSchema>;

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = {
  interview: 'Interview',
  focus_group: 'Focus group',
  forum_post: 'Forum post',
  observation: 'Observation',
  complaint_letter: 'Complaint letter',
  other: 'Other',
};

export const MAX_FEEDBACK_BODY = 20_000;

const Day = z.iso.date('Give the day as YYYY-MM-DD');

const fields = {
  kind: FeedbackKindSchema,
  title: z.string().trim().max(200, 'At most 200 characters').nullable().optional(),
  body: z.string().trim().min(1, 'Write what was said').max(MAX_FEEDBACK_BODY, `At most ${MAX_FEEDBACK_BODY.toLocaleString('en')} characters`),
  author: z.string().trim().min(1, 'Say who wrote it down (the interviewer, moderator or observer)').max(200),
  /** The day it was said or seen. */
  occurredOn: Day,
  unitId: z.uuid('Choose the unit'),
  accountId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  touchPointId: z.uuid().nullable().optional(),
  /** The id in the system it came from: a second create or import with the same id updates the item. */
  externalId: z.string().trim().min(1).max(200).nullable().optional(),
};

export const FeedbackCreateSchema = z.object(fields).strict();
export type FeedbackCreateInput = z.input<typeof FeedbackCreateSchema>;
export type FeedbackCreate = z.infer<typeof FeedbackCreateSchema>;

export const FeedbackUpdateSchema = z
  .object({ ...fields, kind: fields.kind.optional(), body: fields.body.optional(), author: fields.author.optional(), occurredOn: Day.optional(), unitId: fields.unitId.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type FeedbackUpdate = z.infer<typeof FeedbackUpdateSchema>;

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined))
  .pipe(z.array(FeedbackKindSchema).optional());

export const FeedbackListQuerySchema = z
  .object({
    kind: csv,
    unitId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    touchPointId: z.uuid().optional(),
    author: z.string().trim().min(1).max(200).optional(),
    /** Words the title or body contains (case-insensitive). */
    q: z.string().trim().min(1).max(200).optional(),
    from: Day.optional(),
    to: Day.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `next` of the previous page. */
    after: z.string().max(200).optional(),
  })
  .strict();
export type FeedbackListQuery = z.infer<typeof FeedbackListQuerySchema>;

const Ref = z.object({ id: z.string(), name: z.string() }).nullable();

/** The analysis of the item's text, once its verbatim row exists. */
export const FeedbackAnalysisSchema = z
  .object({
    sentiment: z.number(),
    label: z.enum(['negative', 'neutral', 'positive']),
    themes: z.array(z.object({ key: z.string(), name: z.string() })),
    sentences: z.array(z.object({ text: z.string(), sentiment: z.number(), label: z.enum(['negative', 'neutral', 'positive']), themes: z.array(z.string()) })),
    analysedAt: z.string(),
  })
  .nullable();

export const FeedbackItemSchema = z.object({
  id: z.string(),
  kind: FeedbackKindSchema,
  title: z.string().nullable(),
  body: z.string(),
  author: z.string(),
  occurredOn: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  account: Ref,
  contact: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  touchPoint: Ref,
  externalId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).nullable(),
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export const FeedbackDetailSchema = FeedbackItemSchema.extend({ analysis: FeedbackAnalysisSchema });
export type FeedbackDetail = z.infer<typeof FeedbackDetailSchema>;

export const FeedbackListSchema = z.object({ items: z.array(FeedbackItemSchema), next: z.string().nullable() });
export type FeedbackList = z.infer<typeof FeedbackListSchema>;

/** The answer to an import: counts, and every bad row by line and column. */
export const FeedbackImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() })),
});
export type FeedbackImportResult = z.infer<typeof FeedbackImportResultSchema>;

/** PII masking at ingest: comments, case notes and feedback items are masked before they are stored. */
export const TextSettingsSchema = z.object({ maskPii: z.boolean() }).strict();
export type TextSettings = z.infer<typeof TextSettingsSchema>;
