import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginSchema, MeSchema } from '../../../contract/auth.ts';
import { ErrorBodySchema } from '../../../contract/common.ts';
import type { Services } from '../../context.ts';
import { UnauthenticatedError } from '../../errors.ts';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { getUser, login, logout } from './service.ts';

export function registerAuthRoutes(
  root: FastifyInstance,
  svc: Services,
  opts: { secureCookies: boolean; loginPerMinute: number },
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      schema: { tags, summary: 'Log in; sets the session cookie', body: LoginSchema, response: { 200: MeSchema, 401: ErrorBodySchema } },
      config: { rateLimit: { max: opts.loginPerMinute, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const result = await login(svc.db, { ...req.body, userAgent: req.headers['user-agent'], ip: req.ip }, svc.now());
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        expires: result.expiresAt,
      });
      return { user: result.user };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Log out; ends the session', response: { 204: z.null() } } }, async (req, reply) => {
    if (req.actor?.sessionId) await logout(svc.db, req.actor.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', { schema: { tags, summary: 'The logged-in user', response: { 200: MeSchema, 401: ErrorBodySchema } } }, async (req) => {
    if (!req.actor || req.actor.type !== 'user') throw new UnauthenticatedError('Log in to see your profile');
    return { user: await getUser(svc.db, req.actor.id) };
  });
}
