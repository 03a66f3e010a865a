import type { AlertRule, AlertRuleInput } from './api.ts';

/**
 * The alert-rule form's state: flat fields a person edits, turned into the API's rule and back.
 * Keywords and option lists are typed as comma-separated text.
 */

export type ConditionKind = 'nps_detractor' | 'score_at_most' | 'answer_equals' | 'answer_includes' | 'keywords' | 'account_moved_into' | 'account_silent';
export type QuadrantKey = 'model' | 'growth' | 'at_risk' | 'dangling';
export interface ConditionDraft {
  type: ConditionKind;
  questionId: string;
  threshold: string;
  option: string;
  keywords: string;
  quadrant: QuadrantKey;
  days: string;
  keyAccountsOnly: boolean;
}

/** Conditions on an account, checked on a schedule; a rule has only these or none of them. */
export const isAccountKind = (k: ConditionKind): boolean => k === 'account_moved_into' || k === 'account_silent';
export type RoutingKind = 'account_owner' | 'unit_manager' | 'queue_by_match';
export interface RuleDraft {
  name: string;
  active: boolean;
  /** What the rule looks at: each stored response, or every account on a schedule. */
  trigger: 'response' | 'account';
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  surveyIds: string[];
  unitIds: string[];
  touchPointIds: string[];
  openCase: boolean;
  routing: RoutingKind[];
  notifyAssignee: boolean;
  emailTo: string;
  /** Webhooks (generic or Slack) told `alert.fired`. */
  webhookIds: string[];
}

export const emptyCondition = (type: ConditionKind = 'nps_detractor'): ConditionDraft => ({ type, questionId: '', threshold: '', option: '', keywords: '', quadrant: 'at_risk', days: '90', keyAccountsOnly: true });

export function newRuleDraft(): RuleDraft {
  return { name: '', active: true, trigger: 'response', match: 'any', conditions: [emptyCondition()], surveyIds: [], unitIds: [], touchPointIds: [], openCase: true, routing: ['account_owner', 'unit_manager'], notifyAssignee: true, emailTo: '', webhookIds: [] };
}

export function draftOfRule(r: AlertRule): RuleDraft {
  const open = r.actions.find((a) => a.type === 'open_case');
  const email = r.actions.find((a) => a.type === 'email');
  return {
    name: r.name,
    active: r.active,
    trigger: r.conditions.conditions.some((c) => isAccountKind(c.type)) ? 'account' : 'response',
    match: r.conditions.match,
    conditions: r.conditions.conditions.map((c) => ({
      ...emptyCondition(),
      type: c.type,
      questionId: 'questionId' in c ? (c.questionId ?? '') : '',
      threshold: c.type === 'score_at_most' ? String(c.threshold) : '',
      option: 'option' in c ? c.option : '',
      keywords: c.type === 'keywords' ? c.keywords.join(', ') : '',
      ...(c.type === 'account_moved_into' ? { quadrant: c.quadrant } : {}),
      ...(c.type === 'account_silent' ? { days: String(c.days), keyAccountsOnly: c.keyAccountsOnly } : {}),
    })),
    surveyIds: r.scope.surveyIds,
    unitIds: r.scope.unitIds,
    touchPointIds: r.scope.touchPointIds,
    openCase: Boolean(open),
    routing: open ? open.routing.flatMap((s) => (s.type === 'account_owner' || s.type === 'unit_manager' || s.type === 'queue_by_match' ? [s.type] : [])) : ['account_owner', 'unit_manager'],
    notifyAssignee: open?.notifyAssignee ?? true,
    emailTo: email?.type === 'email' ? email.to : '',
    webhookIds: r.actions.flatMap((a) => (a.type === 'webhook' ? [a.endpointId] : [])),
  };
}

/** The draft switched to look at responses or at accounts: its conditions start again with one of that kind. */
export function withTrigger(d: RuleDraft, trigger: RuleDraft['trigger']): RuleDraft {
  if (trigger === d.trigger) return d;
  return { ...d, trigger, conditions: [emptyCondition(trigger === 'account' ? 'account_moved_into' : 'nps_detractor')], touchPointIds: trigger === 'account' ? [] : d.touchPointIds };
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The rule the API takes; the server validates it and names what to fix. */
export function ruleOfDraft(d: RuleDraft): AlertRuleInput {
  const conditions = d.conditions.map((c) => {
    switch (c.type) {
      case 'nps_detractor':
        return c.questionId ? { type: c.type, questionId: c.questionId } : { type: c.type };
      case 'score_at_most':
        return { type: c.type, questionId: c.questionId, threshold: Number(c.threshold) };
      case 'answer_equals':
      case 'answer_includes':
        return { type: c.type, questionId: c.questionId, option: c.option };
      case 'keywords':
        return { type: c.type, keywords: list(c.keywords) };
      case 'account_moved_into':
        return { type: c.type, quadrant: c.quadrant };
      case 'account_silent':
        return { type: c.type, days: Number(c.days), keyAccountsOnly: c.keyAccountsOnly };
    }
  });
  const actions: AlertRuleInput['actions'] = [];
  if (d.openCase) actions.push({ type: 'open_case', routing: d.routing.map((type) => ({ type })), notifyAssignee: d.notifyAssignee });
  if (d.emailTo.trim()) actions.push({ type: 'email', to: d.emailTo.trim() });
  for (const endpointId of d.webhookIds) actions.push({ type: 'webhook', endpointId });
  return {
    name: d.name,
    active: d.active,
    conditions: { match: d.match, conditions },
    scope: { surveyIds: d.surveyIds, programmeIds: [], unitIds: d.unitIds, touchPointIds: d.trigger === 'account' ? [] : d.touchPointIds },
    actions,
  };
}

export const QUADRANT_NAMES: Record<QuadrantKey, string> = { model: 'Model', growth: 'Growth', at_risk: 'At-Risk', dangling: 'Dangling' };

/** One line for the rule list. */
export function describeRule(r: AlertRule): string {
  const parts = r.conditions.conditions.map((c) => {
    if (c.type === 'nps_detractor') return 'NPS detractor';
    if (c.type === 'score_at_most') return `${c.questionId} ≤ ${c.threshold}`;
    if (c.type === 'keywords') return `mentions ${c.keywords.map((k) => `“${k}”`).join(' or ')}`;
    if (c.type === 'account_moved_into') return `account moved into ${QUADRANT_NAMES[c.quadrant]}`;
    if (c.type === 'account_silent') return `${c.keyAccountsOnly ? 'key account' : 'account'} silent for ${c.days} days`;
    return `${c.questionId} ${c.type === 'answer_equals' ? '=' : 'includes'} ${c.option}`;
  });
  return parts.join(r.conditions.match === 'all' ? ' and ' : ' or ');
}
