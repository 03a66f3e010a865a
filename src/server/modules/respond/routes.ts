import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SLUG } from '../../../contract/patterns.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { findPreviewSurvey } from '../links/service.ts';
import { findLiveSurvey, type LiveSurvey } from '../responses/service.ts';
import { SurveyChangedError } from '../responses/writer.ts';
import { openSurvey, sendPage, showEnding, type Arrival, type Outcome } from './flow.ts';
import { HONEYPOT, renderEnding, renderMessage, renderSurveyPage, type Nonces } from './view.ts';

/**
 * Public respondent pages: GET shows the survey (or resumes it), POST sends one page (form posts, no
 * JavaScript needed), /thanks shows the ending; /s/preview/<token> shows a draft and records nothing.
 */

// Any slug-shaped text reaches the handler, so a mistyped link gets the "not found" page, not JSON.
const SlugParams = z.object({ slug: z.string().max(200) });
const TokenParams = z.object({ token: z.string().max(200) });
const Fields = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());
const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

function nonceOf(reply: FastifyReply): Nonces {
  const nonces = (reply as FastifyReply & { cspNonce?: Nonces }).cspNonce;
  if (!nonces) throw new Error('helmet CSP nonces are not enabled');
  return nonces;
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

const sessionCookie = (s: LiveSurvey) => `cor_s_${s.surveyId.slice(0, 8)}`;
const doneCookie = (s: LiveSurvey) => `cor_done_${s.surveyId.slice(0, 8)}`;

export interface RespondOptions {
  postsPerMinute: number;
  secureCookies: boolean;
}

export function registerRespondRoutes(root: FastifyInstance, svc: Services, opts: RespondOptions): void {
  // An encapsulated scope, so its errors answer as pages for people rather than as JSON.
  void root.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError | AppError, req, reply) => {
      const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
      if (status === 429) {
        return sendHtml(reply, 429, renderMessage('Please wait a moment', 'We received many answers from your network in a short time. Wait a minute, then send again.', '', nonceOf(reply)));
      }
      if (status >= 400 && status < 500) {
        return sendHtml(reply, status, renderMessage('That did not work', 'Your answers could not be read. Go back to the survey link and try again.', '', nonceOf(reply)));
      }
      req.log.error({ err }, 'unhandled error on a respondent page');
      return sendHtml(reply, 500, renderMessage('Something went wrong', `Your answers were not saved. Please try again in a moment (reference ${req.id}).`, '', nonceOf(reply)));
    });
    registerPages(scope, svc, opts);
  });
}

