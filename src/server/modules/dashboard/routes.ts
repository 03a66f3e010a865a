import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { DashboardQuerySchema, OverviewSchema, ResponseListQuerySchema, ResponseListSchema, SurveyDashboardSchema } from '../../../contract/dashboard.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { listResponses } from '../responses/service.ts';
import { getOverview, getSurveyDashboard } from './service.ts';

export function registerDashboardRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

  app.get('/api/v1/overview', { schema: { tags: ['dashboards'], summary: 'The home dashboard', response: { 200: OverviewSchema, ...errors } } }, async (req) =>
    getOverview(svc, authorize(req.actor, 'surveys.read')),
  );

  app.get(
    '/api/v1/surveys/:id/dashboard',
    {
      schema: {
        tags: ['dashboards'],
        summary: "A survey's NPS, margin of error, weekly trend and latest comments",
        params: IdParamsSchema,
        querystring: DashboardQuerySchema,
        response: { 200: SurveyDashboardSchema, ...errors },
      },
    },
    async (req) => getSurveyDashboard(svc, authorize(req.actor, 'surveys.read'), req.params.id, req.query.period),
  );

  app.get(
    '/api/v1/surveys/:id/responses',
    { schema: { tags: ['responses'], summary: "A survey's responses, newest first", params: IdParamsSchema, querystring: ResponseListQuerySchema, response: { 200: ResponseListSchema, ...errors } } },
    async (req) => listResponses(svc, authorize(req.actor, 'responses.read'), req.params.id, req.query),
  );
}
