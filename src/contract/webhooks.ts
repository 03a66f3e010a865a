import { z } from 'zod';

/**
 * Outgoing webhooks: a company's endpoints, the events they subscribe to, and the log of deliveries.
 * A generic endpoint gets signed JSON (docs/decisions/0017-webhook-signatures.md); a Slack endpoint
 * gets a Slack-compatible message.
 */

export const WEBHOOK_EVENT_TYPES = ['alert.fired', 'case.opened', 'case.assigned', 'case.escalated', 'case.resolved', 'case.closed', 'webhook.test'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: `Choose event types from: ${WEBHOOK_EVENT_TYPES.join(', ')}` });

export const WEBHOOK_KINDS = ['generic', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const Name = z.string().trim().min(1, 'Give the webhook a name').max(120, 'Keep the name under 120 characters');
const Url = z.string().trim().min(1, 'Give the URL the events are posted to').max(2_000, 'Keep the URL under 2,000 characters');
const EventTypes = z
  .array(WebhookEventTypeSchema)
  .min(1, 'Subscribe to at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((a) => new Set(a).size === a.length, 'Name each event type once');

/**
 * What callers put in an event's payload. Anything goes; `title`, `summary` and `link` (a path in
 * Corridor such as /cases/<id>) make the Slack message.
 */
export interface WebhookPayload {
  title?: string;
  summary?: string;
  link?: string;
  [key: string]: unknown;
}

export const WebhookEndpointSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  active: z.boolean(),
  /** Why Corridor switched the endpoint off (the receiver answered 410 Gone), or null. */
  disabledReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookEndpointListSchema = z.object({ webhooks: z.array(WebhookEndpointSchema) });

/** The endpoint with its signing secret: answered once, on creation and on rotation. */
export const WebhookWithSecretSchema = z.object({ webhook: WebhookEndpointSchema, secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;

export const WebhookCreateSchema = z.object({
  name: Name,
  url: Url,
  kind: z.enum(WEBHOOK_KINDS, { error: 'Choose the kind: generic (signed JSON) or slack (a Slack incoming webhook)' }).default('generic'),
  eventTypes: EventTypes,
  active: z.boolean().default(true),
});
export type WebhookCreateInput = z.input<typeof WebhookCreateSchema>;

export const WebhookUpdateSchema = z
  .object({ name: Name, url: Url, eventTypes: EventTypes, active: z.boolean() })
  .partial()
  .refine((o) => Object.keys(o).length > 0, 'Send at least one of name, url, eventTypes, active');
export type WebhookUpdateInput = z.input<typeof WebhookUpdateSchema>;

export const WebhookAttemptSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The start of what the receiver answered (at most 1,000 characters). */
  responseBody: z.string().nullable(),
});

export const WebhookDeliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attemptLog: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { error: `Filter by status: ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  eventType: WebhookEventTypeSchema.optional(),
  limit: z.coerce.number({ error: 'limit is a number from 1 to 100' }).int().min(1, 'limit is at least 1').max(100, 'limit is at most 100').default(25),
  offset: z.coerce.number({ error: 'offset is a number of rows to skip' }).int().min(0, 'offset is at least 0').default(0),
});
export type WebhookDeliveryQuery = z.input<typeof WebhookDeliveryQuerySchema>;

export const WebhookDeliveryPageSchema = z.object({ deliveries: z.array(WebhookDeliverySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPageSchema>;

export const DeliveryParamsSchema = z.object({ id: z.uuid('Use the id the API gave you (a UUID)'), deliveryId: z.uuid('Use the delivery id the API gave you (a UUID)') });
