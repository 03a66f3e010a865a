import { sql } from 'kysely';
import type { CaseBulk, CaseDetail, CaseListQuery, CaseStatusChange, CaseSummary, CaseUpdate } from '../../../contract/cases.ts';
import { CaseBulkSchema, CaseStatusChangeSchema, CaseUpdateSchema } from '../../../contract/cases.ts';
import { checkTransition, nextStatuses, statusOf } from '../../../core/case-workflow.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { maskForCompany } from '../text-settings/service.ts';
import { companyIdOf } from '../units/service.ts';
import { loadCaseDetail } from './detail.ts';
import { queueNotice } from './open-cases.ts';
import { presentCase } from './presenter.ts';
import { caseRows, findCases, type FullCaseRow } from './queries.ts';
import { loadCaseSettings } from './settings.ts';
import { queueCaseWebhook } from './webhook-events.ts';

/** Cases: the list, one case, and the changes people make to them (each recorded in the timeline and audit log). */

export async function listCases(svc: Services, actor: Actor, q: CaseListQuery): Promise<{ cases: CaseSummary[]; total: number; limit: number; offset: number }> {
  authorize(actor, 'cases.read');
  const companyId = companyIdOf(actor.unitPath);
  let unitPath: string | null = null;
  if (q.unitId) {
    const unit = await svc.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit || !unit.path.startsWith(`/${companyId}/`)) throw new NotFoundError('The unit');
    unitPath = unit.path;
  }
  const settings = await loadCaseSettings(svc.db, companyId);
  const now = svc.now();
  const { rows, total } = await findCases(svc.db, actor, companyId, q, now, unitPath);
  return { cases: rows.map((r) => presentCase(r, settings.statuses, now)), total, limit: q.limit, offset: q.offset };
}

/** The actor's open cases and the overdue ones among what they see (the nav badge). */
export async function countCases(svc: Services, actor: Actor): Promise<{ mineOpen: number; overdue: number }> {
  authorize(actor, 'cases.read');
  const now = svc.now();
  const row = await caseRows(svc.db, actor, companyIdOf(actor.unitPath))
    .clearSelect()
    .select([
      sql<number>`count(*) filter (where c.assignee_id = ${actor.id} and c.stage not in ('resolved', 'closed'))::int`.as('mine'),
      sql<number>`count(*) filter (where (c.acknowledged_at is null and c.first_action_due_at <= ${now}) or (c.resolved_at is null and c.closed_at is null and c.resolution_due_at <= ${now}))::int`.as('overdue'),
    ])
    .executeTakeFirst();
  return { mineOpen: row?.mine ?? 0, overdue: row?.overdue ?? 0 };
}

async function loadRow(db: Db, actor: Actor, id: string, lock = false): Promise<FullCaseRow> {
  let q = caseRows(db, actor, companyIdOf(actor.unitPath)).where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  const row = (await q.executeTakeFirst()) as FullCaseRow | undefined;
  if (!row) throw new NotFoundError('The case');
  return row;
}

export async function getCase(svc: Services, actor: Actor, id: string): Promise<CaseDetail> {
  authorize(actor, 'cases.read');
  const row = await loadRow(svc.db, actor, id);
  const settings = await loadCaseSettings(svc.db, companyIdOf(actor.unitPath));
  return loadCaseDetail(svc, actor, row, settings.statuses, nextStatuses(settings.statuses, row.status));
}

async function addEvent(tx: Db, svc: Services, actor: Actor, caseId: string, kind: string, details: Record<string, unknown>): Promise<void> {
  await tx.insertInto('case_events').values({ case_id: caseId, at: svc.now(), kind, actor_id: actor.id, actor_label: actor.label, details: JSON.stringify(details) }).execute();
}

async function assertRootCause(db: Db, companyId: string, id: string): Promise<void> {
  const found = await db.selectFrom('case_root_causes').select('id').where('id', '=', id).where('company_id', '=', companyId).where('active', '=', true).executeTakeFirst();
  if (!found) throw new ValidationError('That root cause does not exist or is no longer in use', [{ path: 'rootCauseId', message: 'Choose one of the root causes in Settings → Cases' }]);
}

