import { sql } from 'kysely';
import { describeAccountTrigger, evaluateAccountCondition, evaluateAccountConditions, type AlertScope, type EvaluatedAccount } from '../../../core/alert-conditions.ts';
import { quarterOfDay } from '../../../core/review-periods.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { getAccountQuadrants } from '../account-analytics/service.ts';
import type { Actor } from '../auth/actor.ts';
import { openCase, queueNotice } from './open-cases.ts';
import { loadActiveRules, type ActiveRule } from './rules.ts';
import { queueAlertWebhook } from './webhook-events.ts';

/**
 * Account rules (moved into a quadrant, silent for N days) are checked on a schedule: each pass looks
 * at every account of every company with an active account rule, as the quadrant view and the
 * accounts' last answers stand now. A rule fires once per trigger key — the account and the quarter
 * it moved, or the account and the response its silence began after — and the firing row, its case,
 * its email and its webhook are written in one transaction, so looking again does nothing twice.
 */

type AccountRule = ActiveRule;

interface AccountFacts {
  id: string;
  code: string | null;
  name: string;
  unitId: string;
  unitPath: string;
  ownerId: string | null;
  keyAccount: boolean;
  createdAt: Date;
}

/** Active accounts of the company; defected accounts are not chased for silence or movement. */
async function loadAccounts(db: Db, companyId: string): Promise<AccountFacts[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.code', 'a.name', 'a.unit_id', 'u.path', 'a.owner_user_id', 'a.key_account', 'a.created_at'])
    .where('a.company_id', '=', companyId)
    .where('a.status', '<>', 'defected')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, unitId: r.unit_id, unitPath: r.path, ownerId: r.owner_user_id, keyAccount: r.key_account, createdAt: new Date(r.created_at) }));
}

/** Each account's latest complete customer response (in these surveys, when given): when, and which. */
async function loadLastResponses(db: Db, companyId: string, surveyIds: readonly string[]): Promise<Map<string, { at: Date; id: string }>> {
  const rows = await sql<{ account_id: string; id: string; submitted_at: Date }>`
    select distinct on (r.account_id) r.account_id, r.id, r.submitted_at
      from responses r
      join accounts a on a.id = r.account_id and a.company_id = ${companyId}
      join surveys s on s.id = r.survey_id and s.kind <> 'employee'
     where r.status = 'complete' ${surveyIds.length > 0 ? sql`and r.survey_id = any(${[...surveyIds]}::uuid[])` : sql``}
     order by r.account_id, r.submitted_at desc, r.id desc`.execute(db);
  return new Map(rows.rows.map((r) => [r.account_id, { at: new Date(r.submitted_at), id: r.id }]));
}

