import { sql } from 'kysely';
import type { AlertAction } from '../../../contract/cases.ts';
import { commentsOf, describeTrigger, evaluateConditions, isInAlertScope, needsTextAnalysis, type EvaluatedResponse } from '../../../core/alert-conditions.ts';
import { addBusinessMinutes } from '../../../core/business-hours.ts';
import { routeCase } from '../../../core/case-routing.ts';
import { firstStatusOf } from '../../../core/case-workflow.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { recordAudit, SYSTEM } from '../audit/service.ts';
import { analyseComments } from '../verbatims/service.ts';
import { loadActiveRules } from './rules.ts';
import { loadCaseSettings } from './settings.ts';
import { queueAlertWebhook, queueCaseWebhook } from './webhook-events.ts';
import { idsOfPath, loadUnitChain } from './units.ts';

/**
 * The alert inbox: each stored response is checked against its company's active rules once. The
 * inbox row is deleted in the transaction that opens the response's cases and writes their notices,
 * and a case is unique per (rule, response), so a response checked twice (a worker died after its
 * commit was sent) opens nothing twice. A failing response is retried later, with a growing pause.
 */

const LEASE_MS = 60_000;

/** Claims up to `limit` inbox rows whose time has come; they come back after the lease if not done. */
export async function claimInbox(db: Db, now: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ response_id: string }>`
    update alert_inbox set available_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
     where response_id in (
       select response_id from alert_inbox where available_at <= ${now} order by available_at, response_id limit ${limit} for update skip locked)
    returning response_id`.execute(db);
  return rows.map((r) => r.response_id);
}

interface QuestionInfo {
  types: Record<string, string>;
  titles: Record<string, string>;
}

/** Question types and titles of a survey version's definition. */
export function questionsOf(definition: unknown): QuestionInfo {
  const types: Record<string, string> = {};
  const titles: Record<string, string> = {};
  const all = (definition as { questions?: { id: string; type: string; text?: unknown }[] }).questions ?? [];
  for (const q of all) {
    types[q.id] = q.type;
    titles[q.id] = typeof q.text === 'string' ? q.text : q.id;
  }
  return { types, titles };
}

/** Checks one response against the rules and opens its cases; true when it is done (inbox row gone). */
export async function processResponse(svc: Services, responseId: string): Promise<number> {
  return svc.db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .leftJoin('accounts as a', 'a.id', 'r.account_id')
      .leftJoin('contacts as c', 'c.id', 'r.contact_id')
      .select([
        'r.id', 'r.survey_id', 'r.unit_id', 'r.account_id', 'r.contact_id', 'r.touch_point_id', 'r.answers', 'r.personal_link_id', 'u.path',
        'v.definition', 's.title as survey_title', 's.kind as survey_kind', 'a.name as account_name', 'a.owner_user_id', 'c.name as contact_name', 'c.email as contact_email',
      ])
      .where('r.id', '=', responseId)
      .executeTakeFirst();
    let opened = 0;
    // Employee surveys never open customer cases: an employee's answer is not routed to a manager.
    if (r && r.survey_kind !== 'employee') opened = await openCasesFor(svc, tx, r);
    await tx.deleteFrom('alert_inbox').where('response_id', '=', responseId).execute();
    return opened;
  });
}

type LoadedResponse = {
  id: string;
  survey_id: string;
  unit_id: string;
  account_id: string | null;
  contact_id: string | null;
  touch_point_id: string | null;
  answers: Record<string, number | string | boolean | string[]>;
  personal_link_id: string | null;
  path: string;
  definition: object;
  survey_title: string;
  account_name: string | null;
  owner_user_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
};