/** Moves a case to a status: acknowledged/resolved/closed times follow the stage; resolving needs a root cause and a resolution. */
export async function changeStatus(svc: Services, actor: Actor, id: string, raw: CaseStatusChange): Promise<CaseDetail> {
  authorize(actor, 'cases.work');
  const input = CaseStatusChangeSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  const settings = await loadCaseSettings(svc.db, companyId);
  await svc.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, actor, id, true);
    await applyStatus(tx, svc, actor, row, input, settings.statuses, companyId);
  });
  return getCase(svc, actor, id);
}

async function applyStatus(tx: Db, svc: Services, actor: Actor, row: FullCaseRow, input: CaseStatusChange, statuses: Parameters<typeof statusOf>[0], companyId: string): Promise<void> {
  const check = checkTransition(statuses, row.status, input.status);
  if (!check.ok) throw new AppError('invalid_transition', 409, check.reason);
  const to = statusOf(statuses, input.status);
  if (!to) throw new AppError('invalid_transition', 409, `There is no status ${input.status}`);
  const now = svc.now();
  const rootCauseId = input.rootCauseId ?? row.root_cause_id;
  const resolution = input.resolution ?? row.resolution;
  if (input.rootCauseId) await assertRootCause(tx, companyId, input.rootCauseId);
  const resolving = to.stage === 'resolved' || to.stage === 'closed';
  if (resolving && (!rootCauseId || !resolution)) {
    const details = [
      ...(rootCauseId ? [] : [{ path: 'rootCauseId', message: 'Choose a root cause' }]),
      ...(resolution ? [] : [{ path: 'resolution', message: 'Say what was done' }]),
    ];
    throw new ValidationError(`To mark the case ${to.label}, give its root cause and resolution`, details);
  }
  await tx
    .updateTable('cases')
    .set({
      status: to.key,
      stage: to.stage,
      root_cause_id: rootCauseId,
      resolution,
      updated_at: now,
      ...(to.stage !== 'new' && !row.acknowledged_at ? { acknowledged_at: now } : {}),
      ...(resolving && !row.resolved_at ? { resolved_at: now } : {}),
      ...(to.stage === 'closed' ? { closed_at: now } : {}),
      ...(check.reopen ? { resolved_at: null, closed_at: null } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  if (!check.reopen && (to.stage === 'resolved' || to.stage === 'closed') && row.stage !== to.stage) {
    await queueCaseWebhook(tx, now, {
      companyId,
      eventType: to.stage === 'resolved' ? 'case.resolved' : 'case.closed',
      caseId: row.id,
      title: row.title,
      summary: `${to.label} by ${actor.label}: ${resolution ?? ''}`,
      details: { status: to.key, rootCauseId, resolution, customerToldAt: row.customer_told_at },
      dedupe: now.toISOString(),
    });
  }
  const note = input.note ? await maskForCompany(tx, companyId, input.note) : undefined;
  await addEvent(tx, svc, actor, row.id, check.reopen ? 'reopened' : 'status', { from: row.status, to: to.key, ...(note ? { note } : {}) });
  await recordAudit(tx, actor, { action: check.reopen ? 'case.reopen' : 'case.status', entityType: 'case', entityId: row.id, unitId: row.unit_id, details: { from: row.status, to: to.key, rootCauseId, resolution } });
}

export async function addNote(svc: Services, actor: Actor, id: string, text: string): Promise<CaseDetail> {
  authorize(actor, 'cases.work');
  await svc.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, actor, id, true);
    // A note may carry what a customer said: masked like their comments when the company masks PII.
    const stored = await maskForCompany(tx, companyIdOf(actor.unitPath), text);
    await addEvent(tx, svc, actor, row.id, 'note', { text: stored });
    await tx.updateTable('cases').set({ updated_at: svc.now() }).where('id', '=', row.id).execute();
    await recordAudit(tx, actor, { action: 'case.note', entityType: 'case', entityId: row.id, unitId: row.unit_id, details: { text: stored } });
  });
  return getCase(svc, actor, id);
}

