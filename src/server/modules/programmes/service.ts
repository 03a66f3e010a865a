import { sql } from 'kysely';
import {
  ProgrammeCreateSchema,
  ProgrammeUpdateSchema,
  type DryRun,
  type Programme,
  type ProgrammeCreateInput,
  type ProgrammeStats,
  type ProgrammeUpdateInput,
} from '../../../contract/programmes.ts';
import { ContactPolicySchema, type ContactPolicyInput, type SuppressionReason } from '../../../core/contact-policy-rules.ts';
import { createPolicyEvaluator } from '../../../core/contact-policy.ts';
import { ProgrammeConfigSchema, type ProgrammeConfig } from '../../../core/programme.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canSeeSurveyOf, canSeeUnit, type Actor } from '../auth/actor.ts';
import { getVisibleUnit } from '../units/service.ts';
import { programmeCandidates, type ProgrammeRef } from './candidates.ts';
import { loadPolicyHistory, lookbackDays, readContactPolicy } from './policy-store.ts';
import { insertInvitations } from './invitations.ts';
import { companyIdOf } from '../units/service.ts';

/** Programmes: how a survey reaches people (persistent, periodic, pulsed), their dry runs and plans. */

const DAY = 86_400_000;

function selectProgrammes(db: Db) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('surveys as s', 's.id', 'p.survey_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('touch_points as t', 't.id', 'p.touch_point_id')
    .select([
      'p.id',
      'p.company_id',
      'p.unit_id',
      'p.name',
      'p.kind',
      'p.status',
      'p.config',
      'p.quota',
      'p.created_at',
      'p.activated_at',
      'p.survey_id',
      's.title as survey_title',
      's.slug as survey_slug',
      's.status as survey_status',
      'u.name as unit_name',
      'u.path as unit_path',
      't.key as tp_key',
      't.name as tp_name',
    ]);
}
type ProgrammeRow = Awaited<ReturnType<ReturnType<typeof selectProgrammes>['executeTakeFirstOrThrow']>>;

function refOf(row: ProgrammeRow): ProgrammeRef {
  return { id: row.id, companyId: row.company_id, unitPath: row.unit_path, kind: row.kind, config: ProgrammeConfigSchema.parse(row.config) };
}

/** Whether the actor may see a programme: it belongs to a unit in their scope, or they work within its unit. */
function canSeeProgramme(actor: Actor, unitPath: string): boolean {
  return canSeeSurveyOf(actor, unitPath);
}

async function loadVisible(svc: Services, actor: Actor, id: string): Promise<ProgrammeRow> {
  const row = await selectProgrammes(svc.db).where('p.id', '=', id).executeTakeFirst();
  if (!row || !canSeeProgramme(actor, row.unit_path)) throw new NotFoundError('The programme');
  return row;
}

async function loadChangeable(svc: Services, actor: Actor, id: string): Promise<ProgrammeRow> {
  const row = await loadVisible(svc, actor, id);
  if (!canSeeUnit(actor, row.unit_path)) throw new NotFoundError('The programme');
  return row;
}

/** Invitation counts per programme, within the reader's units. */
async function statsOf(db: Db, ids: readonly string[], unitPath: string): Promise<Map<string, ProgrammeStats>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<Record<string, number> & { programme_id: string }>`
    select i.programme_id,
           count(*) filter (where i.status = 'scheduled')::int as scheduled,
           count(*) filter (where i.status = 'suppressed')::int as suppressed,
           count(*) filter (where i.status = 'sent')::int as sent,
           count(*) filter (where i.status = 'failed')::int as failed,
           count(*) filter (where i.status = 'cancelled')::int as cancelled,
           count(i.opened_at)::int as opened,
           count(i.started_at)::int as started,
           count(r.id)::int as completed,
           count(i.bounced_at)::int as bounced,
           count(i.unsubscribed_at)::int as unsubscribed
      from invitations i
      join units u on u.id = i.unit_id
      left join responses r on r.personal_link_id = i.personal_link_id and r.status = 'complete'
     where i.programme_id = any(${[...ids]}::uuid[]) and u.path like ${`${unitPath}%`}
     group by i.programme_id`.execute(db);
  const out = new Map<string, ProgrammeStats>();
  for (const r of rows.rows) {
    const { programme_id, ...n } = r;
    const s = n as unknown as Omit<ProgrammeStats, 'responseRate'>;
    out.set(programme_id, { ...s, responseRate: s.sent > 0 ? s.completed / s.sent : null });
  }
  return out;
}

