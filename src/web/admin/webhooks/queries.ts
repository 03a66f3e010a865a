import { queryOptions } from '@tanstack/react-query';
import type { WebhookCreateInput, WebhookDelivery, WebhookDeliveryPage, WebhookEndpoint, WebhookUpdateInput, WebhookWithSecret } from '../../../contract/webhooks.ts';
import { query, request } from '../api.ts';

/** The webhook calls of Settings → Webhooks, and their query keys. */

export type { WebhookDelivery, WebhookDeliveryPage, WebhookEndpoint, WebhookWithSecret };

const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export const webhookApi = {
  list: () => request<{ webhooks: WebhookEndpoint[] }>('GET', '/webhooks'),
  create: (input: WebhookCreateInput) => request<WebhookWithSecret>('POST', '/webhooks', input),
  update: (id: string, input: WebhookUpdateInput) => request<WebhookEndpoint>('PATCH', path(id), input),
  remove: (id: string) => request<void>('DELETE', path(id)),
  rotate: (id: string) => request<WebhookWithSecret>('POST', `${path(id)}/rotate-secret`),
  test: (id: string) => request<{ eventId: string; deliveryId: string }>('POST', `${path(id)}/test`),
  deliveries: (id: string, params: { status?: string | undefined; limit: number; offset: number }) => request<WebhookDeliveryPage>('GET', `${path(id)}/deliveries${query(params)}`),
  redeliver: (id: string, deliveryId: string) => request<WebhookDelivery>('POST', `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
};

export const webhooksQuery = queryOptions({ queryKey: ['webhooks'], queryFn: webhookApi.list });

export const DELIVERY_PAGE_SIZE = 20;

export const deliveriesQuery = (id: string, status: string | undefined, offset: number) =>
  queryOptions({
    queryKey: ['webhooks', id, 'deliveries', status ?? 'all', offset],
    queryFn: () => webhookApi.deliveries(id, { status, limit: DELIVERY_PAGE_SIZE, offset }),
    // Pending deliveries change on their own as the worker posts them.
    refetchInterval: (q) => (q.state.data?.deliveries.some((d) => d.status === 'pending') ? 3_000 : false),
  });
