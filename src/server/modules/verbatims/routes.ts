import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import {
  JobProgressSchema,
  QuoteInputSchema,
  QuoteResultSchema,
  ThemeEffectsSchema,
  ThemeListSchema,
  ThemeTrendQuerySchema,
  ThemeTrendSchema,
  TopicInputSchema,
  TopicListSchema,
  TopicPreviewInputSchema,
  TopicPreviewSchema,
  TopicSchema,
  TopicUpdateSchema,
  TrendingThemesQuerySchema,
  TrendingThemesSchema,
  VerbatimFilterSchema,
  VerbatimSchema,
  VerbatimSearchQuerySchema,
  VerbatimSearchResultSchema,
} from '../../../contract/verbatims.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { quoteIntoCase } from './quote.ts';
import { getVerbatim, searchVerbatims } from './search.ts';
import { getThemeEffects, getThemeTrend, getTrendingThemes } from './stats.ts';
import { listThemes, requestDiscovery } from './themes.ts';
import { applyTopic, createTopic, deleteTopic, getTopic, listTopics, previewTopic, updateTopic } from './topics.ts';

export function registerVerbatimRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
  const verbatims = ['verbatims'];
  const topics = ['topics'];
  const params = IdParamsSchema;

  // ---- the explorer ----
  app.get('/api/v1/verbatims', { schema: { tags: verbatims, summary: 'Search the verbatims: full-text, filters, keyset pages, highlights and counts', querystring: VerbatimSearchQuerySchema, response: { 200: VerbatimSearchResultSchema, ...errors } } }, async (req) =>
    searchVerbatims(svc, authorize(req.actor, 'responses.read'), req.query),
  );
  app.get('/api/v1/verbatims/theme-trend', { schema: { tags: verbatims, summary: 'Verbatims per month per theme', querystring: ThemeTrendQuerySchema, response: { 200: ThemeTrendSchema, ...errors } } }, async (req) =>
    getThemeTrend(svc, authorize(req.actor, 'responses.read'), req.query),
  );
  app.get('/api/v1/verbatims/trending-themes', { schema: { tags: verbatims, summary: 'Themes that rose this month against the months before (two-proportion z test)', querystring: TrendingThemesQuerySchema, response: { 200: TrendingThemesSchema, ...errors } } }, async (req) =>
    getTrendingThemes(svc, authorize(req.actor, 'responses.read'), req.query),
  );
  app.get('/api/v1/verbatims/theme-effects', { schema: { tags: verbatims, summary: "Each theme's effect on the score: mean with and without it, with a 95% interval", querystring: VerbatimFilterSchema, response: { 200: ThemeEffectsSchema, ...errors } } }, async (req) =>
    getThemeEffects(svc, authorize(req.actor, 'responses.read'), req.query),
  );
  app.get('/api/v1/verbatims/:id', { schema: { tags: verbatims, summary: 'One verbatim', params, response: { 200: VerbatimSchema, ...errors } } }, async (req) =>
    getVerbatim(svc, authorize(req.actor, 'responses.read'), req.params.id),
  );
  app.post('/api/v1/verbatims/:id/quote', { schema: { tags: verbatims, summary: "Quote a verbatim (or a part) into a case's timeline", params, body: QuoteInputSchema, response: { 201: QuoteResultSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await quoteIntoCase(svc, authorize(req.actor, 'cases.work'), req.params.id, req.body)),
  );

  // ---- themes ----
  app.get('/api/v1/themes', { schema: { tags: verbatims, summary: "The company's discovered themes and the latest discovery's progress", response: { 200: ThemeListSchema, ...errors } } }, async (req) =>
    listThemes(svc, authorize(req.actor, 'responses.read')),
  );
  app.post('/api/v1/themes/discover', { schema: { tags: verbatims, summary: 'Discover the themes again now (a job; see its progress on GET /themes)', response: { 202: JobProgressSchema, ...errors } } }, async (req, reply) =>
    reply.code(202).send(await requestDiscovery(svc, authorize(req.actor, 'analytics.configure'))),
  );

  // ---- topics ----
  app.get('/api/v1/topics', { schema: { tags: topics, summary: "The company's topics", response: { 200: TopicListSchema, ...errors } } }, async (req) => ({
    topics: await listTopics(svc, authorize(req.actor, 'responses.read')),
  }));
  app.post('/api/v1/topics', { schema: { tags: topics, summary: 'Create a topic', body: TopicInputSchema, response: { 201: TopicSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createTopic(svc, authorize(req.actor, 'analytics.configure'), req.body)),
  );
  app.post('/api/v1/topics/preview', { schema: { tags: topics, summary: 'How many verbatims a rule would match, with examples (nothing is stored)', body: TopicPreviewInputSchema, response: { 200: TopicPreviewSchema, ...errors } } }, async (req) =>
    previewTopic(svc, authorize(req.actor, 'analytics.configure'), req.body),
  );
  app.get('/api/v1/topics/:id', { schema: { tags: topics, summary: 'One topic with its application progress', params, response: { 200: TopicSchema, ...errors } } }, async (req) =>
    getTopic(svc, authorize(req.actor, 'responses.read'), req.params.id),
  );
  app.patch('/api/v1/topics/:id', { schema: { tags: topics, summary: 'Change a topic (apply it again to re-tag the history)', params, body: TopicUpdateSchema, response: { 200: TopicSchema, ...errors } } }, async (req) =>
    updateTopic(svc, authorize(req.actor, 'analytics.configure'), req.params.id, req.body),
  );
  app.delete('/api/v1/topics/:id', { schema: { tags: topics, summary: 'Delete a topic and take it off every verbatim', params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteTopic(svc, authorize(req.actor, 'analytics.configure'), req.params.id);
    return reply.code(204).send(null);
  });
  app.post('/api/v1/topics/:id/apply', { schema: { tags: topics, summary: 'Apply the topic to every stored verbatim (a job; its progress shows on the topic)', params, response: { 202: TopicSchema, ...errors } } }, async (req, reply) =>
    reply.code(202).send(await applyTopic(svc, authorize(req.actor, 'analytics.configure'), req.params.id)),
  );
}
