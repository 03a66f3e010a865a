import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { EmailEventsResultSchema, EmailEventsSchema, OutboxMessageSchema, OutboxPageSchema, OutboxQuerySchema } from '../../../contract/email.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import type { Nonces } from '../respond/view.ts';
import { recordEmailEvents } from './events.ts';
import { getOutboxMessage, listOutbox } from './outbox.ts';
import { renderUnknownLink, renderUnsubscribed, renderUnsubscribeQuestion } from './page.ts';
import { findUnsubscribeTarget, unsubscribe } from './unsubscribe.ts';

/**
 * Mail's routes: the unsubscribe link `/u/<token>` (a GET shows a question, only a POST unsubscribes:
 * RFC 8058 one-click or the page's button), the mail provider's bounce webhook, and the outbox.
 */

const TokenParams = z.object({ token: z.string().max(200) });
const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional();

function nonceOf(reply: FastifyReply): Nonces {
  const nonces = (reply as FastifyReply & { cspNonce?: Nonces }).cspNonce;
  if (!nonces) throw new Error('helmet CSP nonces are not enabled');
  return nonces;
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

export function registerEmailRoutes(root: FastifyInstance, svc: Services, opts: { postsPerMinute: number }): void {
  void root.register(async (scope) => {
    // RFC 8058 allows the one-click post as multipart/form-data too; its content is not needed.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 65_536 }, (_req, _body, done) => done(null, { 'List-Unsubscribe': 'One-Click' }));
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get('/u/:token', { schema: { hide: true, params: TokenParams } }, async (req, reply) => {
      const target = await findUnsubscribeTarget(svc, req.params.token);
      if (!target) return sendHtml(reply, 404, renderUnknownLink(nonceOf(reply)));
      if (target.optedOut) return sendHtml(reply, 200, renderUnsubscribed({ companyName: target.companyName, locale: target.locale, nonce: nonceOf(reply) }));
      return sendHtml(reply, 200, renderUnsubscribeQuestion({ companyName: target.companyName, locale: target.locale, action: `/u/${req.params.token}`, nonce: nonceOf(reply) }));
    });

    app.post(
      '/u/:token',
      { schema: { hide: true, params: TokenParams, body: FormBody }, config: { rateLimit: { max: opts.postsPerMinute, timeWindow: 60_000 } } },
      async (req, reply) => {
        const oneClick = req.body?.['List-Unsubscribe'] === 'One-Click';
        const target = await unsubscribe(svc, req.params.token, oneClick ? 'one-click' : 'page');
        if (!target) return oneClick ? reply.code(404).type('text/plain; charset=utf-8').send('Unknown link') : sendHtml(reply, 404, renderUnknownLink(nonceOf(reply)));
        if (oneClick) return reply.code(200).type('text/plain; charset=utf-8').send('Unsubscribed');
        return sendHtml(reply, 200, renderUnsubscribed({ companyName: target.companyName, locale: target.locale, nonce: nonceOf(reply) }));
      },
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

  app.post(
    '/api/v1/email/events',
    {
      schema: {
        tags: ['email'],
        summary: "The mail provider's webhook: bounces and complaints (needs the email.events permission)",
        description:
          'A hard bounce or a complaint stops every invitation to the contact for good; three soft bounces count as a hard one. ' +
          'An event sent again (same type, address, Message-ID and time) changes nothing. Addresses that are no contact of the company are counted as unknown.',
        body: EmailEventsSchema,
        response: { 200: EmailEventsResultSchema, ...errors },
      },
    },
    async (req) => recordEmailEvents(svc, authorize(req.actor, 'email.events'), req.body),
  );

  app.get(
    '/api/v1/outbox',
    { schema: { tags: ['email'], summary: "Mail held in the outbox for the actor's company, newest first", querystring: OutboxQuerySchema, response: { 200: OutboxPageSchema, ...errors } } },
    async (req) => listOutbox(svc, authorize(req.actor, 'outbox.read'), req.query),
  );

  app.get(
    '/api/v1/outbox/:id',
    { schema: { tags: ['email'], summary: 'One message of the outbox: its HTML, text and headers', params: IdParamsSchema, response: { 200: OutboxMessageSchema, ...errors } } },
    async (req) => getOutboxMessage(svc, authorize(req.actor, 'outbox.read'), req.params.id),
  );
}
