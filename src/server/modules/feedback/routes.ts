import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { FeedbackCreateSchema, FeedbackDetailSchema, FeedbackImportResultSchema, FeedbackListQuerySchema, FeedbackListSchema, FeedbackUpdateSchema } from '../../../contract/feedback.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../auth/actor.ts';
import { createFeedback, deleteFeedback, getFeedback, importFeedbackUpload, listFeedback, updateFeedback } from './service.ts';

export function registerFeedbackRoutes(root: FastifyInstance, svc: Services): void {
  // A scope of its own, so the CSV body parser (a stream handed to the importer) applies only here.
  void root.register(async (scope) => {
    scope.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
    const tags = ['feedback'];
    const params = IdParamsSchema;

    app.get('/api/v1/feedback', { schema: { tags, summary: 'Feedback items of your units, newest first, with filters and keyset paging', querystring: FeedbackListQuerySchema, response: { 200: FeedbackListSchema, ...errors } } }, async (req) =>
      listFeedback(svc, authorize(req.actor, 'responses.read'), req.query),
    );
    app.post('/api/v1/feedback', { schema: { tags, summary: 'Record a feedback item (interview, focus group, forum post, observation, complaint letter)', body: FeedbackCreateSchema, response: { 201: FeedbackDetailSchema, ...errors } } }, async (req, reply) =>
      reply.code(201).send(await createFeedback(svc, authorize(req.actor, 'feedback.write'), req.body)),
    );
    app.post(
      '/api/v1/feedback/import',
      { schema: { tags, summary: 'Import feedback items from a CSV file (content-type: text/csv): all rows or none', response: { 200: FeedbackImportResultSchema, ...errors } } },
      async (req) => {
        const actor = authorize(req.actor, 'feedback.write');
        const body = req.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') throw new AppError('csv_expected', 415, 'Send the file with content-type: text/csv');
        return importFeedbackUpload(svc, actor, body);
      },
    );
    app.get('/api/v1/feedback/:id', { schema: { tags, summary: 'One feedback item with its sentiment and themes', params, response: { 200: FeedbackDetailSchema, ...errors } } }, async (req) =>
      getFeedback(svc, authorize(req.actor, 'responses.read'), req.params.id),
    );
    app.patch('/api/v1/feedback/:id', { schema: { tags, summary: 'Change a feedback item', params, body: FeedbackUpdateSchema, response: { 200: FeedbackDetailSchema, ...errors } } }, async (req) =>
      updateFeedback(svc, authorize(req.actor, 'feedback.write'), req.params.id, req.body),
    );
    app.delete('/api/v1/feedback/:id', { schema: { tags, summary: 'Delete a feedback item and its analysis', params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
      await deleteFeedback(svc, authorize(req.actor, 'feedback.write'), req.params.id);
      return reply.code(204).send(null);
    });
  });
}
