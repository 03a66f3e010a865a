import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../../contract/common.ts';
import { MonthlyReviewQuerySchema, MonthlyReviewSchema, RelationshipSummaryQuerySchema, RelationshipSummarySchema } from '../../../contract/reviews.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getMonthlyReview } from './monthly.ts';
import { getRelationshipSummary } from './relationship.ts';

export function registerReviewRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
  const tags = ['reviews'];
  app.get(
    '/api/v1/reviews/monthly',
    { schema: { tags, summary: "A unit's monthly operations review: headline scores, key experience problems, accounts moved into At-Risk", querystring: MonthlyReviewQuerySchema, response: { 200: MonthlyReviewSchema, ...errors } } },
    async (req) => getMonthlyReview(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
  app.get(
    '/api/v1/reviews/relationship',
    { schema: { tags, summary: 'The rolling summary of relationship issues over the last four quarters', querystring: RelationshipSummaryQuerySchema, response: { 200: RelationshipSummarySchema, ...errors } } },
    async (req) => getRelationshipSummary(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
}