async function openCasesFor(svc: Services, tx: Db, r: LoadedResponse): Promise<number> {
  const companyId = idsOfPath(r.path)[0] ?? '';
  const rules = await loadActiveRules(svc, tx, 'response', companyId);
  if (rules.length === 0) return 0;
  const questions = questionsOf(r.definition);
  let evaluated: EvaluatedResponse = { answers: r.answers, questionTypes: questions.types };
  // Sentiment, theme and topic conditions need the comments analysed; only then is it done.
  if (rules.some((rule) => needsTextAnalysis(rule.conditions))) {
    const texts = commentsOf(evaluated).filter((t) => t.trim().length > 0);
    if (texts.length > 0) evaluated = { ...evaluated, ...(await analyseComments(tx, companyId, texts, r.touch_point_id)) };
  }
  const programme = r.personal_link_id
    ? await tx.selectFrom('invitations').select('programme_id').where('personal_link_id', '=', r.personal_link_id).executeTakeFirst()
    : undefined;
  const origin = { surveyId: r.survey_id, programmeId: programme?.programme_id ?? null, unitPath: r.path, touchPointId: r.touch_point_id };
  const scopeUnitIds = [...new Set(rules.flatMap((rule) => rule.scope.unitIds))];
  const scopeUnits = scopeUnitIds.length === 0 ? [] : await tx.selectFrom('units').select(['id', 'path']).where('id', 'in', scopeUnitIds).execute();
  const pathOf = (id: string) => scopeUnits.find((u) => u.id === id)?.path ?? null;
  let opened = 0;
  for (const rule of rules) {
    if (!isInAlertScope(rule.scope, origin, pathOf) || !evaluateConditions(rule.conditions, evaluated)) continue;
    const trigger = describeTrigger(rule.conditions, evaluated);
    let caseId: string | null = null;
    for (const action of rule.actions) {
      if (action.type === 'open_case' && caseId === null) {
        caseId = await openCase(svc, tx, subjectOf(r, questions.types), { id: rule.id, name: rule.name }, action, trigger);
        if (caseId) opened++;
      }
    }
    for (const action of rule.actions) {
      if (action.type === 'email') await queueNotice(tx, svc.now(), { companyId, caseId, ruleId: rule.id, responseId: r.id, kind: 'rule_email', to: action.to, userId: null });
      if (action.type === 'webhook') await queueAlertWebhook(tx, svc.now(), { companyId, endpointId: action.endpointId, rule: { id: rule.id, name: rule.name }, trigger, caseId, subject: { kind: 'response', response: r } });
    }
  }
  return opened;
}

export interface NoticeInput {
  companyId: string;
  caseId: string | null;
  ruleId: string | null;
  responseId: string | null;
  kind: 'assigned' | 'escalated' | 'rule_email';
  to: string;
  userId: string | null;
  /** For a rule's email about an account without a case: the account and what happened to it. */
  accountId?: string | null;
  summary?: string | null;
}

/** Writes a notice to be sent by the worker (in the caller's transaction). */
export async function queueNotice(tx: Db, now: Date, n: NoticeInput): Promise<void> {
  await tx
    .insertInto('case_notices')
    .values({ company_id: n.companyId, case_id: n.caseId, rule_id: n.ruleId, response_id: n.responseId, kind: n.kind, to_address: n.to, user_id: n.userId, account_id: n.accountId ?? null, summary: n.summary ?? null, created_at: now, available_at: now })
    .execute();
}

/** The topics of a response for queue matching: its choice answers. */
function topicsOf(r: LoadedResponse, types: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [id, v] of Object.entries(r.answers)) {
    const type = types[id];
    if (type === 'single' || type === 'dropdown' || type === 'multi') out.push(...(Array.isArray(v) ? v : [String(v)]));
  }
  return out;
}

/** What a case is about: a response, or an account an account rule looked at. */
export interface CaseSubject {
  unitId: string;
  /** The unit's materialised path: routing walks it up, scope checks match it. */
  path: string;
  accountId: string | null;
  contactId: string | null;
  responseId: string | null;
  surveyId: string | null;
  touchPointId: string | null;
  /** The account's owner, for the account_owner routing step. */
  ownerUserId: string | null;
  /** Who the case is about, for its title. */
  who: string;
  /** Topics for queue matching (the response's choice answers). */
  topics: string[];
  triggerKey: string | null;
}

function subjectOf(r: LoadedResponse, types: Record<string, string>): CaseSubject {
  return {
    unitId: r.unit_id,
    path: r.path,
    accountId: r.account_id,
    contactId: r.contact_id,
    responseId: r.id,
    surveyId: r.survey_id,
    touchPointId: r.touch_point_id,
    ownerUserId: r.owner_user_id,
    who: r.account_name ?? r.contact_name ?? r.contact_email ?? r.survey_title,
    topics: topicsOf(r, types),
    triggerKey: null,
  };
}

