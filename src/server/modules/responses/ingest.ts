import { createHash } from 'node:crypto';
import type { ResponseCreated, ResponseCreateInput } from '../../../contract/responses.ts';
import { ResponseCreateSchema } from '../../../contract/responses.ts';
import type { Services } from '../../context.ts';
import { AppError, ConflictError, NotFoundError } from '../../errors.ts';
import { authorize, canSeeSurveyOf, canSeeUnit, type Actor } from '../auth/actor.ts';
import { getUnitById } from '../units/service.ts';
import { findLiveSurvey, submitResponse, type LiveSurvey } from './service.ts';
import { IdempotencyKeyUsedError, SurveyChangedError, type KeyedResponse } from './writer.ts';

type ResponseCreateParsed = ReturnType<typeof ResponseCreateSchema.parse>;

/** How far ahead of the server's clock a submitted time may be (clock skew between systems). */
const FUTURE_SKEW_MS = 5 * 60_000;

/** A stable hash of a request body: the same JSON with keys in any order hashes the same. */
export function hashRequest(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('base64url');
}

async function findByKey(svc: Services, survey: LiveSurvey, key: string) {
  return svc.db
    .selectFrom('responses as r')
    .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
    .select(['r.id', 'r.submitted_at', 'r.request_hash', 'v.number'])
    .where('r.survey_id', '=', survey.surveyId)
    .where('r.idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The answer to a retry: the first response, unless the key came with a different request. */
function replayOf(survey: LiveSurvey, existing: KeyedResponse, hash: string): ResponseCreated {
  if (existing.requestHash !== hash) {
    throw new ConflictError('idempotency_conflict', 'This Idempotency-Key was used before with a different request; use a new key for a new response');
  }
  return { id: existing.id, surveyId: survey.surveyId, versionNumber: existing.versionNumber, submittedAt: existing.submittedAt.toISOString(), replayed: true };
}

async function replay(svc: Services, survey: LiveSurvey, key: string, hash: string): Promise<ResponseCreated | null> {
  const existing = await findByKey(svc, survey, key);
  if (!existing) return null;
  return replayOf(survey, { id: existing.id, submittedAt: existing.submitted_at, requestHash: existing.request_hash, versionNumber: existing.number }, hash);
}

/**
 * Stores a response sent by another system (API key), validated exactly like the respondent page.
 * With an idempotency key, a retry of the same request returns the first response instead of storing
 * a second; the same key with a different request is refused.
 */
export async function ingestResponse(
  svc: Services,
  actor: Actor,
  slug: string,
  raw: ResponseCreateInput,
  idempotencyKey?: string,
): Promise<ResponseCreated> {
  authorize(actor, 'responses.write');
  const input = ResponseCreateSchema.parse(raw);
  try {
    return await ingestOnce(svc, actor, slug, input, idempotencyKey);
  } catch (err) {
    // Republished after this process last read the survey: once more, checked against the new version.
    if (err instanceof SurveyChangedError) return ingestOnce(svc, actor, slug, input, idempotencyKey);
    throw err;
  }
}

async function ingestOnce(svc: Services, actor: Actor, slug: string, input: ResponseCreateParsed, idempotencyKey: string | undefined): Promise<ResponseCreated> {
  const survey = await findLiveSurvey(svc, slug);
  if (!canSeeSurveyOf(actor, survey.unitPath)) throw new NotFoundError('The survey');
  const unitId = input.unitId ?? survey.unitId;
  const unit = unitId === survey.unitId ? { path: survey.unitPath } : await getUnitById(svc.db, unitId);
  if (!unit) throw new NotFoundError('The unit');
  if (!canSeeUnit(actor, unit.path)) {
    throw new AppError('unit_out_of_scope', 403, 'You may only submit responses for units within your scope; pass unitId of one of them');
  }
  const submittedAt = input.submittedAt ? new Date(input.submittedAt) : svc.now();
  if (submittedAt.getTime() > svc.now().getTime() + FUTURE_SKEW_MS) {
    throw new AppError('submitted_in_future', 422, 'submittedAt lies in the future; send the time the customer answered', [{ path: 'submittedAt', message: 'In the future' }]);
  }
  const hash = idempotencyKey ? hashRequest({ slug, ...input }) : undefined;
  try {
    const answers = Object.fromEntries(Object.entries(input.answers).filter(([, v]) => v !== null));
    const stored = await submitResponse(svc, survey, {
      answers,
      submittedAt,
      language: input.language,
      channel: input.channel,
      attributes: input.attributes,
      unitId,
      respondent: { contact: {}, account: {}, audience: input.audience ?? null, language: input.language },
      partial: input.status === 'partial',
      idempotencyKey,
      requestHash: hash,
      apiKeyId: actor.type === 'api_key' ? actor.id : undefined,
    });
    return { id: stored.id, surveyId: survey.surveyId, versionNumber: survey.versionNumber, submittedAt: submittedAt.toISOString(), replayed: false };
  } catch (err) {
    if (!idempotencyKey || !hash) throw err;
    // A retry, or the same request racing itself: the writer found the key taken.
    if (err instanceof IdempotencyKeyUsedError) return replayOf(survey, err.existing, hash);
    // Refused now (the survey closed, or a new version rejects the answers): a retry of a request that
    // was stored still answers with its first response. Looked up only here, off the common path.
    if (err instanceof AppError && err.status < 500) {
      const earlier = await replay(svc, survey, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    throw err;
  }
}
