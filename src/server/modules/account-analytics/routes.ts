import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AccountAnalyticsQuerySchema,
  AccountCommentListSchema,
  AccountQuadrantsSchema,
  AccountSettingsSchema,
  AccountSettingsViewSchema,
  AccountTrendSchema,
  PerceptionGapListSchema,
  SilenceSchema,
} from '../../../contract/account-analytics.ts';
import { ErrorBodySchema } from '../../../contract/common.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getAccountQuadrants, getPerceptionGap } from './service.ts';
import { getAccountSettings, updateAccountSettings } from './settings.ts';
import { getAccountComments, getAccountTrend, getSilence } from './signals.ts';

export function registerAccountAnalyticsRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
  const tags = ['analytics'];
  const querystring = AccountAnalyticsQuerySchema;

  app.get('/api/v1/analytics/account-settings', { schema: { tags, summary: 'How accounts are scored: summary index, surveys, target, threshold, weights, window', response: { 200: AccountSettingsViewSchema, ...errors } } }, async (req) =>
    getAccountSettings(svc, authorize(req.actor, 'customers.read')),
  );
  app.put(
    '/api/v1/analytics/account-settings',
    { schema: { tags, summary: 'Change how accounts are scored (admins and analysts at company level)', body: AccountSettingsSchema, response: { 200: AccountSettingsViewSchema, ...errors } } },
    async (req) => updateAccountSettings(svc, authorize(req.actor, 'analytics.configure'), req.body),
  );
  app.get('/api/v1/analytics/accounts', { schema: { tags, summary: 'Accounts in four quadrants, with movement, revenue at risk and the perception gap', querystring, response: { 200: AccountQuadrantsSchema, ...errors } } }, async (req) =>
    getAccountQuadrants(svc, authorize(req.actor, 'customers.read'), req.query),
  );
  app.get('/api/v1/analytics/perception-gap', { schema: { tags, summary: "The account team's assessment against the customers' score, largest gaps first", querystring, response: { 200: PerceptionGapListSchema, ...errors } } }, async (req) =>
    getPerceptionGap(svc, authorize(req.actor, 'customers.read'), req.query),
  );
  app.get('/api/v1/analytics/silence', { schema: { tags, summary: 'Key accounts invited but not answering, and aspects customers do not react to', querystring, response: { 200: SilenceSchema, ...errors } } }, async (req) =>
    getSilence(svc, authorize(req.actor, 'customers.read'), req.query),
  );
  app.get('/api/v1/analytics/account-trend', { schema: { tags, summary: 'NPS and the summary index of the accounts, by quarter', querystring, response: { 200: AccountTrendSchema, ...errors } } }, async (req) =>
    getAccountTrend(svc, authorize(req.actor, 'customers.read'), req.query),
  );
  app.get('/api/v1/analytics/account-comments', { schema: { tags, summary: "The newest comments of the accounts' contacts", querystring, response: { 200: AccountCommentListSchema, ...errors } } }, async (req) =>
    getAccountComments(svc, authorize(req.actor, 'customers.read'), req.query),
  );
}
