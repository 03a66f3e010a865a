import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type FieldIssue } from '../errors.ts';

function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Maps every thrown error to `{ error: { code, message, details } }`; anything unknown is a logged 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext ?? 'request';
      const details: FieldIssue[] = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? 'Invalid value',
      }));
      const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
      return reply.code(400).send({ error: { code: 'validation_failed', message: `The ${where} is not valid: ${summary}`, details } });
    }
    if (err instanceof ZodError) {
      const details = zodIssues(err);
      return reply.code(400).send({ error: { code: 'validation_failed', message: `The request is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details } });
    }
    const fe = err as FastifyError;
    if (fe.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'rate_limited', message: 'Too many requests; wait a minute and try again' } });
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large ...
      const code = (fe.code ?? 'bad_request').replace(/^FST_ERR_/, '').toLowerCase();
      return reply.code(fe.statusCode).send({ error: { code, message: fe.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: `Something went wrong on our side (request ${req.id}); it has been logged` } });
  });
}
