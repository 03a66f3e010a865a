import { validateAnswers, type AnswerError, type Answers } from '../../../core/answers.ts';
import type { Respondent } from '../../../core/logic.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { getSurveyForReading } from '../surveys/service.ts';
import { responsesInScope } from '../../db/scope.ts';
import { maskAnswersForCompany } from '../text-settings/service.ts';
import { companyIdOf, getUnitById } from '../units/service.ts';

/** A survey as a respondent sees it: the live version of a published survey. */
export interface LiveSurvey {
  surveyId: string;
  slug: string;
  title: string;
  status: 'live' | 'closed';
  unitId: string;
  unitPath: string;
  /** The company the survey belongs to, whose name heads the respondent page. */
  companyName: string;
  versionId: string;
  versionNumber: number;
  definition: SurveyDefinition;
}

/** The published survey behind a public link, or 404 when there is none (drafts are not public). */
export async function findLiveSurvey(svc: Services, slug: string): Promise<LiveSurvey> {
  const survey = await svc.liveSurveys.find(slug);
  if (!survey) throw new NotFoundError('The survey');
  return survey;
}

export class AnswersRejectedError extends AppError {
  readonly errors: AnswerError[];
  constructor(errors: AnswerError[]) {
    super(
      'invalid_answers',
      422,
      'Some answers need attention',
      errors.map((e) => ({ path: e.questionId, code: e.code, message: e.message })),
    );
    this.errors = errors;
  }
}

export interface SubmitInput {
  answers: Readonly<Record<string, unknown>>;
  language?: string;
  channel?: string;
  attributes?: Record<string, string>;
  accountId?: string | null;
  /** The unit the answer belongs to (the account's); it must lie within the survey's unit. */
  unitId?: string;
  contactId?: string | null;
  submittedAt?: Date;
  /** From server-to-server submissions: a retry with the same key finds this response. */
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
  /** Who answers: decides, with the answers, which questions were asked. */
  respondent?: Respondent;
  audience?: string | null;
  /** Stopped early: stored as a partial response, with nothing required. */
  partial?: boolean;
  /** The page-by-page flow drops answers left on pages the respondent no longer passes through. */
  dropUnasked?: boolean;
  startedAt?: Date | null;
  /** The respondent session and personal link it completes; each completes one response at most. */
  sessionId?: string | null;
  personalLinkId?: string | null;
  /**
   * The version was fixed when the respondent started (a session): the response is stored while the
   * survey is live even if a newer version was published since.
   */
  pinnedVersion?: boolean;
  /** The API key that sends it: the response is stored only while the key is not revoked. */
  apiKeyId?: string | undefined;
}

/**
 * Stores a response to the live version, after the server-side check of every answer. The response
 * and its rollup increment commit together, in a batch with whatever else is being submitted
 * (writer.ts): once this returns, neither is lost (on PostgreSQL; on embedded PGlite, which never
 * fsyncs, a commit survives a crash of the process but not of the machine). A taken idempotency key
 * rejects with IdempotencyKeyUsedError, which holds the response that has it.
 */
export async function submitResponse(svc: Services, survey: LiveSurvey, input: SubmitInput): Promise<{ id: string; answers: Answers }> {
  if (survey.status !== 'live') {
    throw new AppError('survey_closed', 410, 'This survey is closed and no longer takes answers');
  }
  const checked = validateAnswers(survey.definition, input.answers, {
    ...(input.respondent ? { respondent: input.respondent } : {}),
    partial: input.partial ?? false,
    dropUnasked: input.dropUnasked ?? false,
  });
  if (!checked.ok) throw new AnswersRejectedError(checked.errors);
  // Masked here, before the writer, so the original never reaches the database (text_settings.mask_pii).
  const answers = await maskAnswersForCompany(svc.db, companyIdOf(survey.unitPath), survey.definition, checked.answers);
  const submittedAt = input.submittedAt ?? svc.now();
  const unitId = input.unitId ?? survey.unitId;
  if (unitId !== survey.unitId) {
    const unit = await getUnitById(svc.db, unitId);
    if (!unit?.path.startsWith(survey.unitPath)) {
      throw new AppError('unit_outside_survey', 422, "The response's unit is not part of the survey's unit");
    }
  }
  const { id } = await svc.writer.write({
    surveyId: survey.surveyId,
    versionId: survey.versionId,
    versionNumber: survey.versionNumber,
    unitId,
    accountId: input.accountId ?? null,
    contactId: input.contactId ?? null,
    submittedAt,
    answers,
    attributes: input.attributes ?? {},
    language: input.language ?? 'en',
    channel: input.channel ?? 'link',
    idempotencyKey: input.idempotencyKey ?? null,
    requestHash: input.requestHash ?? null,
    apiKeyId: input.apiKeyId ?? null,
    status: input.partial ? 'partial' : 'complete',
    audience: input.audience ?? input.respondent?.audience ?? null,
    startedAt: input.startedAt ?? null,
    sessionId: input.sessionId ?? null,
    personalLinkId: input.personalLinkId ?? null,
    pinnedVersion: input.pinnedVersion ?? false,
  });
  return { id, answers };
}

export interface ResponseView {
  id: string;
  surveyId: string;
  versionNumber: number;
  submittedAt: string;
  answers: Answers;
  attributes: Record<string, string>;
}

/** A survey's responses, newest first, a page at a time (keyset on submitted_at). */
export async function listResponses(
  svc: Services,
  actor: Actor,
  surveyId: string,
  page: { limit: number; before?: string | undefined },
): Promise<{ responses: ResponseView[]; nextBefore: string | null }> {
  authorize(actor, 'responses.read');
  const { scope } = await getSurveyForReading(svc, actor, surveyId);
  let q = svc.db
    .selectFrom('responses as r')
    .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
    .select(['r.id', 'r.survey_id', 'v.number', 'r.submitted_at', 'r.answers', 'r.attributes'])
    .where('r.survey_id', '=', surveyId)
    .where(responsesInScope(scope));
  if (page.before) {
    // Keyset on (submitted_at, id): responses sharing a timestamp are neither skipped nor repeated.
    const [at = '', id] = page.before.split('~');
    const t = new Date(at);
    q = id
      ? q.where((eb) => eb.or([eb('r.submitted_at', '<', t), eb.and([eb('r.submitted_at', '=', t), eb('r.id', '<', id)])]))
      : q.where('r.submitted_at', '<', t);
  }
  const rows = await q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(page.limit + 1).execute();
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    responses: shown.map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      versionNumber: r.number,
      submittedAt: r.submitted_at.toISOString(),
      answers: r.answers,
      attributes: r.attributes,
    })),
    nextBefore: more && last ? `${last.submitted_at.toISOString()}~${last.id}` : null,
  };
}
