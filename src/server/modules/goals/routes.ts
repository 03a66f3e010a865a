import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { GoalCreateSchema, GoalListQuerySchema, GoalListSchema, GoalSchema, GoalUpdateSchema } from '../../../contract/goals.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { createGoal, deleteGoal, getGoal, listGoalsWithProgress, updateGoal } from './service.ts';

const ListQuerySchema = GoalListQuerySchema.extend({
  /** Only the goals that belong to the viewer: owned by them or set on their own unit. */
  mine: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

export function registerGoalRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['goals'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

  app.get('/api/v1/goals', { schema: { tags, summary: 'The goals the viewer sees, each with progress, forecast and status', querystring: ListQuerySchema, response: { 200: GoalListSchema, ...errors } } }, async (req) =>
    listGoalsWithProgress(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
  app.post('/api/v1/goals', { schema: { tags, summary: 'Set a goal on a unit in your scope', body: GoalCreateSchema, response: { 201: GoalSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createGoal(svc, authorize(req.actor, 'goals.manage'), req.body)),
  );
  app.get('/api/v1/goals/:id', { schema: { tags, summary: 'A goal with its progress', params: IdParamsSchema, response: { 200: GoalSchema, ...errors } } }, async (req) =>
    getGoal(svc, authorize(req.actor, 'surveys.read'), req.params.id),
  );
  app.put('/api/v1/goals/:id', { schema: { tags, summary: 'Change a goal (every field)', params: IdParamsSchema, body: GoalUpdateSchema, response: { 200: GoalSchema, ...errors } } }, async (req) =>
    updateGoal(svc, authorize(req.actor, 'goals.manage'), req.params.id, req.body),
  );
  app.delete('/api/v1/goals/:id', { schema: { tags, summary: 'Remove a goal', params: IdParamsSchema, response: { 204: z.null().describe('Deleted'), ...errors } } }, async (req, reply) => {
    await deleteGoal(svc, authorize(req.actor, 'goals.manage'), req.params.id);
    return reply.code(204).send(null);
  });
}
