import { GoalCreateSchema, GoalListQuerySchema, GoalUpdateSchema, type Goal, type GoalCreateInput, type GoalList, type GoalListQuery } from '../../../contract/goals.ts';
import { dayOf } from '../../../core/dates.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { getCompanySummaryIndex } from '../account-analytics/service.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, can, canSeeSurveyOf, canSeeUnit, type Actor } from '../auth/actor.ts';
import { narrowActor } from '../market/service.ts';
import { getLiveDefinitions, listCustomerSurveys } from '../surveys/service.ts';
import { companyIdOf, getVisibleUnit } from '../units/service.ts';
import type { GoalReach } from './measure.ts';
import { computeProgress } from './progress.ts';
import { selectGoals, type GoalRow } from './queries.ts';

/**
 * Goals (docs/decisions/0015-goals.md): anyone who sees a goal's unit reads it with its progress;
 * admins and analysts set goals on any unit in their scope, managers on their own units only (both
 * come down to the unit lying in the actor's scope, with the goals.manage permission). Every change
 * goes to the audit log.
 */

const mayManage = (actor: Actor, unitPath: string) => can(actor, 'goals.manage') && canSeeUnit(actor, unitPath);

/** The customer surveys a goal is measured on: those read in its unit, narrowed to its survey or programme's survey. */
async function reachOf(svc: Services, actor: Actor, row: GoalRow): Promise<GoalReach> {
  const viewer = narrowActor(actor, { id: row.unit_id, path: row.unit_path });
  const onlySurvey = row.survey_id ?? row.programme_survey_id;
  const live = (await listCustomerSurveys(svc, viewer)).filter(({ survey }) => survey.version !== null && (onlySurvey === null || survey.id === onlySurvey));
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  return {
    metric: row.metric,
    unitPath: row.unit_path,
    touchPointId: row.touch_point_id,
    surveyId: row.survey_id,
    programmeId: row.programme_id,
    surveys: live.flatMap(({ survey, scope }) => {
      const definition = defs.get(survey.id);
      return definition ? [{ id: survey.id, definition, scope }] : [];
    }),
    summaryIndex: row.metric === 'summary_index' ? await getCompanySummaryIndex(svc, companyIdOf(row.unit_path)) : null,
  };
}

