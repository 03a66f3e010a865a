import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../../contract/common.ts';
import { MarketQuerySchema, MarketReviewSchema } from '../../../contract/market.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getMarketReview } from './service.ts';

export function registerMarketRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/analytics/market',
    {
      schema: {
        tags: ['dashboards'],
        summary: "A market's review: every experience aspect this period against the one before, and its key problems",
        querystring: MarketQuerySchema,
        response: { 200: MarketReviewSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req) => getMarketReview(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
}
