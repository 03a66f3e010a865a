import { sql } from 'kysely';
import type { AlertAction, AlertRule } from '../../../contract/cases.ts';
import { AlertActionsSchema, AlertRuleInputSchema, AlertRuleUpdateSchema } from '../../../contract/cases.ts';
import { AlertConditionsSchema, AlertScopeSchema, triggerOf, type AlertConditions, type AlertScope } from '../../../core/alert-conditions.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/** Alert rules: conditions on a response, the scope they watch, and what they do (alerts.manage). */

type RuleRow = { id: string; name: string; active: boolean; conditions: unknown; scope: unknown; actions: unknown; created_at: Date; updated_at: Date; open_cases?: number };

export function presentRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    name: r.name,
    active: r.active,
    conditions: AlertConditionsSchema.parse(r.conditions),
    scope: AlertScopeSchema.parse(r.scope ?? {}),
    actions: AlertActionsSchema.parse(r.actions),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    openCases: Number(r.open_cases ?? 0),
  };
}

function rulesQuery(db: Db, companyId: string) {
  return db
    .selectFrom('alert_rules as r')
    .selectAll('r')
    .select(sql<number>`(select count(*)::int from cases c where c.rule_id = r.id and c.closed_at is null)`.as('open_cases'))
    .where('r.company_id', '=', companyId);
}

export async function listRules(svc: Services, actor: Actor): Promise<AlertRule[]> {
  authorize(actor, 'alerts.manage');
  const rows = await rulesQuery(svc.db, companyIdOf(actor.unitPath)).orderBy('r.name').execute();
  return rows.map(presentRule);
}

export async function getRule(svc: Services, actor: Actor, id: string): Promise<AlertRule> {
  authorize(actor, 'alerts.manage');
  const row = await rulesQuery(svc.db, companyIdOf(actor.unitPath)).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('The alert rule');
  return presentRule(row);
}

export async function createRule(svc: Services, actor: Actor, raw: unknown): Promise<AlertRule> {
  authorize(actor, 'alerts.manage');
  const input = AlertRuleInputSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  checkAccountRuleScope(input.conditions, input.scope);
  await checkWebhookActions(svc.db, companyId, input.actions);
  const id = await svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('alert_rules')
      .values({
        company_id: companyId,
        name: input.name,
        active: input.active,
        conditions: JSON.stringify(input.conditions),
        scope: JSON.stringify(input.scope),
        actions: JSON.stringify(input.actions),
        created_by: actor.label,
        created_at: svc.now(),
        updated_at: svc.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'alert_rule.create', entityType: 'alert_rule', entityId: row.id, unitId: companyId, details: input });
    return row.id;
  });
  return getRule(svc, actor, id);
}

export async function updateRule(svc: Services, actor: Actor, id: string, raw: unknown): Promise<AlertRule> {
  authorize(actor, 'alerts.manage');
  const input = AlertRuleUpdateSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  if (input.actions) await checkWebhookActions(svc.db, companyId, input.actions);
  if (input.conditions || input.scope) {
    const current = await getRule(svc, actor, id);
    checkAccountRuleScope(input.conditions ?? current.conditions, input.scope ?? current.scope);
  }
  await svc.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('alert_rules')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(input.conditions ? { conditions: JSON.stringify(input.conditions) } : {}),
        ...(input.scope ? { scope: JSON.stringify(input.scope) } : {}),
        ...(input.actions ? { actions: JSON.stringify(input.actions) } : {}),
        updated_at: svc.now(),
      })
      .where('id', '=', id)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('The alert rule');
    await recordAudit(tx, actor, { action: 'alert_rule.update', entityType: 'alert_rule', entityId: id, unitId: companyId, details: input });
  });
  return getRule(svc, actor, id);
}

/** Deactivates a rule (its cases keep pointing at it). */
export async function deactivateRule(svc: Services, actor: Actor, id: string): Promise<void> {
  await updateRule(svc, actor, id, { active: false });
}

/** An account rule looks at accounts, which have no touch point or programme: a scope by either is refused rather than ignored. */
function checkAccountRuleScope(conditions: AlertConditions, scope: AlertScope): void {
  if (triggerOf(conditions) !== 'account') return;
  const issues = (['touchPointIds', 'programmeIds'] as const).filter((k) => scope[k].length > 0).map((k) => ({ path: `scope.${k}`, message: 'an account rule cannot be limited to these' }));
  if (issues.length > 0) throw new ValidationError('A rule on accounts can be limited to units, and its silence to surveys, but not to touch points or programmes: clear them', issues);
}

/** A rule's webhook actions name webhooks of the rule's own company; another company's id reads as unknown. */
async function checkWebhookActions(db: Db, companyId: string, actions: readonly AlertAction[]): Promise<void> {
  const wanted = actions.flatMap((a, i) => (a.type === 'webhook' ? [{ i, id: a.endpointId }] : []));
  if (wanted.length === 0) return;
  const found = new Set(
    (await db.selectFrom('webhook_endpoints').select('id').where('company_id', '=', companyId).where('id', 'in', wanted.map((w) => w.id)).execute()).map((r) => r.id),
  );
  const missing = wanted.filter((w) => !found.has(w.id));
  if (missing.length > 0) {
    throw new ValidationError(
      'A webhook action names a webhook this company does not have: pick one from Settings → Webhooks',
      missing.map((m) => ({ path: `actions.${m.i}.endpointId`, message: 'no such webhook in this company' })),
    );
  }
}

/** An active rule as the pipelines use it: parsed, with what starts it. */
export interface ActiveRule {
  id: string;
  companyId: string;
  name: string;
  trigger: 'response' | 'account';
  conditions: AlertConditions;
  scope: AlertScope;
  actions: AlertAction[];
}

/**
 * The active rules that start on `trigger`, of one company or of all, in id order; a rule whose stored
 * definition no longer parses is skipped with a warning.
 */
export async function loadActiveRules(svc: Services, db: Db, trigger: ActiveRule['trigger'], companyId: string | null): Promise<ActiveRule[]> {
  let q = db.selectFrom('alert_rules').select(['id', 'company_id', 'name', 'conditions', 'scope', 'actions']).where('active', '=', true);
  if (companyId !== null) q = q.where('company_id', '=', companyId);
  const out: ActiveRule[] = [];
  for (const r of await q.orderBy('id').execute()) {
    const conditions = AlertConditionsSchema.safeParse(r.conditions);
    const scope = AlertScopeSchema.safeParse(r.scope ?? {});
    const actions = AlertActionsSchema.safeParse(r.actions);
    if (!conditions.success || !scope.success || !actions.success) {
      svc.log.warn({ ruleId: r.id }, 'alert rule skipped: its stored definition no longer parses');
      continue;
    }
    const t = triggerOf(conditions.data);
    if (t === trigger) out.push({ id: r.id, companyId: r.company_id, name: r.name, trigger: t, conditions: conditions.data, scope: scope.data, actions: actions.data });
  }
  return out;
}
