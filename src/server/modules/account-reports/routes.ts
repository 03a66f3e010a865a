import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { AccountReportSchema, ReportLinkCreatedSchema, ReportLinkCreateSchema, ReportLinkListSchema, ReportLinkParamsSchema, ReportLinkSchema } from '../../../contract/reviews.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { renderLinkGone, renderSharedReport } from './page.ts';
import { createReportLink, getAccountReport, listReportLinks, openSharedReport, revokeReportLink } from './service.ts';

function styleNonce(reply: FastifyReply): string {
  const nonces = (reply as FastifyReply & { cspNonce?: { style: string } }).cspNonce;
  if (!nonces) throw new Error('helmet CSP nonces are not enabled');
  return nonces.style;
}

export function registerAccountReportRoutes(root: FastifyInstance, svc: Services, opts: { opensPerMinute: number }): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
  const tags = ['reviews'];
  app.get(
    '/api/v1/accounts/:id/report',
    { schema: { tags, summary: 'The account report to share with the customer: their scores, their comments, the actions taken', params: IdParamsSchema, response: { 200: AccountReportSchema, ...errors } } },
    async (req) => getAccountReport(svc, authorize(req.actor, 'customers.read'), req.params.id),
  );
  app.get(
    '/api/v1/accounts/:id/report-links',
    { schema: { tags, summary: "The account report's share links (never their tokens)", params: IdParamsSchema, response: { 200: ReportLinkListSchema, ...errors } } },
    async (req) => listReportLinks(svc, authorize(req.actor, 'customers.read'), req.params.id),
  );
  app.post(
    '/api/v1/accounts/:id/report-links',
    { schema: { tags, summary: 'A link that opens the report without login until it expires or is revoked; its URL is shown once', params: IdParamsSchema, body: ReportLinkCreateSchema, response: { 201: ReportLinkCreatedSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await createReportLink(svc, authorize(req.actor, 'customers.read'), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/report-links/:linkId/revoke',
    { schema: { tags, summary: 'Withdraw a share link at once', params: ReportLinkParamsSchema, body: z.object({}).optional(), response: { 200: ReportLinkSchema, ...errors } } },
    async (req) => revokeReportLink(svc, authorize(req.actor, 'customers.read'), req.params.id, req.params.linkId),
  );
  app.get(
    '/r/:token',
    { schema: { hide: true, params: z.object({ token: z.string().max(200) }) }, config: { rateLimit: { max: opts.opensPerMinute, timeWindow: 60_000 } } },
    async (req, reply) => {
      const report = await openSharedReport(svc, req.params.token);
      const body = report ? renderSharedReport(report, styleNonce(reply)) : renderLinkGone(styleNonce(reply));
      return reply.code(report ? 200 : 404).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(body);
    },
  );
}
