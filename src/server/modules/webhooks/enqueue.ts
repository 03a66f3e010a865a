import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { WebhookEventType, WebhookPayload } from '../../../contract/webhooks.ts';
import type { Db } from '../../db/connect.ts';
import { WEBHOOK_MAX_ATTEMPTS } from './backoff.ts';

/**
 * Puts an event in the webhook queue: for one endpoint of the company when `endpointId` is given,
 * else for every active endpoint subscribed to the event type. Call it inside the transaction that
 * makes the change, so the event exists exactly when the change does. The dedupe key is kept once
 * per endpoint: a second call with the same key enqueues nothing.
 */

export interface WebhookEventInput {
  companyId: string;
  eventType: WebhookEventType;
  payload: WebhookPayload;
  /** What makes this event this event, e.g. `case.opened:<case id>`; at most 200 characters. */
  dedupeKey: string;
  endpointId?: string;
  /** When it is due: the caller's `services.now()`, so a controlled clock controls it. */
  now?: Date;
}

export interface EnqueuedEvent {
  eventId: string;
  /** The deliveries made (one per endpoint that did not have the dedupe key yet). */
  deliveryIds: string[];
}

export async function enqueueWebhookEvent(db: Db, input: WebhookEventInput): Promise<EnqueuedEvent> {
  if (input.dedupeKey.length === 0 || input.dedupeKey.length > 200) throw new Error('a webhook dedupe key has 1 to 200 characters');
  let endpoints = db.selectFrom('webhook_endpoints').select('id').where('company_id', '=', input.companyId);
  endpoints = input.endpointId
    ? endpoints.where('id', '=', input.endpointId)
    : endpoints.where('active', '=', true).where(sql<boolean>`${input.eventType} = any(event_types)`);
  const targets = await endpoints.execute();
  const eventId = randomUUID();
  if (targets.length === 0) return { eventId, deliveryIds: [] };
  const due = input.now ?? new Date();
  const rows = await db
    .insertInto('webhook_deliveries')
    .values(
      targets.map((t) => ({
        endpoint_id: t.id,
        company_id: input.companyId,
        event_id: eventId,
        event_type: input.eventType,
        payload: JSON.stringify(input.payload),
        dedupe_key: input.dedupeKey,
        max_attempts: WEBHOOK_MAX_ATTEMPTS,
        next_attempt_at: due,
        created_at: due,
      })),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}
