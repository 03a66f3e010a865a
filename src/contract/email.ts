import { z } from 'zod';

/** A bounce or complaint from the mail provider's webhook. */
export const EmailEventSchema = z
  .object({
    type: z.enum(['bounce', 'complaint'], { error: 'Use "bounce" or "complaint"' }),
    email: z.email('Use the recipient\u2019s email address'),
    /** For bounces: hard (the address does not exist) or soft (a full mailbox, a server away); hard when left out. */
    bounceType: z.enum(['hard', 'soft'], { error: 'Use "hard" or "soft"' }).optional(),
    /** The Message-ID of the message that bounced ('<…@…>'), to mark its invitation. */
    messageId: z.string().min(3).max(300).optional(),
    at: z.iso.datetime({ offset: true, message: 'Use an ISO date-time, e.g. 2026-01-31T12:00:00Z' }).optional(),
  })
  .strict();
export type EmailEventInput = z.infer<typeof EmailEventSchema>;

export const EmailEventsSchema = z.object({
  events: z.array(EmailEventSchema).min(1, 'Send at least one event').max(1_000, 'Send at most 1,000 events at a time'),
});
export type EmailEventsInput = z.infer<typeof EmailEventsSchema>;

export const EmailEventsResultSchema = z.object({
  /** Events in the request. */
  received: z.number().int(),
  /** Events seen for the first time, which changed a contact. */
  applied: z.number().int(),
  /** Events received before (a webhook's retry): nothing changed. */
  duplicates: z.number().int(),
  /** Events for addresses that are no contact of the company. */
  unknown: z.number().int(),
});
export type EmailEventsResult = z.infer<typeof EmailEventsResultSchema>;

export const OutboxQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` of the previous page. */
  before: z.string().max(200).optional(),
});
export type OutboxQuery = z.input<typeof OutboxQuerySchema>;

export const OutboxItemSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  invitationId: z.uuid().nullable(),
  messageId: z.string(),
  createdAt: z.string(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const OutboxPageSchema = z.object({
  items: z.array(OutboxItemSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
  /** How mail is sent: 'outbox' when no SMTP server is configured, so mail is held here. */
  mode: z.enum(['smtp', 'outbox']),
});
export type OutboxPage = z.infer<typeof OutboxPageSchema>;

export const OutboxMessageSchema = OutboxItemSchema.extend({
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