async function presentGoal(svc: Services, actor: Actor, row: GoalRow): Promise<Goal> {
  const target = Number(row.target);
  const progress = await computeProgress(svc, { metric: row.metric, target, startDate: row.start_date, dueDate: row.due_date }, await reachOf(svc, actor, row), dayOf(svc.now()));
  return {
    id: row.id,
    name: row.name,
    metric: row.metric,
    unit: { id: row.unit_id, name: row.unit_name, kind: row.unit_kind },
    touchPoint: row.touch_point_id && row.touch_point_name ? { id: row.touch_point_id, name: row.touch_point_name } : null,
    survey: row.survey_id && row.survey_title ? { id: row.survey_id, title: row.survey_title } : null,
    programme: row.programme_id && row.programme_name ? { id: row.programme_id, name: row.programme_name } : null,
    target,
    startDate: row.start_date,
    dueDate: row.due_date,
    owner: row.owner_user_id && row.owner_name ? { id: row.owner_user_id, name: row.owner_name } : null,
    canManage: mayManage(actor, row.unit_path),
    progress,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The goals an actor sees, with their progress: every goal on a unit in their scope, or those of one
 * unit and below (`unit`), or those owned by a user (`owner`), or — `mine` — the goals that belong to
 * the viewer: owned by them or set on their own unit. The review and dashboard pages read this.
 */
export async function listGoalsWithProgress(svc: Services, actor: Actor, raw: Partial<GoalListQuery> & { mine?: boolean } = {}): Promise<GoalList> {
  authorize(actor, 'surveys.read');
  const query = GoalListQuerySchema.parse(raw);
  let q = selectGoals(svc.db).where('u.path', 'like', `${actor.unitPath}%`);
  if (query.unit) {
    const unit = await getVisibleUnit(svc.db, actor, query.unit);
    q = q.where('u.path', 'like', `${unit.path}%`);
  }
  if (query.owner) q = q.where('g.owner_user_id', '=', query.owner);
  if (raw.mine) q = q.where((eb) => eb.or([eb('g.unit_id', '=', actor.unitId), ...(actor.type === 'user' ? [eb('g.owner_user_id', '=', actor.id)] : [])]));
  const rows = await q.orderBy('g.due_date').orderBy('g.name').execute();
  const goals: Goal[] = [];
  for (const row of rows) goals.push(await presentGoal(svc, actor, row));
  return { goals, canCreate: can(actor, 'goals.manage') };
}

async function loadVisibleGoal(db: Db, actor: Actor, id: string): Promise<GoalRow> {
  const row = await selectGoals(db).where('g.id', '=', id).executeTakeFirst();
  if (!row || !canSeeUnit(actor, row.unit_path)) throw new NotFoundError('The goal');
  return row;
}

export async function getGoal(svc: Services, actor: Actor, id: string): Promise<Goal> {
  authorize(actor, 'surveys.read');
  return presentGoal(svc, actor, await loadVisibleGoal(svc.db, actor, id));
}

const invalid = (path: string, message: string) => new ValidationError(message, [{ path, message }]);

/** The goal's columns, once its unit, touch point, survey, programme and owner are known to fit the actor's scope. */
async function resolveFields(svc: Services, actor: Actor, raw: GoalCreateInput) {
  const input = GoalCreateSchema.parse(raw);
  const unit = await getVisibleUnit(svc.db, actor, input.unitId).catch(() => {
    throw invalid('unitId', 'No unit with this id in your scope: pick one of your units');
  });
  const companyId = companyIdOf(unit.path);
  if (input.touchPointId) {
    const tp = await svc.db.selectFrom('touch_points').select('id').where('id', '=', input.touchPointId).where('company_id', '=', companyId).executeTakeFirst();
    if (!tp) throw invalid('touchPointId', 'No touch point with this id in the company');
  }
  if (input.surveyId) {
    const s = await svc.db.selectFrom('surveys as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['s.kind', 'u.path']).where('s.id', '=', input.surveyId).executeTakeFirst();
    if (!s || !canSeeSurveyOf(narrowActor(actor, unit), s.path)) throw invalid('surveyId', "No survey with this id is read in the goal's unit");
    if (s.kind === 'employee') throw invalid('surveyId', 'Goals follow customer surveys; employee surveys are compared on /analytics/employees');
  }
  if (input.programmeId) {
    const p = await svc.db.selectFrom('programmes as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['u.path', 'p.survey_id']).where('p.id', '=', input.programmeId).executeTakeFirst();
    if (!p || !(p.path.startsWith(unit.path) || unit.path.startsWith(p.path))) throw invalid('programmeId', "No programme with this id reaches the goal's unit");
    if (input.surveyId && input.surveyId !== p.survey_id) throw invalid('programmeId', 'The programme sends another survey than the one named: leave one of them out');
  }
  if (input.ownerUserId) {
    const o = await svc.db.selectFrom('users as x').innerJoin('units as u', 'u.id', 'x.unit_id').select('u.path').where('x.id', '=', input.ownerUserId).where('x.disabled_at', 'is', null).executeTakeFirst();
    if (!o || !unit.path.startsWith(o.path)) throw invalid('ownerUserId', "The owner must be an active user who sees the goal's unit");
  }
  return {
    unit,
    values: {
      company_id: companyId,
      unit_id: unit.id,
      name: input.name,
      metric: input.metric,
      touch_point_id: input.touchPointId,
      survey_id: input.surveyId,
      programme_id: input.programmeId,
      target: input.target,
      start_date: input.startDate,
      due_date: input.dueDate,
      owner_user_id: input.ownerUserId,
    },
  };
}

function requireManage(actor: Actor, unitPath: string, unitName: string): void {
  authorize(actor, 'goals.manage');
  if (!mayManage(actor, unitPath)) throw new NotFoundError(`The unit ${unitName}`);
}

export async function createGoal(svc: Services, actor: Actor, raw: GoalCreateInput): Promise<Goal> {
  authorize(actor, 'goals.manage');
  const { unit, values } = await resolveFields(svc, actor, raw);
  requireManage(actor, unit.path, unit.name);
  const id = await svc.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('goals').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'goal.created', entityType: 'goal', entityId: row.id, unitId: unit.id, details: { ...values } });
    return row.id;
  });
  return getGoal(svc, actor, id);
}

export async function updateGoal(svc: Services, actor: Actor, id: string, raw: GoalCreateInput): Promise<Goal> {
  authorize(actor, 'goals.manage');
  const before = await loadVisibleGoal(svc.db, actor, id);
  requireManage(actor, before.unit_path, before.unit_name);
  const { unit, values } = await resolveFields(svc, actor, GoalUpdateSchema.parse(raw));
  requireManage(actor, unit.path, unit.name);
  await svc.db.transaction().execute(async (tx) => {
    await tx.updateTable('goals').set({ ...values, updated_at: svc.now() }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'goal.updated', entityType: 'goal', entityId: id, unitId: unit.id, details: { ...values, previousUnitId: before.unit_id } });
  });
  return getGoal(svc, actor, id);
}

export async function deleteGoal(svc: Services, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'goals.manage');
  const row = await loadVisibleGoal(svc.db, actor, id);
  requireManage(actor, row.unit_path, row.unit_name);
  await svc.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('goals').where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'goal.deleted', entityType: 'goal', entityId: id, unitId: row.unit_id, details: { name: row.name, metric: row.metric, target: Number(row.target) } });
  });
}