function registerPages(root: FastifyInstance, svc: Services, opts: RespondOptions): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // A missing or closed survey answers with a page, not JSON: a person is reading it.
  const notFoundPage = (reply: FastifyReply) =>
    sendHtml(reply, 404, renderMessage('Survey not found', 'This link does not lead to a survey. Check the address, or ask whoever sent it for a new link.', '', nonceOf(reply)));

  const loadOrPage = async (slug: string, reply: FastifyReply): Promise<LiveSurvey | null> => {
    if (!SLUG.test(slug)) {
      notFoundPage(reply);
      return null;
    }
    try {
      return await findLiveSurvey(svc, slug);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) {
        notFoundPage(reply);
        return null;
      }
      throw err;
    }
  };

  const closedPage = (reply: FastifyReply, survey: LiveSurvey) =>
    sendHtml(reply, 410, renderMessage('This survey is closed', 'It no longer takes answers. Thank you for your interest.', survey.companyName, nonceOf(reply)));

  const requestOf = (req: FastifyRequest, reply: FastifyReply, survey: LiveSurvey, preview?: { token: string }): Arrival => ({
    survey,
    nonce: nonceOf(reply),
    acceptLanguage: req.headers['accept-language'],
    cookieSession: req.cookies[sessionCookie(survey)],
    answeredBefore: req.cookies[doneCookie(survey)] === '1',
    ...(preview ? { preview } : {}),
  });

  const answer = (reply: FastifyReply, survey: LiveSurvey, outcome: Outcome): FastifyReply => {
    const cookie = { path: `/s/${survey.slug}`, httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };
    switch (outcome.type) {
      case 'page':
        if (outcome.session) void reply.setCookie(sessionCookie(survey), outcome.session, { ...cookie, maxAge: 30 * 86_400 });
        return sendHtml(reply, outcome.status, renderSurveyPage(outcome.model));
      case 'ending':
        return sendHtml(reply, outcome.status, renderEnding(outcome.model));
      case 'message':
        return sendHtml(reply, outcome.status, renderMessage(outcome.title, outcome.text, survey.companyName, nonceOf(reply)));
      case 'redirect':
        if (outcome.session) void reply.setCookie(sessionCookie(survey), outcome.session, { ...cookie, maxAge: 30 * 86_400 });
        if (outcome.done) {
          void reply.clearCookie(sessionCookie(survey), cookie);
          void reply.setCookie(doneCookie(survey), '1', { ...cookie, maxAge: 365 * 86_400 });
        }
        return reply.code(303).header('location', outcome.to).send();
    }
  };

  app.get('/s/:slug', { schema: { hide: true, params: SlugParams, querystring: Fields } }, async (req, reply) => {
    const survey = await loadOrPage(req.params.slug, reply);
    if (!survey) return reply;
    if (survey.status !== 'live') return closedPage(reply, survey);
    return answer(reply, survey, await openSurvey(svc, requestOf(req, reply, survey), req.query));
  });

  app.post(
    '/s/:slug',
    {
      schema: { hide: true, params: SlugParams, body: FormBody },
      config: { rateLimit: { max: opts.postsPerMinute, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const survey = await loadOrPage(req.params.slug, reply);
      if (!survey) return reply;
      if (survey.status !== 'live') return closedPage(reply, survey);
      const honeypot = req.body[HONEYPOT];
      if (typeof honeypot === 'string' && honeypot !== '') {
        // Answer as if stored, so the sender learns nothing; store nothing.
        req.log.info({ slug: survey.slug }, 'honeypot filled: submission dropped');
        return reply.code(303).header('location', `/s/${survey.slug}/thanks`).send();
      }
      try {
        return answer(reply, survey, await sendPage(svc, requestOf(req, reply, survey), req.body));
      } catch (err) {
        // This process had not yet seen a republish or a close made elsewhere, and the writer refused
        // the answer: read the survey again, and the page says what changed, keeping the answers.
        if (!(err instanceof SurveyChangedError || (err instanceof AppError && err.code === 'survey_closed'))) throw err;
        const current = await loadOrPage(req.params.slug, reply);
        if (!current) return reply;
        if (current.status !== 'live') return closedPage(reply, current);
        return answer(reply, current, await sendPage(svc, requestOf(req, reply, current), req.body));
      }
    },
  );

  app.get('/s/:slug/thanks', { schema: { hide: true, params: SlugParams, querystring: Fields } }, async (req, reply) => {
    const survey = await loadOrPage(req.params.slug, reply);
    if (!survey) return reply;
    return answer(reply, survey, await showEnding(svc, requestOf(req, reply, survey), req.query));
  });

  const previewOrPage = async (token: string, reply: FastifyReply): Promise<LiveSurvey | null> => {
    const survey = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findPreviewSurvey(svc, token) : null;
    if (!survey) {
      sendHtml(reply, 404, renderMessage('Preview not found', 'This preview link does not work any more. Ask for a new one.', '', nonceOf(reply)));
      return null;
    }
    return survey;
  };

  app.get('/s/preview/:token', { schema: { hide: true, params: TokenParams, querystring: Fields } }, async (req, reply) => {
    const survey = await previewOrPage(req.params.token, reply);
    if (!survey) return reply;
    return answer(reply, survey, await openSurvey(svc, requestOf(req, reply, survey, { token: req.params.token }), req.query));
  });

  app.post(
    '/s/preview/:token',
    { schema: { hide: true, params: TokenParams, body: FormBody }, config: { rateLimit: { max: opts.postsPerMinute, timeWindow: 60_000 } } },
    async (req, reply) => {
      const survey = await previewOrPage(req.params.token, reply);
      if (!survey) return reply;
      return answer(reply, survey, await sendPage(svc, requestOf(req, reply, survey, { token: req.params.token }), req.body));
    },
  );
}
