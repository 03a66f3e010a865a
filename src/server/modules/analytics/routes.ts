import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AnalyticsQuerySchema, AnalyticsResultSchema, DimensionListSchema, DimensionsQuerySchema } from '../../../contract/analytics.ts';
import { ErrorBodySchema } from '../../../contract/common.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { listAnalyticsDimensions, queryAnalytics } from './service.ts';

export function registerAnalyticsRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

  app.post(
    '/api/v1/analytics/query',
    {
      schema: {
        tags: ['analytics'],
        summary: 'A metric of a scale question over surveys, by segment, cross-tab and interval, with significance against the rest',
        body: AnalyticsQuerySchema,
        response: { 200: AnalyticsResultSchema, ...errors },
      },
    },
    async (req) => queryAnalytics(svc, authorize(req.actor, 'surveys.read'), req.body),
  );

  app.get(
    '/api/v1/analytics/dimensions',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The dimensions the explorer can group and filter by, with their values in your units, and the scale questions',
        querystring: DimensionsQuerySchema,
        response: { 200: DimensionListSchema, ...errors },
      },
    },
    async (req) => listAnalyticsDimensions(svc, authorize(req.actor, 'surveys.read'), req.query.survey.split(',').map((s) => s.trim()).filter(Boolean)),
  );
}