const NO_STATS: ProgrammeStats = { scheduled: 0, suppressed: 0, sent: 0, failed: 0, cancelled: 0, opened: 0, started: 0, completed: 0, bounced: 0, unsubscribed: 0, responseRate: null };

function present(row: ProgrammeRow, stats: ProgrammeStats, completedAll: number): Programme {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    survey: { id: row.survey_id, title: row.survey_title, slug: row.survey_slug, status: row.survey_status },
    unitId: row.unit_id,
    unitName: row.unit_name,
    touchPoint: row.tp_key && row.tp_name ? { key: row.tp_key, name: row.tp_name } : null,
    quota: row.quota,
    quotaReached: row.quota !== null && completedAll >= row.quota,
    config: ProgrammeConfigSchema.parse(row.config),
    stats,
    createdAt: row.created_at.toISOString(),
    activatedAt: row.activated_at?.toISOString() ?? null,
  };
}

/** Completed responses through each programme's invitations, in every unit (quotas count them all). */
export async function completedCounts(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ programme_id: string; n: number }>`
    select i.programme_id, count(*)::int as n
      from invitations i join responses r on r.personal_link_id = i.personal_link_id and r.status = 'complete'
     where i.programme_id = any(${[...ids]}::uuid[]) group by i.programme_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.programme_id, r.n]));
}

async function presentRows(svc: Services, actor: Actor, rows: ProgrammeRow[]): Promise<Programme[]> {
  const ids = rows.map((r) => r.id);
  const [stats, completed] = await Promise.all([statsOf(svc.db, ids, actor.unitPath), completedCounts(svc.db, ids)]);
  return rows.map((r) => present(r, stats.get(r.id) ?? NO_STATS, completed.get(r.id) ?? 0));
}

export async function listProgrammes(svc: Services, actor: Actor): Promise<Programme[]> {
  authorize(actor, 'programmes.read');
  const rows = await selectProgrammes(svc.db).where('p.company_id', '=', companyIdOf(actor.unitPath)).orderBy('p.created_at', 'desc').execute();
  return presentRows(svc, actor, rows.filter((r) => canSeeProgramme(actor, r.unit_path)));
}

export async function getProgramme(svc: Services, actor: Actor, id: string): Promise<Programme> {
  authorize(actor, 'programmes.read');
  const [p] = await presentRows(svc, actor, [await loadVisible(svc, actor, id)]);
  if (!p) throw new NotFoundError('The programme');
  return p;
}

/** The touch point a key names in the company; 400 when there is none. */
async function touchPointId(db: Db, companyId: string, key: string | null | undefined): Promise<string | null | undefined> {
  if (key === undefined || key === null) return key;
  const row = await db.selectFrom('touch_points').select('id').where('company_id', '=', companyId).where('key', '=', key).executeTakeFirst();
  if (!row) throw new ValidationError(`There is no touch point "${key}" in the catalogue`, [{ path: 'touchPointKey', message: 'Choose a touch point from the catalogue' }]);
  return row.id;
}

/** A programme's survey: one the actor may see, in their company, not closed. */
async function checkSurvey(db: Db, actor: Actor, surveyId: string): Promise<void> {
  const survey = await db
    .selectFrom('surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.status', 'u.path'])
    .where('s.id', '=', surveyId)
    .executeTakeFirst();
  if (!survey || !canSeeSurveyOf(actor, survey.path) || companyIdOf(survey.path) !== companyIdOf(actor.unitPath)) {
    throw new ValidationError('The survey was not found, or you may not see it', [{ path: 'surveyId', message: 'Choose one of your surveys' }]);
  }
  if (survey.status === 'closed') throw new ValidationError('The survey is closed', [{ path: 'surveyId', message: 'Choose a survey that is open' }]);
}

export async function createProgramme(svc: Services, actor: Actor, raw: ProgrammeCreateInput): Promise<Programme> {
  authorize(actor, 'programmes.write');
  const input = ProgrammeCreateSchema.parse(raw);
  const unit = await getVisibleUnit(svc.db, actor, input.unitId ?? actor.unitId);
  await checkSurvey(svc.db, actor, input.surveyId);
  const companyId = companyIdOf(unit.path);
  const tp = await touchPointId(svc.db, companyId, input.touchPointKey);
  const id = await svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('programmes')
      .values({
        company_id: companyId,
        unit_id: unit.id,
        name: input.name,
        kind: input.config.kind,
        survey_id: input.surveyId,
        touch_point_id: tp ?? null,
        config: JSON.stringify(input.config),
        quota: input.quota ?? null,
        created_by: actor.type === 'user' ? actor.id : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'programme.create', entityType: 'programme', entityId: row.id, unitId: unit.id, details: { name: input.name, kind: input.config.kind } });
    return row.id;
  });
  return getProgramme(svc, actor, id);
}

export async function updateProgramme(svc: Services, actor: Actor, id: string, raw: ProgrammeUpdateInput): Promise<Programme> {
  authorize(actor, 'programmes.write');
  const input = ProgrammeUpdateSchema.parse(raw);
  const row = await loadChangeable(svc, actor, id);
  if (input.config && input.config.kind !== row.kind) {
    throw new ValidationError(`A ${row.kind} programme stays ${row.kind}; make a new programme for another kind`, [{ path: 'config.kind', message: `Keep "${row.kind}"` }]);
  }
  if (row.status === 'ended') throw new ConflictError('programme_ended', 'The programme has ended; it can no longer be changed');
  const tp = await touchPointId(svc.db, row.company_id, input.touchPointKey);
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('programmes')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.config !== undefined ? { config: JSON.stringify(input.config) } : {}),
        ...(input.quota !== undefined ? { quota: input.quota } : {}),
        ...(tp !== undefined ? { touch_point_id: tp } : {}),
        updated_at: svc.now(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, { action: 'programme.update', entityType: 'programme', entityId: id, unitId: row.unit_id, details: { fields: Object.keys(input) } });
  });
  if (row.status === 'active') await planProgramme(svc, id);
  return getProgramme(svc, actor, id);
}

/** Activates, pauses or ends a programme; activating a periodic or pulsed one plans its invitations. */
export async function actOnProgramme(svc: Services, actor: Actor, id: string, action: 'activate' | 'pause' | 'end'): Promise<Programme> {
  authorize(actor, 'programmes.write');
  const row = await loadChangeable(svc, actor, id);
  if (row.status === 'ended') throw new ConflictError('programme_ended', 'The programme has ended; make a new one to listen again');
  if (action === 'activate' && row.survey_status !== 'live') {
    throw new ConflictError('survey_not_live', `Publish the survey "${row.survey_title}" before activating a programme that sends it`);
  }
  const status = action === 'activate' ? 'active' : action === 'pause' ? 'paused' : 'ended';
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('programmes')
      .set({ status, updated_at: svc.now(), ...(action === 'activate' && !row.activated_at ? { activated_at: svc.now() } : {}) })
      .where('id', '=', id)
      .execute();
    if (status === 'ended') {
      await tx
        .updateTable('invitations')
        .set({ status: 'cancelled', suppression_reason: 'programme_ended', suppression_detail: 'The programme was ended before this invitation was due' })
        .where('programme_id', '=', id)
        .where('status', '=', 'scheduled')
        .execute();
    }
    await recordAudit(tx, actor, { action: `programme.${action}`, entityType: 'programme', entityId: id, unitId: row.unit_id });
  });
  if (status === 'active') await planProgramme(svc, id);
  return getProgramme(svc, actor, id);
}

/**
 * Plans what an active periodic or pulsed programme has not planned yet: the current period's
 * members (each on a stable date spread over what remains of it) or the pulse's sample.
 */
export async function planProgramme(svc: Services, id: string): Promise<number> {
  const row = await selectProgrammes(svc.db).where('p.id', '=', id).executeTakeFirst();
  if (!row || row.status !== 'active' || row.kind === 'persistent') return 0;
  const ref = refOf(row);
  const set = await programmeCandidates(svc.db, ref, svc.now(), { onlyUnplanned: true });
  return insertInvitations(svc.db, ref, row.survey_id, set.candidates);
}

/** Who a programme (saved, or as a form describes it) would invite and suppress now, and why; writes nothing. */
export async function dryRunProgramme(svc: Services, actor: Actor, target: { id: string } | { input: ProgrammeCreateInput }): Promise<DryRun> {
  authorize(actor, 'programmes.read');
  let ref: ProgrammeRef;
  let quota: number | null;
  if ('id' in target) {
    const row = await loadVisible(svc, actor, target.id);
    ref = refOf(row);
    quota = row.quota;
  } else {
    const input = ProgrammeCreateSchema.parse(target.input);
    const unit = await getVisibleUnit(svc.db, actor, input.unitId ?? actor.unitId);
    ref = { id: 'dry-run', companyId: companyIdOf(unit.path), unitPath: unit.path, kind: input.config.kind, config: input.config };
    quota = input.quota ?? null;
  }
  const now = svc.now();
  const set = await programmeCandidates(svc.db, ref, now, { onlyUnplanned: 'id' in target });
  const candidates = [...set.candidates].sort((a, b) => a.at.getTime() - b.at.getTime());
  const { rules } = await readContactPolicy(svc.db, ref.companyId);
  const history = await loadPolicyHistory(svc.db, {
    contactIds: candidates.map((c) => c.member.contactId),
    accountIds: candidates.flatMap((c) => (c.member.accountId ? [c.member.accountId] : [])),
    since: new Date(now.getTime() - lookbackDays(rules, [ref.config.overrides]) * DAY),
    plannedUntil: new Date((candidates.at(-1)?.at.getTime() ?? now.getTime()) + rules.relationshipPriorityDays * DAY),
  });
  const evaluator = createPolicyEvaluator(rules, history);
  const policyProgramme = { id: ref.id, kind: ref.kind, excludeRoles: ref.config.excludeRoles, overrides: ref.config.overrides };
  const byReason = new Map<SuppressionReason, number>();
  const completed = 'id' in target ? ((await completedCounts(svc.db, [target.id])).get(target.id) ?? 0) : 0;
  const rows: DryRun['rows'] = [];
  let invite = 0;
  for (const c of candidates) {
    const d =
      quota !== null && completed >= quota
        ? ({ send: false, reason: 'quota_reached', detail: `The quota of ${quota} responses is reached` } as const)
        : evaluator.decide({ contact: c.member.policy, programme: policyProgramme, at: c.at, channel: 'email' });
    if (d.send) invite++;
    else byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
    if (rows.length < 200) {
      rows.push({
        contactId: c.member.contactId,
        email: c.member.email,
        name: c.member.name,
        audienceRole: c.member.audienceRole,
        accountId: c.member.accountId,
        accountName: c.member.accountName,
        at: c.at.toISOString(),
        outcome: d.send ? 'invite' : 'suppressed',
        reason: d.send ? null : d.reason,
        detail: d.send ? null : d.detail,
      });
    }
  }
  return {
    basis: set.basis,
    candidates: candidates.length,
    invite,
    suppressed: candidates.length - invite,
    byReason: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    rows,
  };
}

export async function getContactPolicy(svc: Services, actor: Actor) {
  authorize(actor, 'programmes.read');
  const p = await readContactPolicy(svc.db, companyIdOf(actor.unitPath));
  return { rules: p.rules, updatedAt: p.updatedAt?.toISOString() ?? null, updatedBy: p.updatedBy };
}

export async function putContactPolicy(svc: Services, actor: Actor, raw: ContactPolicyInput) {
  authorize(actor, 'policy.manage');
  const rules = ContactPolicySchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  if (actor.unitPath !== `/${companyId}/`) throw new ValidationError('The contact policy is set for the whole company', [{ path: '', message: 'Ask someone who works at company level' }]);
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('contact_policies')
      .values({ company_id: companyId, rules: JSON.stringify(rules), updated_at: svc.now(), updated_by: actor.label })
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ rules: JSON.stringify(rules), updated_at: svc.now(), updated_by: actor.label }))
      .execute();
    await recordAudit(tx, actor, { action: 'contact_policy.update', entityType: 'contact_policy', entityId: companyId, unitId: companyId, details: { rules } });
  });
  return getContactPolicy(svc, actor);
}

export type { ProgrammeConfig };
