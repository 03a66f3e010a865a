import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { SurveyCreateInput, SurveyDetail, SurveySummary, SurveyUpdateInput } from '../../../contract/surveys.ts';
import { SurveyCreateSchema, SurveyUpdateSchema } from '../../../contract/surveys.ts';
import { starterDefinition, SurveyDefinitionSchema, type SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { isUniqueViolation, type Db } from '../../db/connect.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { DataScope } from '../../db/scope.ts';
import { authorize, canSeeSurveyOf, canSeeUnit, dataScope, type Actor } from '../auth/actor.ts';
import { ForbiddenError } from '../../errors.ts';
import { resolveTouchPoint } from '../touch-points/service.ts';
import { getCompanyOf, getVisibleUnit } from '../units/service.ts';
import { presentSurveyDetail, presentSurveySummary } from './presenter.ts';
import { countResponsesByVersion, loadLiveDefinitions, selectSurveySummaries, type SurveySummaryRow } from './queries.ts';

/** Makes a URL slug from a title, with a short random tail so it is unique and not guessable in sequence. */
export function slugFromTitle(title: string): string {
  const base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const tail = randomBytes(4).toString('hex');
  return base ? `${base}-${tail}` : `survey-${tail}`;
}

async function loadVisibleSurvey(db: Db, actor: Actor, surveyId: string): Promise<SurveySummaryRow> {
  const row = await selectSurveySummaries(db, actor.unitPath).where('s.id', '=', surveyId).executeTakeFirst();
  if (!row || !canSeeSurveyOf(actor, row.unit_path)) throw new NotFoundError('The survey');
  return row;
}

/** A survey the actor may change: it must belong to a unit within their scope, not above it. */
async function loadChangeableSurvey(db: Db, actor: Actor, surveyId: string): Promise<SurveySummaryRow> {
  const row = await loadVisibleSurvey(db, actor, surveyId);
  if (!canSeeUnit(actor, row.unit_path)) {
    throw new ForbiddenError(`This survey belongs to ${row.unit_name}, above your scope; you may read it but not change it`);
  }
  return row;
}

function slugTaken(slug: string): ConflictError {
  return new ConflictError('slug_taken', `The link /s/${slug} is taken; choose another slug`, [{ path: 'slug', message: 'Already in use' }]);
}

/** Turns a lost race for a slug (the unique constraint firing) into the same 409 as the check before. */
function rethrowSlugRace(slug: string | undefined) {
  return (err: unknown): never => {
    if (slug !== undefined && isUniqueViolation(err, 'surveys_slug_key')) throw slugTaken(slug);
    throw err;
  };
}

async function slugIsFree(db: Db, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('surveys').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) === undefined;
}

/** A survey the actor may change (its unit lies within their scope): its id, slug and unit. */
export async function getSurveyForChange(svc: Services, actor: Actor, surveyId: string): Promise<{ id: string; slug: string; unitId: string }> {
  const row = await loadChangeableSurvey(svc.db, actor, surveyId);
  return { id: row.id, slug: row.slug, unitId: row.unit_id };
}

export async function listSurveys(svc: Services, actor: Actor): Promise<SurveySummary[]> {
  return (await listReadableSurveys(svc, actor)).map((r) => r.survey);
}

/** The surveys the actor may read, each with which of its responses they may read. */
export async function listReadableSurveys(svc: Services, actor: Actor): Promise<{ survey: SurveySummary; scope: DataScope }[]> {
  authorize(actor, 'surveys.read');
  const rows = await selectSurveySummaries(svc.db, actor.unitPath)
    // In scope, or above it (a company-wide survey is read by each market).
    .where(sql<boolean>`(u.path like ${`${actor.unitPath}%`} or ${actor.unitPath} like u.path || '%')`)
    .orderBy('s.updated_at', 'desc')
    .execute();
  return rows.map((r) => ({ survey: presentSurveySummary(r, svc.baseUrl), scope: dataScope(actor, r.unit_path) }));
}

/**
 * The customer surveys the actor may read: every kind but employee surveys, whose answers come from
 * the company's own people and are never mixed into customer results (docs/decisions/0016).
 */
