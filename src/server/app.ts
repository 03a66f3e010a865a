import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from './context.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerAuthentication } from './http/authenticate.ts';
import type { Logger } from './logger.ts';
import { registerAccountAnalyticsRoutes } from './modules/account-analytics/routes.ts';
import { registerAuthRoutes } from './modules/auth/routes.ts';
import { registerCustomerRoutes } from './modules/customers/routes.ts';
import { registerAnalyticsRoutes } from './modules/analytics/routes.ts';
import { registerDashboardRoutes } from './modules/dashboard/routes.ts';
import { registerMarketRoutes } from './modules/market/routes.ts';
import { registerDriverRoutes } from './modules/drivers/routes.ts';
import { registerEmailRoutes } from './modules/email/routes.ts';
import { registerHealthRoutes } from './modules/health/routes.ts';
import { registerProgrammeRoutes } from './modules/programmes/routes.ts';
import { registerRespondRoutes } from './modules/respond/routes.ts';
import { registerLinkRoutes } from './modules/links/routes.ts';
import { registerSchemaRoutes } from './modules/schemas/routes.ts';
import { registerResponseRoutes } from './modules/responses/routes.ts';
import { registerSurveyRoutes } from './modules/surveys/routes.ts';
import { registerTouchPointRoutes } from './modules/touch-points/routes.ts';
import { registerUserRoutes } from './modules/users/routes.ts';
import { registerWebhookRoutes } from './modules/webhooks/routes.ts';
import { registerCaseRoutes } from './modules/cases/routes.ts';
import { registerVerbatimRoutes } from './modules/verbatims/routes.ts';
import { registerGoalRoutes } from './modules/goals/routes.ts';
import { registerEmployeeRoutes } from './modules/employees/routes.ts';
import { registerReviewRoutes } from './modules/reviews/routes.ts';
import { registerDigestRoutes } from './modules/digests/routes.ts';
import { registerAccountReportRoutes } from './modules/account-reports/routes.ts';

export interface AppOptions {
  services: Services;
  logger: Logger;
  secureCookies: boolean;
  /** The built admin app (Vite output); absent in API-only tests. */
  webDir?: string | undefined;
  /** Checks the database and job queue for /readyz. */
  ready?: () => Promise<void>;
  /** Hops of reverse proxies to trust for the client address (rate limits, logs); false trusts none. */
  trustProxy?: boolean | number;
  /** Requests per minute per address on public endpoints (survey posts) and on login. */
  rateLimits?: { login: number; respond: number };
}

export type App = FastifyInstance;

/** Trusts the nearest `hops` proxies for the client address. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Builds the HTTP app with every route; never listens (tests call inject()). */
export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    trustProxy: typeof opts.trustProxy === 'number' ? trustHops(opts.trustProxy) : (opts.trustProxy ?? false),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: opts.secureCookies ? [] : null,
      },
    },
    hsts: opts.secureCookies,
  });
  // Pages, API answers and the admin app's assets travel compressed (gzip or brotli) when the client asks.
  await app.register(compress, { global: true, threshold: 1_024, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 65_536 });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Corridor API',
        version: '1',
        description:
          'Customer experience management. Authenticate with a session cookie (log in through the app) or `Authorization: Bearer <api key>` (`corridor apikey create`). Errors always read `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'corridor_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Its own policy asks browsers to upgrade to https, which breaks the page on a plain-http host.
    transformStaticCSP: (header) => (opts.secureCookies ? header : header.replace(/\s*upgrade-insecure-requests;?/g, '')),
    uiConfig: { docExpansion: 'list' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerErrorHandling(app);
  registerAuthentication(app, opts.services);

  registerHealthRoutes(app, opts.ready ?? (async () => {}));
  registerAuthRoutes(app, opts.services, { secureCookies: opts.secureCookies, loginPerMinute: opts.rateLimits?.login ?? 10 });
  registerUserRoutes(app, opts.services);
  registerSurveyRoutes(app, opts.services);
  registerSchemaRoutes(app);
  registerDashboardRoutes(app, opts.services);
  registerMarketRoutes(app, opts.services);
  registerAnalyticsRoutes(app, opts.services);
  registerDriverRoutes(app, opts.services);
  registerAccountAnalyticsRoutes(app, opts.services);
  registerResponseRoutes(app, opts.services);
  registerLinkRoutes(app, opts.services);
  registerProgrammeRoutes(app, opts.services);
  registerCaseRoutes(app, opts.services);
  registerVerbatimRoutes(app, opts.services);
  registerTouchPointRoutes(app, opts.services);
  registerCustomerRoutes(app, opts.services);
  registerRespondRoutes(app, opts.services, { postsPerMinute: opts.rateLimits?.respond ?? 30, secureCookies: opts.secureCookies });
  registerEmailRoutes(app, opts.services, { postsPerMinute: opts.rateLimits?.respond ?? 30 });
  registerWebhookRoutes(app, opts.services);
  registerGoalRoutes(app, opts.services);
  registerEmployeeRoutes(app, opts.services);
  registerReviewRoutes(app, opts.services);
  registerDigestRoutes(app, opts.services);
  registerAccountReportRoutes(app, opts.services, { opensPerMinute: opts.rateLimits?.respond ?? 30 });

  if (opts.webDir && existsSync(path.join(opts.webDir, 'index.html'))) {
    const indexHtml = readFileSync(path.join(opts.webDir, 'index.html'), 'utf8');
    await app.register(fastifyStatic, { root: opts.webDir, prefix: '/', wildcard: false, index: false });
    // The admin app routes on the client: any other page path gets its shell.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !/^\/(api|s|assets)\//.test(req.url)) {
        // The Outbox previews held mail in a sandboxed srcdoc frame, which inherits this page's policy; a
        // style nonce would switch 'unsafe-inline' off and leave every email unstyled. Scripts keep theirs.
        const policy = String(reply.getHeader('content-security-policy') ?? '').replace(/(style-src[^;]*?)\s'nonce-[^']*'/, '$1');
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', policy).send(indexHtml);
      }
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }),
    );
  }
  return app;
}
