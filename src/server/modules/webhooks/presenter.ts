import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../../contract/webhooks.ts';

/** Endpoints and deliveries as the API shows them: never the secret. */

export interface EndpointRow {
  id: string;
  name: string;
  url: string;
  kind: 'generic' | 'slack';
  event_types: string[];
  active: boolean;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export const ENDPOINT_COLUMNS = ['id', 'name', 'url', 'kind', 'event_types', 'active', 'disabled_reason', 'created_by', 'created_at', 'updated_at'] as const;

export function presentEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    kind: r.kind,
    eventTypes: r.event_types as WebhookEventType[],
    active: r.active,
    disabledReason: r.disabled_reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  duration_ms: number | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

export function presentDelivery(r: DeliveryRow, attempts: readonly AttemptRow[]): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    durationMs: r.duration_ms,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    payload: r.payload,
    attemptLog: attempts.map((a) => ({ attempt: a.attempt, startedAt: a.started_at.toISOString(), durationMs: a.duration_ms, statusCode: a.status_code, error: a.error, responseBody: a.response_body })),
  };
}