export async function listCustomerSurveys(svc: Services, actor: Actor): Promise<{ survey: SurveySummary; scope: DataScope }[]> {
  return (await listReadableSurveys(svc, actor)).filter(({ survey }) => survey.kind !== 'employee');
}

/** The employee surveys the actor may read (eNPS and engagement). */
export async function listEmployeeSurveys(svc: Services, actor: Actor): Promise<{ survey: SurveySummary; scope: DataScope }[]> {
  return (await listReadableSurveys(svc, actor)).filter(({ survey }) => survey.kind === 'employee');
}

/** A survey the actor may read, with which of its responses they may read. */
export async function getSurveyForReading(svc: Services, actor: Actor, surveyId: string): Promise<{ survey: SurveySummary; scope: DataScope }> {
  authorize(actor, 'surveys.read');
  const row = await loadVisibleSurvey(svc.db, actor, surveyId);
  return { survey: presentSurveySummary(row, svc.baseUrl), scope: dataScope(actor, row.unit_path) };
}

export async function getSurvey(svc: Services, actor: Actor, surveyId: string): Promise<SurveyDetail> {
  authorize(actor, 'surveys.read');
  const row = await loadVisibleSurvey(svc.db, actor, surveyId);
  const versions = await svc.db
    .selectFrom('survey_versions')
    .select(['id', 'number', 'published_at'])
    .where('survey_id', '=', surveyId)
    .orderBy('number', 'desc')
    .execute();
  const counts = await countResponsesByVersion(svc.db, surveyId, dataScope(actor, row.unit_path));
  return presentSurveyDetail(row, versions, counts, svc.baseUrl);
}

export async function createSurvey(svc: Services, actor: Actor, raw: SurveyCreateInput): Promise<SurveyDetail> {
  authorize(actor, 'surveys.write');
  const input = SurveyCreateSchema.parse(raw);
  const unit = await getVisibleUnit(svc.db, actor, input.unitId ?? actor.unitId);
  const slug = input.slug ?? slugFromTitle(input.title);
  if (!(await slugIsFree(svc.db, slug))) throw slugTaken(slug);
  const definition = input.definition ?? starterDefinition((await getCompanyOf(svc.db, unit.path)).name);
  const id = await svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('surveys')
      .values({
        unit_id: unit.id,
        slug,
        title: input.title,
        kind: input.kind,
        status: 'draft',
        draft_definition: JSON.stringify(definition),
        created_by: actor.type === 'user' ? actor.id : null,
        created_at: svc.now(),
        updated_at: svc.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'survey.create', entityType: 'survey', entityId: row.id, unitId: unit.id, details: { title: input.title, slug } });
    return row.id;
  }).catch(rethrowSlugRace(slug));
  return getSurvey(svc, actor, id);
}

export async function updateSurvey(svc: Services, actor: Actor, surveyId: string, raw: SurveyUpdateInput): Promise<SurveyDetail> {
  authorize(actor, 'surveys.write');
  const input = SurveyUpdateSchema.parse(raw);
  const current = await loadChangeableSurvey(svc.db, actor, surveyId);
  if (input.slug !== undefined && input.slug !== current.slug) {
    if (current.live_version_id) {
      throw new ConflictError('slug_locked', 'The link of a published survey cannot change: respondents may already have it');
    }
    if (!(await slugIsFree(svc.db, input.slug, surveyId))) throw slugTaken(input.slug);
  }
  const touchPointId = input.touchPointKey == null ? input.touchPointKey : await touchPointIdOf(svc.db, current.unit_path, input.touchPointKey);
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('surveys')
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.definition !== undefined ? { draft_definition: JSON.stringify(input.definition) } : {}),
        ...(touchPointId !== undefined ? { touch_point_id: touchPointId } : {}),
        updated_at: svc.now(),
      })
      .where('id', '=', surveyId)
      .execute();
    await recordAudit(tx, actor, {
      action: 'survey.update',
      entityType: 'survey',
      entityId: surveyId,
      unitId: current.unit_id,
      details: { fields: Object.keys(input) },
    });
  }).catch(rethrowSlugRace(input.slug));
  return getSurvey(svc, actor, surveyId);
}

