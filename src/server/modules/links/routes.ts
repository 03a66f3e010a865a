import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { LinkSchema, PersonalLinkCreateSchema } from '../../../contract/links.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { createPersonalLink, createPreviewLink } from './service.ts';

export function registerLinkRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

  app.post(
    '/api/v1/surveys/:id/preview-link',
    {
      schema: {
        tags,
        summary: 'Make a shareable link to the draft that records nothing (replaces the previous preview link)',
        params: IdParamsSchema,
        response: { 201: LinkSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createPreviewLink(svc, authorize(req.actor, 'surveys.write'), req.params.id)),
  );

  app.post(
    '/api/v1/surveys/:id/personal-links',
    {
      schema: {
        tags,
        summary: "Make a contact's personal link: it fills in what is known of them and takes one response",
        params: IdParamsSchema,
        body: PersonalLinkCreateSchema,
        response: { 201: LinkSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createPersonalLink(svc, authorize(req.actor, 'surveys.write'), req.params.id, req.body)),
  );
}
