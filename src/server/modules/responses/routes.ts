import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { ResponseExportQuerySchema } from '../../../contract/export.ts';
import { IdempotencyHeadersSchema, ResponseCreatedSchema, ResponseCreateSchema, SlugParamsSchema } from '../../../contract/responses.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { prepareResponseExportFor } from './export.ts';
import { ingestResponse } from './ingest.ts';

export function registerResponseRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 410: ErrorBodySchema, 422: ErrorBodySchema };

  app.post(
    '/api/v1/surveys/:slug/responses',
    {
      schema: {
        tags: ['responses'],
        summary: 'Submit a response from another system (idempotent with an Idempotency-Key header)',
        params: SlugParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: ResponseCreateSchema,
        response: { 200: ResponseCreatedSchema, 201: ResponseCreatedSchema, ...errors },
      },
      // The writer stores nothing for a key revoked by then, so authentication may use a recent read.
      // JSON carries no inline script or style: the security headers, without CSP nonces to draw.
      config: { keyCheckedAtCommit: true, helmet: { enableCSPNonces: false } },
    },
    async (req, reply) => {
      const created = await ingestResponse(svc, authorize(req.actor, 'responses.write'), req.params.slug, req.body, req.headers['idempotency-key']);
      return reply.code(created.replayed ? 200 : 201).send(created);
    },
  );

  app.get(
    '/api/v1/surveys/:id/responses/export',
    {
      schema: {
        tags: ['responses'],
        summary: "A survey's responses as a CSV or XLSX file, streamed (the reader's units only)",
        params: IdParamsSchema,
        querystring: ResponseExportQuerySchema,
        // 200 is a file: a stream, which Fastify sends as it is, never through a serializer.
        response: { 200: z.unknown().describe('The CSV or XLSX file'), 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
      config: { helmet: { enableCSPNonces: false } },
    },
    async (req, reply) => {
      const file = await prepareResponseExportFor(svc, authorize(req.actor, 'responses.read'), req.params.id, req.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachment(file.fileName))
        .header('cache-control', 'no-store')
        .send(Readable.from(file.chunks, { objectMode: false }));
    },
  );
}

/** A Content-Disposition for a download; the name is ASCII already, the encoded form is for safety (RFC 6266). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
