import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../context.ts';
import { AppError, UnauthenticatedError } from '../errors.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { resolveSession } from '../modules/auth/service.ts';

export const SESSION_COOKIE = 'corridor_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A cookie-authenticated change must come from our own pages, not from another site's form. */
function assertSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = req.headers.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (!host || originHost !== host) {
    throw new AppError('cross_origin', 403, 'This request came from another site and was refused');
  }
}

/** Resolves who is calling /api routes: a bearer API key or a session cookie. */
export function registerAuthentication(app: FastifyInstance, svc: Services): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new UnauthenticatedError('Send the API key as "Authorization: Bearer <key>"');
      // A route that checks the key again when it commits may take a key read a moment ago (api-key-lookup.ts).
      const cached = (req.routeOptions.config as { keyCheckedAtCommit?: boolean } | undefined)?.keyCheckedAtCommit === true;
      req.actor = await svc.apiKeys.resolve(match[1], svc.now(), { cached });
      if (!req.actor) throw new UnauthenticatedError('That API key is unknown or revoked');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.actor = await resolveSession(svc.db, token, svc.now());
      if (req.actor && UNSAFE.has(req.method)) assertSameOrigin(req);
    }
  });
}
