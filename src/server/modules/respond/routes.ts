import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SLUG } from '../../../contract/patterns.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { AnswersRejectedError, findLiveSurvey, submitResponse, type LiveSurvey } from '../responses/service.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import { SurveyChangedError } from '../responses/writer.ts';
import { HONEYPOT, renderMessage, renderSurveyForm, renderThankYou, type FormValues, type Nonces } from './view.ts';

/** Public respondent pages: GET shows the survey, POST stores the answers (form post, no JavaScript needed). */

// Any slug-shaped text reaches the handler, so a mistyped link gets the "not found" page, not JSON.
const SlugParams = z.object({ slug: z.string().max(200) });
const LinkQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());
const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

function nonceOf(reply: FastifyReply): Nonces {
  const nonces = (reply as FastifyReply & { cspNonce?: Nonces }).cspNonce;
  if (!nonces) throw new Error('helmet CSP nonces are not enabled');
  return nonces;
}

/**
 * Answers from form fields named q_<answer key> (q_<id>, q_<id>.<row>, q_<id>.other, q_<id>.rank.<option>).
 * A multi-choice question's repeated field is its list; any other repeated field keeps its last value
 * (a consent's hidden "false" is followed by its box's "true" when ticked).
 */
export function answersFromForm(def: SurveyDefinition, body: Record<string, string | string[]>): FormValues {
  const lists = new Set(def.questions.filter((q) => q.type === 'multi').map((q) => q.id));
  const answers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('q_')) continue;
    const key = name.slice(2);
    if (lists.has(key)) answers[key] = Array.isArray(value) ? value : [value];
    else answers[key] = Array.isArray(value) ? (value.at(-1) ?? '') : value;
  }
  return answers;
}

/** Hidden fields' values from the link's query string (?<id>=value), to post back with the answers. */
function hiddenFromQuery(def: SurveyDefinition, query: Record<string, string | string[] | undefined>): FormValues {
  const values: Record<string, string> = {};
  for (const q of def.questions) {
    const v = q.type === 'hidden' ? query[q.id] : undefined;
    const text = Array.isArray(v) ? v.at(-1) : v;
    if (text !== undefined) values[q.id] = text.slice(0, 500);
  }
  return values;
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

export function registerRespondRoutes(root: FastifyInstance, svc: Services, opts: { postsPerMinute: number }): void {
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

function registerPages(root: FastifyInstance, svc: Services, opts: { postsPerMinute: number }): void {
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

  const closedPage = async (reply: FastifyReply, survey: LiveSurvey) =>
    sendHtml(reply, 410, renderMessage('This survey is closed', 'It no longer takes answers. Thank you for your interest.', survey.companyName, nonceOf(reply)));

  app.get('/s/:slug', { schema: { hide: true, params: SlugParams, querystring: LinkQuery } }, async (req, reply) => {
    const survey = await loadOrPage(req.params.slug, reply);
    if (!survey) return reply;
    if (survey.status !== 'live') return closedPage(reply, survey);
    const values = hiddenFromQuery(survey.definition, req.query);
    return sendHtml(reply, 200, renderSurveyForm({ survey, brand: survey.companyName, nonce: nonceOf(reply), values }));
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
      const values = answersFromForm(survey.definition, req.body);
      const honeypot = req.body[HONEYPOT];
      if (typeof honeypot === 'string' && honeypot !== '') {
        // Answer as if stored, so the sender learns nothing; store nothing.
        req.log.info({ slug: survey.slug }, 'honeypot filled: submission dropped');
        return reply.code(303).header('location', `/s/${survey.slug}/thanks`).send();
      }
      // The survey was republished while this person answered: show the new version with their answers.
      const updatedPage = (current: LiveSurvey) => {
        const notice = 'This survey was updated while you were answering. Please check your answers and send again.';
        const kept = answersFromForm(current.definition, req.body);
        return sendHtml(reply, 409, renderSurveyForm({ survey: current, brand: current.companyName, nonce: nonceOf(reply), values: kept, notice }));
      };
      const postedVersion = req.body['v'];
      if (postedVersion !== undefined && postedVersion !== String(survey.versionNumber)) return updatedPage(survey);
      try {
        await submitResponse(svc, survey, { answers: values, channel: 'link' });
      } catch (err) {
        if (err instanceof AnswersRejectedError) {
          return sendHtml(reply, 422, renderSurveyForm({ survey, brand: survey.companyName, nonce: nonceOf(reply), values, errors: err.errors }));
        }
        // This process had not yet seen a republish or a close made elsewhere; the writer refused it.
        if (err instanceof SurveyChangedError || (err instanceof AppError && err.code === 'survey_closed')) {
          const current = await loadOrPage(req.params.slug, reply);
          if (!current) return reply;
          return current.status === 'live' ? updatedPage(current) : closedPage(reply, current);
        }
        throw err;
      }
      return reply.code(303).header('location', `/s/${survey.slug}/thanks`).send();
    },
  );

  app.get('/s/:slug/thanks', { schema: { hide: true, params: SlugParams } }, async (req, reply) => {
    const survey = await loadOrPage(req.params.slug, reply);
    if (!survey) return reply;
    return sendHtml(reply, 200, renderThankYou(survey, survey.companyName, nonceOf(reply)));
  });
}