/** The quadrant view read for the whole company, as a company-wide admin would see it. */
async function loadPlacements(svc: Services, companyId: string) {
  const unit = await svc.db.selectFrom('units').select(['id', 'path']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const actor: Actor = { type: 'user', id: companyId, label: 'system', role: 'admin', unitId: unit.id, unitPath: unit.path };
  const view = await getAccountQuadrants(svc, actor, {});
  return { quarter: quarterOfDay(view.window.to), byId: new Map(view.accounts.map((a) => [a.id, a])) };
}

/** The key a firing is remembered by: what about the account made each holding condition true. */
function triggerKeyOf(rule: AccountRule, accountId: string, a: EvaluatedAccount, quarter: string, lastResponseId: string | null): string {
  const parts = rule.conditions.conditions
    .filter((c) => evaluateAccountCondition(c, a))
    .map((c) => (c.type === 'account_moved_into' ? `moved_into:${c.quadrant}:${quarter}` : `silent:${lastResponseId ?? 'never'}`));
  return `${accountId}|${parts.join('|')}`;
}

const inScope = (scope: AlertScope, account: AccountFacts, unitPaths: Map<string, string>) =>
  scope.unitIds.length === 0 || scope.unitIds.some((id) => {
    const path = unitPaths.get(id);
    return path !== undefined && account.unitPath.startsWith(path);
  });

/** One pass over every account rule; returns how many times rules fired. */
export async function evaluateAccountRules(svc: Services): Promise<number> {
  const rules = await loadActiveRules(svc, svc.db, 'account', null);
  let fired = 0;
  for (const companyId of [...new Set(rules.map((r) => r.companyId))]) {
    const companyRules = rules.filter((r) => r.companyId === companyId);
    const accounts = await loadAccounts(svc.db, companyId);
    if (accounts.length === 0) continue;
    const needsQuadrants = companyRules.some((r) => r.conditions.conditions.some((c) => c.type === 'account_moved_into'));
    const placements = needsQuadrants ? await loadPlacements(svc, companyId) : { quarter: '', byId: new Map() };
    const scopeIds = [...new Set(companyRules.flatMap((r) => r.scope.unitIds))];
    const unitPaths = new Map(scopeIds.length === 0 ? [] : (await svc.db.selectFrom('units').select(['id', 'path']).where('id', 'in', scopeIds).execute()).map((u) => [u.id, u.path]));
    const lastBySurveys = new Map<string, Map<string, { at: Date; id: string }>>();
    for (const rule of companyRules) {
      const surveysKey = [...rule.scope.surveyIds].sort().join(',');
      let last = lastBySurveys.get(surveysKey);
      if (!last) {
        last = await loadLastResponses(svc.db, companyId, rule.scope.surveyIds);
        lastBySurveys.set(surveysKey, last);
      }
      const now = svc.now();
      for (const account of accounts) {
        if (!inScope(rule.scope, account, unitPaths)) continue;
        const placed = placements.byId.get(account.id);
        const lastResponse = last.get(account.id) ?? null;
        const facts: EvaluatedAccount = { keyAccount: account.keyAccount, quadrant: placed?.quadrant ?? null, previousQuadrant: placed?.previousQuadrant ?? null, lastResponseAt: lastResponse?.at ?? null, createdAt: account.createdAt, now };
        if (!evaluateAccountConditions(rule.conditions, facts)) continue;
        const key = triggerKeyOf(rule, account.id, facts, placements.quarter, lastResponse?.id ?? null);
        if (await fire(svc, rule, account, key, describeAccountTrigger(rule.conditions, facts))) fired++;
      }
    }
  }
  return fired;
}

/** Fires the rule for the account once per key: the firing, its case, email and webhook in one transaction. */
async function fire(svc: Services, rule: AccountRule, account: AccountFacts, key: string, trigger: string): Promise<boolean> {
  return svc.db.transaction().execute(async (tx) => {
    const now = svc.now();
    const inserted = await tx
      .insertInto('alert_firings')
      .values({ rule_id: rule.id, trigger_key: key, account_id: account.id, fired_at: now })
      .onConflict((oc) => oc.columns(['rule_id', 'trigger_key']).doNothing())
      .returning('rule_id')
      .executeTakeFirst();
    if (!inserted) return false;
    let caseId: string | null = null;
    const open = rule.actions.find((a) => a.type === 'open_case');
    if (open) {
      caseId = await openCase(svc, tx, {
        unitId: account.unitId,
        path: account.unitPath,
        accountId: account.id,
        contactId: null,
        responseId: null,
        surveyId: null,
        touchPointId: null,
        ownerUserId: account.ownerId,
        who: account.name,
        topics: [],
        triggerKey: key,
      }, { id: rule.id, name: rule.name }, open, trigger);
      if (caseId) await tx.updateTable('alert_firings').set({ case_id: caseId }).where('rule_id', '=', rule.id).where('trigger_key', '=', key).execute();
    }
    for (const action of rule.actions) {
      if (action.type === 'email') {
        await queueNotice(tx, now, { companyId: rule.companyId, caseId, ruleId: rule.id, responseId: null, kind: 'rule_email', to: action.to, userId: null, accountId: account.id, summary: `${account.name}: ${trigger}` });
      }
      if (action.type === 'webhook') {
        await queueAlertWebhook(tx, now, { companyId: rule.companyId, endpointId: action.endpointId, rule: { id: rule.id, name: rule.name }, trigger, caseId, subject: { kind: 'account', key, account: { id: account.id, code: account.code, name: account.name } } });
      }
    }
    return true;
  });
}
