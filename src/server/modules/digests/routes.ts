import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { DigestListQuerySchema, DigestSubscriptionCreateSchema, DigestSubscriptionListSchema, DigestSubscriptionSchema } from '../../../contract/digests.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { createSubscription, deleteSubscription, listSubscriptions } from './subscriptions.ts';

export function registerDigestRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
  const tags = ['reviews'];
  app.get(
    '/api/v1/digests/subscriptions',
    { schema: { tags, summary: 'Your digest subscriptions, or (to manage users) another user’s', querystring: DigestListQuerySchema, response: { 200: DigestSubscriptionListSchema, ...errors } } },
    async (req) => listSubscriptions(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
  app.post(
    '/api/v1/digests/subscriptions',
    { schema: { tags, summary: 'Subscribe to a digest of a unit within the recipient’s scope', body: DigestSubscriptionCreateSchema, response: { 201: DigestSubscriptionSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await createSubscription(svc, authorize(req.actor, 'surveys.read'), req.body)),
  );
  app.delete(
    '/api/v1/digests/subscriptions/:id',
    { schema: { tags, summary: 'Unsubscribe', params: IdParamsSchema, response: { 204: z.null().describe('Deleted'), ...errors } } },
    async (req, reply) => {
      await deleteSubscription(svc, authorize(req.actor, 'surveys.read'), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
