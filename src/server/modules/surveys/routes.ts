import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { SurveyCreateSchema, SurveyDetailSchema, SurveyListSchema, SurveyUpdateSchema } from '../../../contract/surveys.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { closeSurvey, createSurvey, getSurvey, listSurveys, publishSurvey, reopenSurvey, updateSurvey } from './service.ts';

export function registerSurveyRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

  app.get('/api/v1/surveys', { schema: { tags, summary: 'Surveys in your scope', response: { 200: SurveyListSchema } } }, async (req) => ({
    surveys: await listSurveys(svc, authorize(req.actor, 'surveys.read')),
  }));

  app.post('/api/v1/surveys', { schema: { tags, summary: 'Create a draft survey', body: SurveyCreateSchema, response: { 201: SurveyDetailSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createSurvey(svc, authorize(req.actor, 'surveys.write'), req.body)),
  );

  app.get('/api/v1/surveys/:id', { schema: { tags, summary: 'A survey with its draft and versions', params: IdParamsSchema, response: { 200: SurveyDetailSchema, ...errors } } }, async (req) =>
    getSurvey(svc, authorize(req.actor, 'surveys.read'), req.params.id),
  );

  app.patch(
    '/api/v1/surveys/:id',
    { schema: { tags, summary: 'Edit the draft (publish to make it live)', params: IdParamsSchema, body: SurveyUpdateSchema, response: { 200: SurveyDetailSchema, ...errors } } },
    async (req) => updateSurvey(svc, authorize(req.actor, 'surveys.write'), req.params.id, req.body),
  );

  app.post(
    '/api/v1/surveys/:id/publish',
    { schema: { tags, summary: 'Freeze the draft as a new version and open the public link', params: IdParamsSchema, response: { 200: SurveyDetailSchema, ...errors } } },
    async (req) => publishSurvey(svc, authorize(req.actor, 'surveys.write'), req.params.id),
  );

  app.post('/api/v1/surveys/:id/close', { schema: { tags, summary: 'Stop taking answers', params: IdParamsSchema, response: { 200: SurveyDetailSchema, ...errors } } }, async (req) =>
    closeSurvey(svc, authorize(req.actor, 'surveys.write'), req.params.id),
  );

  app.post('/api/v1/surveys/:id/reopen', { schema: { tags, summary: 'Take answers again', params: IdParamsSchema, response: { 200: SurveyDetailSchema, ...errors } } }, async (req) =>
    reopenSurvey(svc, authorize(req.actor, 'surveys.write'), req.params.id),
  );
}
