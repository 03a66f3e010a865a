import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import {
  AudienceRoleParamsSchema,
  CorridorListSchema,
  CorridorPutSchema,
  CorridorSchema,
  TouchPointBulkResultSchema,
  TouchPointBulkSchema,
  TouchPointCreateSchema,
  TouchPointListSchema,
  TouchPointSchema,
  TouchPointUpdateSchema,
} from '../../../contract/touch-points.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { deleteCorridor, getCorridors, putCorridor } from './corridors.ts';
import { bulkUpsertTouchPoints, createTouchPoint, deleteTouchPoint, getTouchPoints, updateTouchPoint } from './service.ts';

export function registerTouchPointRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['touch points'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
  const empty = { 204: z.null().describe('Deleted') };

  app.get('/api/v1/touch-points', { schema: { tags, summary: "The company's touch-point catalogue", response: { 200: TouchPointListSchema, ...errors } } }, async (req) => ({
    touchPoints: await getTouchPoints(svc, authorize(req.actor, 'surveys.read')),
  }));

  app.post('/api/v1/touch-points', { schema: { tags, summary: 'Add a touch point to the catalogue', body: TouchPointCreateSchema, response: { 201: TouchPointSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createTouchPoint(svc, authorize(req.actor, 'surveys.write'), req.body)),
  );

  app.post(
    '/api/v1/touch-points/bulk',
    { schema: { tags, summary: 'Create or update many touch points by key, all or nothing (for setup scripts)', body: TouchPointBulkSchema, response: { 200: TouchPointBulkResultSchema, ...errors } } },
    async (req) => bulkUpsertTouchPoints(svc, authorize(req.actor, 'surveys.write'), req.body),
  );

  app.patch(
    '/api/v1/touch-points/:id',
    { schema: { tags, summary: 'Change a touch point (its key only while nothing uses it)', params: IdParamsSchema, body: TouchPointUpdateSchema, response: { 200: TouchPointSchema, ...errors } } },
    async (req) => updateTouchPoint(svc, authorize(req.actor, 'surveys.write'), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/touch-points/:id',
    { schema: { tags, summary: 'Remove an unused touch point (409 in_use names what uses it)', params: IdParamsSchema, response: { ...empty, ...errors } } },
    async (req, reply) => {
      await deleteTouchPoint(svc, authorize(req.actor, 'surveys.write'), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/corridors', { schema: { tags, summary: 'The corridor of each audience role', response: { 200: CorridorListSchema, ...errors } } }, async (req) => ({
    corridors: await getCorridors(svc, authorize(req.actor, 'surveys.read')),
  }));

  app.put(
    '/api/v1/corridors/:audienceRole',
    { schema: { tags, summary: "Set an audience's corridor: its name and touch points in order (replaces the order)", params: AudienceRoleParamsSchema, body: CorridorPutSchema, response: { 200: CorridorSchema, ...errors } } },
    async (req) => putCorridor(svc, authorize(req.actor, 'surveys.write'), req.params.audienceRole, req.body),
  );

  app.delete(
    '/api/v1/corridors/:audienceRole',
    { schema: { tags, summary: "Remove an audience's corridor", params: AudienceRoleParamsSchema, response: { ...empty, ...errors } } },
    async (req, reply) => {
      await deleteCorridor(svc, authorize(req.actor, 'surveys.write'), req.params.audienceRole);
      return reply.code(204).send(null);
    },
  );
}