/** Opens a rule's case and writes its event, webhook, audit and assignee notice (in the caller's transaction); null when the rule already opened it. */
export async function openCase(
  svc: Services,
  tx: Db,
  r: CaseSubject,
  rule: { id: string; name: string },
  action: Extract<AlertAction, { type: 'open_case' }>,
  trigger: string,
): Promise<string | null> {
  const companyId = idsOfPath(r.path)[0] ?? '';
  const now = svc.now();
  const settings = await loadCaseSettings(tx, companyId);
  const chain = await loadUnitChain(tx, r.path);
  const queues = await tx.selectFrom('case_queues').select(['id', 'touch_point_ids', 'topics', 'cursor']).where('company_id', '=', companyId).orderBy('name').forUpdate().execute();
  const members = queues.length === 0 ? [] : await tx
    .selectFrom('case_queue_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.queue_id', 'u.id'])
    .where('m.queue_id', 'in', queues.map((q) => q.id))
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  const stepUsers = action.routing.flatMap((s) => (s.type === 'user' ? [s.userId] : []));
  const candidates = [...stepUsers, ...(r.ownerUserId ? [r.ownerUserId] : []), ...(settings.fallbackUserId ? [settings.fallbackUserId] : [])];
  const active = candidates.length === 0 ? [] : await tx.selectFrom('users').select('id').where('id', 'in', candidates).where('disabled_at', 'is', null).execute();
  const activeIds = new Set(active.map((u) => u.id));
  const route = routeCase({
    steps: action.routing,
    accountOwnerId: r.ownerUserId && activeIds.has(r.ownerUserId) ? r.ownerUserId : null,
    unitChain: chain,
    queues: queues.map((q) => ({ id: q.id, touchPointIds: q.touch_point_ids, topics: q.topics, cursor: q.cursor, memberIds: members.filter((m) => m.queue_id === q.id).map((m) => m.id) })),
    touchPointId: r.touchPointId,
    topics: r.topics,
    activeUserIds: activeIds,
    fallbackUserId: settings.fallbackUserId && activeIds.has(settings.fallbackUserId) ? settings.fallbackUserId : null,
  });
  const status = firstStatusOf(settings.statuses, 'new');
  const title = `${r.who}: ${trigger || rule.name}`.slice(0, 300);
  const inserted = await tx
    .insertInto('cases')
    .values({
      company_id: companyId,
      unit_id: r.unitId,
      unit_path: r.path,
      account_id: r.accountId,
      contact_id: r.contactId,
      response_id: r.responseId,
      survey_id: r.surveyId,
      touch_point_id: r.touchPointId,
      rule_id: rule.id,
      trigger_key: r.triggerKey,
      title,
      status: status.key,
      stage: status.stage,
      assignee_id: route.assigneeId,
      queue_id: route.queueId,
      routed_via: route.via,
      first_action_due_at: addBusinessMinutes(settings.calendar, now, settings.firstActionMinutes),
      resolution_due_at: addBusinessMinutes(settings.calendar, now, settings.resolutionMinutes),
      escalation_level: route.level ?? 0,
      opened_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['rule_id', 'response_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  if (route.queueId) await tx.updateTable('case_queues').set({ cursor: sql`cursor + 1` }).where('id', '=', route.queueId).execute();
  await tx
    .insertInto('case_events')
    .values({ case_id: inserted.id, at: now, kind: 'opened', actor_id: null, actor_label: 'system', details: JSON.stringify({ rule: rule.name, trigger, assigneeId: route.assigneeId, via: route.via, queueId: route.queueId }) })
    .execute();
  await queueCaseWebhook(tx, now, {
    companyId,
    eventType: 'case.opened',
    caseId: inserted.id,
    title,
    summary: `Opened by the rule "${rule.name}", ${route.assigneeId ? `assigned via ${route.via}` : 'not assigned yet'}`,
    details: { ruleId: rule.id, responseId: r.responseId, surveyId: r.surveyId, accountId: r.accountId, assigneeId: route.assigneeId },
    dedupe: 'opened',
  });
  await recordAudit(tx, SYSTEM, { action: 'case.open', entityType: 'case', entityId: inserted.id, unitId: r.unitId, details: { ruleId: rule.id, responseId: r.responseId, triggerKey: r.triggerKey, assigneeId: route.assigneeId, via: route.via } });
  if (route.assigneeId && action.notifyAssignee) {
    const user = await tx.selectFrom('users').select(['email']).where('id', '=', route.assigneeId).executeTakeFirst();
    if (user) await queueNotice(tx, now, { companyId, caseId: inserted.id, ruleId: rule.id, responseId: r.responseId, kind: 'assigned', to: user.email, userId: route.assigneeId, accountId: r.accountId, summary: null });
  }
  return inserted.id;
}
