import type { FastifyInstance } from 'fastify';

/** Liveness (the process answers) and readiness (the database and job queue answer). */
export function registerHealthRoutes(app: FastifyInstance, ready: () => Promise<void>): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    try {
      await ready();
      return { status: 'ready' };
    } catch (err) {
      req.log.warn({ err }, 'not ready');
      return reply.code(503).send({ error: { code: 'not_ready', message: 'The database is not reachable yet' } });
    }
  });
}
