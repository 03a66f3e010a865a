import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../../contract/common.ts';
import { TextSettingsSchema } from '../../../contract/feedback.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getTextSettings, putTextSettings } from './service.ts';

export function registerTextSettingsRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };
  const tags = ['verbatims'];
  app.get('/api/v1/text-settings', { schema: { tags, summary: 'Whether PII is masked at ingest', response: { 200: TextSettingsSchema, ...errors } } }, async (req) =>
    getTextSettings(svc, authorize(req.actor, 'responses.read')),
  );
  app.put(
    '/api/v1/text-settings',
    { schema: { tags, summary: 'Mask emails, IBANs, phone and card numbers in comments, case notes and feedback before they are stored (admins)', body: TextSettingsSchema, response: { 200: TextSettingsSchema, ...errors } } },
    async (req) => putTextSettings(svc, authorize(req.actor, 'policy.manage'), req.body),
  );
}