/** The id of a key in the catalogue of the survey's company; a key not in it is a 400 at touchPointKey. */
async function touchPointIdOf(db: Db, unitPath: string, key: string): Promise<string> {
  const found = await resolveTouchPoint(db, unitPath.split('/')[1] ?? '', key);
  if (!found) {
    throw new ValidationError(`The touch point ${key} is not in the catalogue; add it under Settings → Touch points first`, [{ path: 'touchPointKey', message: `${key} is not in the catalogue` }]);
  }
  return found.id;
}

/** Freezes the draft as a new version and makes it the one respondents answer. */
export async function publishSurvey(svc: Services, actor: Actor, surveyId: string): Promise<SurveyDetail> {
  authorize(actor, 'surveys.write');
  const current = await loadChangeableSurvey(svc.db, actor, surveyId);
  await svc.db.transaction().execute(async (tx) => {
    // Lock the survey row, then decide: two publishes at once must not both make a version. The read
    // is its own statement so that it sees what a publish that held the lock before us committed.
    await tx.selectFrom('surveys').select('id').where('id', '=', surveyId).forUpdate().execute();
    const locked = await tx
      .selectFrom('surveys as s')
      .leftJoin('survey_versions as v', 'v.id', 's.live_version_id')
      .select(['s.draft_definition', 's.live_version_id', sql<boolean>`s.draft_definition is distinct from v.definition`.as('changed')])
      .where('s.id', '=', surveyId)
      .executeTakeFirstOrThrow();
    if (locked.live_version_id && !locked.changed) {
      throw new ConflictError(
        'nothing_to_publish',
        current.status === 'closed'
          ? 'This version is already published; reopen the survey to take answers again'
          : 'This version is already live; change the survey before publishing again',
      );
    }
    const next = await tx
      .selectFrom('survey_versions')
      .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('survey_versions')
      .values({
        survey_id: surveyId,
        number: next.n,
        definition: JSON.stringify(locked.draft_definition),
        published_at: svc.now(),
        published_by: actor.type === 'user' ? actor.id : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('surveys')
      .set({ live_version_id: version.id, status: 'live', updated_at: svc.now() })
      .where('id', '=', surveyId)
      .execute();
    await recordAudit(tx, actor, { action: 'survey.publish', entityType: 'survey', entityId: surveyId, unitId: current.unit_id, details: { version: next.n } });
  });
  svc.liveSurveys.forget();
  return getSurvey(svc, actor, surveyId);
}

async function setStatus(svc: Services, actor: Actor, surveyId: string, status: 'live' | 'closed'): Promise<SurveyDetail> {
  authorize(actor, 'surveys.write');
  const current = await loadChangeableSurvey(svc.db, actor, surveyId);
  if (!current.live_version_id) {
    throw new AppError('not_published', 409, 'Publish the survey first');
  }
  if (current.status === status) {
    throw new ConflictError('already_' + status, `The survey is already ${status}`);
  }
  await svc.db.transaction().execute(async (tx) => {
    await tx.updateTable('surveys').set({ status, updated_at: svc.now() }).where('id', '=', surveyId).execute();
    await recordAudit(tx, actor, { action: status === 'closed' ? 'survey.close' : 'survey.reopen', entityType: 'survey', entityId: surveyId, unitId: current.unit_id });
  });
  svc.liveSurveys.forget();
  return getSurvey(svc, actor, surveyId);
}

export const closeSurvey = (svc: Services, actor: Actor, id: string) => setStatus(svc, actor, id, 'closed');
export const reopenSurvey = (svc: Services, actor: Actor, id: string) => setStatus(svc, actor, id, 'live');

/** The live versions' definitions, by survey id (surveys never published are absent). */
export async function getLiveDefinitions(svc: Services, surveyIds: string[]): Promise<Map<string, SurveyDefinition>> {
  const raw = await loadLiveDefinitions(svc.db, surveyIds);
  return new Map([...raw].map(([id, def]) => [id, SurveyDefinitionSchema.parse(def)]));
}
