import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import {
  DeliveryParamsSchema,
  WebhookCreateSchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryQuerySchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookUpdateSchema,
  WebhookWithSecretSchema,
} from '../../../contract/webhooks.ts';
import type { Services } from '../../context.ts';
import { listDeliveries, redeliver } from './deliveries.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, sendTestEvent, updateWebhook } from './service.ts';

/** /api/v1/webhooks: the company's outgoing webhooks and their delivery log (admins of the company). */
export function registerWebhookRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

  app.get('/api/v1/webhooks', { schema: { tags, summary: "The company's webhooks (never their secrets)", response: { 200: WebhookEndpointListSchema, ...errors } } }, async (req) => ({
    webhooks: await listWebhooks(svc, req.actor),
  }));

  app.post(
    '/api/v1/webhooks',
    { schema: { tags, summary: 'Add a webhook; the answer holds its signing secret, shown this once', body: WebhookCreateSchema, response: { 201: WebhookWithSecretSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await createWebhook(svc, req.actor, req.body)),
  );

  app.get('/api/v1/webhooks/:id', { schema: { tags, summary: 'One webhook', params: IdParamsSchema, response: { 200: WebhookEndpointSchema, ...errors } } }, async (req) =>
    getWebhook(svc, req.actor, req.params.id),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    { schema: { tags, summary: 'Change a webhook: name, URL, event types, or switch it on or off', params: IdParamsSchema, body: WebhookUpdateSchema, response: { 200: WebhookEndpointSchema, ...errors } } },
    async (req) => updateWebhook(svc, req.actor, req.params.id, req.body),
  );

  app.delete('/api/v1/webhooks/:id', { schema: { tags, summary: 'Remove a webhook and its delivery log', params: IdParamsSchema, response: { 204: z.null().describe('Deleted'), ...errors } } }, async (req, reply) => {
    await deleteWebhook(svc, req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  app.post(
    '/api/v1/webhooks/:id/rotate-secret',
    { schema: { tags, summary: 'A new signing secret, shown this once; the old one stops signing at once', params: IdParamsSchema, response: { 200: WebhookWithSecretSchema, ...errors } } },
    async (req) => rotateWebhookSecret(svc, req.actor, req.params.id),
  );

  app.post(
    '/api/v1/webhooks/:id/test',
    { schema: { tags, summary: 'Queue a webhook.test event for this webhook', params: IdParamsSchema, response: { 202: z.object({ eventId: z.uuid(), deliveryId: z.uuid() }), ...errors } } },
    async (req, reply) => reply.code(202).send(await sendTestEvent(svc, req.actor, req.params.id)),
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    { schema: { tags, summary: 'The delivery log, newest first, with every attempt', params: IdParamsSchema, querystring: WebhookDeliveryQuerySchema, response: { 200: WebhookDeliveryPageSchema, ...errors } } },
    async (req) => listDeliveries(svc, req.actor, req.params.id, req.query),
  );

  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    { schema: { tags, summary: 'Send a delivery again now, with the same event id', params: DeliveryParamsSchema, response: { 202: WebhookDeliverySchema, ...errors } } },
    async (req, reply) => reply.code(202).send(await redeliver(svc, req.actor, req.params.id, req.params.deliveryId)),
  );
}
