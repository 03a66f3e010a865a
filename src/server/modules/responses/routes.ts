import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../../contract/common.ts';
import { IdempotencyHeadersSchema, ResponseCreatedSchema, ResponseCreateSchema, SlugParamsSchema } from '../../../contract/responses.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { ingestResponse } from './ingest.ts';

export function registerResponseRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 410: ErrorBodySchema, 422: ErrorBodySchema };

  app.post(
    '/api/v1/surveys/:slug/responses',
    {
      schema: {
        tags: ['responses'],
        summary: 'Submit a response from another system (idempotent with an Idempotency-Key header)',
        params: SlugParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: ResponseCreateSchema,
        response: { 200: ResponseCreatedSchema, 201: ResponseCreatedSchema, ...errors },
      },
      // The writer stores nothing for a key revoked by then, so authentication may use a recent read.
      // JSON carries no inline script or style: the security headers, without CSP nonces to draw.
      config: { keyCheckedAtCommit: true, helmet: { enableCSPNonces: false } },
    },
    async (req, reply) => {
      const created = await ingestResponse(svc, authorize(req.actor, 'responses.write'), req.params.slug, req.body, req.headers['idempotency-key']);
      return reply.code(created.replayed ? 200 : 201).send(created);
    },
  );
}