async function applyAssign(tx: Db, svc: Services, actor: Actor, row: FullCaseRow, assigneeId: string | null, companyId: string): Promise<void> {
  if (assigneeId === row.assignee_id) return;
  let email: string | null = null;
  if (assigneeId) {
    const user = await tx
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.email', 'u.role'])
      .where('u.id', '=', assigneeId)
      .where('u.disabled_at', 'is', null)
      .where('n.path', 'like', `/${companyId}/%`)
      .executeTakeFirst();
    if (!user || !['admin', 'manager', 'agent'].includes(user.role)) {
      throw new ValidationError('Assign the case to an active admin, manager or agent of your company', [{ path: 'assigneeId', message: 'Not a user who can work cases' }]);
    }
    email = user.email;
  }
  await tx.updateTable('cases').set({ assignee_id: assigneeId, updated_at: svc.now() }).where('id', '=', row.id).execute();
  await addEvent(tx, svc, actor, row.id, 'assigned', { from: row.assignee_id, to: assigneeId });
  await recordAudit(tx, actor, { action: 'case.assign', entityType: 'case', entityId: row.id, unitId: row.unit_id, details: { from: row.assignee_id, to: assigneeId } });
  if (assigneeId && email && assigneeId !== actor.id) await queueNotice(tx, svc.now(), { companyId, caseId: row.id, ruleId: null, responseId: null, kind: 'assigned', to: email, userId: assigneeId });
}

export async function assignCase(svc: Services, actor: Actor, id: string, assigneeId: string | null): Promise<CaseDetail> {
  authorize(actor, 'cases.work');
  const companyId = companyIdOf(actor.unitPath);
  await svc.db.transaction().execute(async (tx) => applyAssign(tx, svc, actor, await loadRow(tx, actor, id, true), assigneeId, companyId));
  return getCase(svc, actor, id);
}

/** Root cause, resolution and the date the customer was told. */
export async function updateCase(svc: Services, actor: Actor, id: string, raw: CaseUpdate): Promise<CaseDetail> {
  authorize(actor, 'cases.work');
  const input = CaseUpdateSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  await svc.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, actor, id, true);
    if (input.rootCauseId) await assertRootCause(tx, companyId, input.rootCauseId);
    const told = input.customerToldAt === undefined ? undefined : input.customerToldAt === null ? null : new Date(input.customerToldAt.length === 10 ? `${input.customerToldAt}T12:00:00Z` : input.customerToldAt);
    if (told && told.getTime() > svc.now().getTime() + 86_400_000) {
      throw new ValidationError('The customer cannot have been told in the future', [{ path: 'customerToldAt', message: 'Give today or an earlier day' }]);
    }
    const changes = {
      ...(input.rootCauseId !== undefined ? { root_cause_id: input.rootCauseId } : {}),
      ...(input.resolution !== undefined ? { resolution: input.resolution || null } : {}),
      ...(told !== undefined ? { customer_told_at: told } : {}),
    };
    if (Object.keys(changes).length === 0) return;
    await tx.updateTable('cases').set({ ...changes, updated_at: svc.now() }).where('id', '=', row.id).execute();
    const details = { ...input };
    await addEvent(tx, svc, actor, row.id, told !== undefined && Object.keys(changes).length === 1 ? 'customer_told' : 'updated', details);
    await recordAudit(tx, actor, { action: 'case.update', entityType: 'case', entityId: row.id, unitId: row.unit_id, details });
  });
  return getCase(svc, actor, id);
}

/** Assigns or moves many cases; each is checked on its own, and those refused say why. */
export async function bulkCases(svc: Services, actor: Actor, raw: CaseBulk): Promise<{ updated: number; refused: { id: string; message: string }[] }> {
  authorize(actor, 'cases.work');
  const input = CaseBulkSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  const settings = await loadCaseSettings(svc.db, companyId);
  let updated = 0;
  const refused: { id: string; message: string }[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      await svc.db.transaction().execute(async (tx) => {
        const row = await loadRow(tx, actor, id, true);
        if (input.action.type === 'assign') await applyAssign(tx, svc, actor, row, input.action.assigneeId, companyId);
        else await applyStatus(tx, svc, actor, row, { status: input.action.status }, settings.statuses, companyId);
      });
      updated++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused.push({ id, message: err.message });
    }
  }
  return { updated, refused };
}

/** The people a case can be assigned to: active admins, managers and agents of the company. */
export async function listAssignees(svc: Services, actor: Actor): Promise<{ id: string; name: string; role: string; unitName: string }[]> {
  authorize(actor, 'cases.work');
  return svc.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.name', 'u.role', 'n.name as unitName'])
    .where('n.path', 'like', `/${companyIdOf(actor.unitPath)}/%`)
    .where('u.disabled_at', 'is', null)
    .where('u.role', 'in', ['admin', 'manager', 'agent'])
    .orderBy('u.name')
    .execute();
}
