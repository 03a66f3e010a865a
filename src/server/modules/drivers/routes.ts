import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { CorridorParamsSchema, CorridorViewQuerySchema, CorridorViewSchema, DriverAnalysisSchema, DriversQuerySchema } from '../../../contract/drivers.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getCorridorView } from './corridor-view.ts';
import { getSurveyDrivers } from './service.ts';

export function registerDriverRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

  app.get(
    '/api/v1/surveys/:id/drivers',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Key driver analysis: each rating item or touch point as its share of the R² of the outcome (NPS unless told), with its performance',
        params: IdParamsSchema,
        querystring: DriversQuerySchema,
        response: { 200: DriverAnalysisSchema, ...errors },
      },
    },
    async (req) => getSurveyDrivers(svc, authorize(req.actor, 'surveys.read'), req.params.id, req.query),
  );

  app.get(
    '/api/v1/corridors/:audienceRole/view',
    {
      schema: {
        tags: ['analytics'],
        summary: "A corridor's touch points in order: score, n, monthly trend, importance and the expectation–experience gap, snarls marked",
        params: CorridorParamsSchema,
        querystring: CorridorViewQuerySchema,
        response: { 200: CorridorViewSchema, ...errors },
      },
    },
    async (req) => getCorridorView(svc, authorize(req.actor, 'surveys.read'), req.params.audienceRole, req.query),
  );
}
