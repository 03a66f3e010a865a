import { z } from 'zod';
import { QUADRANT_LABELS, QUADRANTS, type Quadrant } from './quadrants.ts';

/**
 * Alert-rule conditions on one response or on an account, and the scope a rule watches. Pure: the
 * caller hands over the response's answers, the question types of its survey version and where it
 * came from — or, for an account rule, the account's placement and last answer.
 */

const Id = z.string().min(1).max(100);

export const AlertConditionSchema = z.discriminatedUnion('type', [
  /** A numeric answer at or below a threshold (a CSAT of 2 or less, say). */
  z.object({ type: z.literal('score_at_most'), questionId: Id, threshold: z.number() }).strict(),
  /** An NPS answer of 0–6: on the given question, or on any NPS question of the survey. */
  z.object({ type: z.literal('nps_detractor'), questionId: Id.optional() }).strict(),
  /** A single-choice answer is exactly the option. */
  z.object({ type: z.literal('answer_equals'), questionId: Id, option: z.string().min(1).max(200) }).strict(),
  /** A multiple-choice answer includes the option (or a single-choice answer equals it). */
  z.object({ type: z.literal('answer_includes'), questionId: Id, option: z.string().min(1).max(200) }).strict(),
  /** Any of the words or phrases in any comment: case-insensitive, whole words only. */
  z.object({ type: z.literal('keywords'), keywords: z.array(z.string().trim().min(1).max(100)).min(1).max(100) }).strict(),
  /** The account is in the quadrant now and was in another at the end of the previous quarter (the quadrant view's movement). */
  z.object({ type: z.literal('account_moved_into'), quadrant: z.enum(QUADRANTS) }).strict(),
  /** Nobody at the account has answered for at least `days` days (counted from the account's creation when nobody ever has). */
  z.object({ type: z.literal('account_silent'), days: z.number().int().min(1).max(730), keyAccountsOnly: z.boolean().default(true) }).strict(),
]);
export type AlertCondition = z.infer<typeof AlertConditionSchema>;

const ACCOUNT_CONDITIONS: ReadonlySet<AlertCondition['type']> = new Set(['account_moved_into', 'account_silent']);

/** Whether a condition is about an account (checked on a schedule) rather than about a response (checked when it arrives). */
export const isAccountCondition = (c: AlertCondition): boolean => ACCOUNT_CONDITIONS.has(c.type);

export const AlertConditionsSchema = z
  .object({ match: z.enum(['all', 'any']), conditions: z.array(AlertConditionSchema).min(1, 'at least one condition').max(20) })
  .strict()
  .refine((v) => v.conditions.every(isAccountCondition) || !v.conditions.some(isAccountCondition), {
    message: 'Conditions on an account (moved into a quadrant, silent) are checked on a schedule and cannot be combined with conditions on a response: make two rules',
    path: ['conditions'],
  });
export type AlertConditions = z.infer<typeof AlertConditionsSchema>;

/** What starts a rule: a stored response, or the scheduled look at every account. */
export const triggerOf = (conditions: AlertConditions): 'response' | 'account' => (conditions.conditions.some(isAccountCondition) ? 'account' : 'response');

/** What a rule watches; an empty or missing list means "all". Units include everything below them. */
export const AlertScopeSchema = z
  .object({
    surveyIds: z.array(z.uuid()).max(200).default([]),
    programmeIds: z.array(z.uuid()).max(200).default([]),
    unitIds: z.array(z.uuid()).max(200).default([]),
    touchPointIds: z.array(z.uuid()).max(200).default([]),
  })
  .strict();
export type AlertScope = z.infer<typeof AlertScopeSchema>;

export type AnswerValue = number | string | boolean | string[];

export interface EvaluatedResponse {
  answers: Record<string, AnswerValue>;
  /** The question types of the response's survey version, by question id. */
  questionTypes: Record<string, string>;
}

export interface ResponseOrigin {
  surveyId: string;
  programmeId: string | null;
  /** Materialised path of the response's unit ('/company/market/.../'). */
  unitPath: string;
  touchPointId: string | null;
}

/** True when the response is inside the scope; `unitPathOf` gives the path of a scope unit (null if unknown). */
export function isInAlertScope(scope: AlertScope, origin: ResponseOrigin, unitPathOf: (unitId: string) => string | null): boolean {
  if (scope.surveyIds.length > 0 && !scope.surveyIds.includes(origin.surveyId)) return false;
  if (scope.programmeIds.length > 0 && (origin.programmeId === null || !scope.programmeIds.includes(origin.programmeId))) return false;
  if (scope.touchPointIds.length > 0 && (origin.touchPointId === null || !scope.touchPointIds.includes(origin.touchPointId))) return false;
  if (scope.unitIds.length > 0 && !scope.unitIds.some((id) => {
    const path = unitPathOf(id);
    return path !== null && origin.unitPath.startsWith(path);
  })) return false;
  return true;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A case-insensitive matcher of a word or phrase as whole words (letters and digits around it do not count). */
export function keywordPattern(keyword: string): RegExp {
  const body = keyword.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The comments of a response: its answers to text questions (every string answer when types are unknown). */
export function commentsOf(r: EvaluatedResponse): string[] {
  const out: string[] = [];
  for (const [id, v] of Object.entries(r.answers)) {
    if (typeof v !== 'string') continue;
    const type = r.questionTypes[id];
    if (type === undefined || type === 'text') out.push(v);
  }
  return out;
}

/** The keywords found in the response's comments, in the rule's order. */
export function matchedKeywords(keywords: readonly string[], r: EvaluatedResponse): string[] {
  const comments = commentsOf(r);
  return keywords.filter((k) => comments.some((c) => keywordPattern(k).test(c)));
}

/** Whether one condition holds for the response. */
export function evaluateCondition(c: AlertCondition, r: EvaluatedResponse): boolean {
  switch (c.type) {
    case 'score_at_most': {
      const v = r.answers[c.questionId];
      return typeof v === 'number' && v <= c.threshold;
    }
    case 'nps_detractor': {
      const ids = c.questionId ? [c.questionId] : Object.keys(r.questionTypes).filter((id) => r.questionTypes[id] === 'nps');
      return ids.some((id) => {
        const v = r.answers[id];
        return typeof v === 'number' && v >= 0 && v <= 6;
      });
    }
    case 'answer_equals':
      return r.answers[c.questionId] === c.option;
    case 'answer_includes': {
      const v = r.answers[c.questionId];
      return Array.isArray(v) ? v.includes(c.option) : v === c.option;
    }
    case 'keywords':
      return matchedKeywords(c.keywords, r).length > 0;
    case 'account_moved_into':
    case 'account_silent':
      return false;
  }
}

/** Whether the rule's conditions hold: all of them, or any. */
export function evaluateConditions(conditions: AlertConditions, r: EvaluatedResponse): boolean {
  return conditions.match === 'all' ? conditions.conditions.every((c) => evaluateCondition(c, r)) : conditions.conditions.some((c) => evaluateCondition(c, r));
}

/** A one-line reason for the case title: what about the response tripped the rule. */
export function describeTrigger(conditions: AlertConditions, r: EvaluatedResponse): string {
  const parts: string[] = [];
  for (const c of conditions.conditions) {
    if (!evaluateCondition(c, r)) continue;
    if (c.type === 'nps_detractor') {
      const ids = c.questionId ? [c.questionId] : Object.keys(r.questionTypes).filter((id) => r.questionTypes[id] === 'nps');
      const v = ids.map((id) => r.answers[id]).find((x) => typeof x === 'number');
      parts.push(`NPS ${String(v)}`);
    } else if (c.type === 'score_at_most') parts.push(`${c.questionId} ${String(r.answers[c.questionId])}`);
    else if (c.type === 'keywords') parts.push(`mentions “${matchedKeywords(c.keywords, r).join('”, “')}”`);
    else if (c.type === 'answer_equals' || c.type === 'answer_includes') parts.push(`${c.questionId}: ${c.option}`);
  }
  return parts.join(', ');
}

/** What an account rule looks at: the account's placement now and at the previous quarter's end, and its last answer. */
export interface EvaluatedAccount {
  keyAccount: boolean;
  quadrant: Quadrant | null;
  previousQuadrant: Quadrant | null;
  /** The latest response of anybody at the account (in the rule's surveys, when it names some). */
  lastResponseAt: Date | null;
  createdAt: Date;
  now: Date;
}

const DAY_MS = 86_400_000;

/** Whole days since the account last answered (or since it was created, when it never has). */
export function silentDaysOf(a: EvaluatedAccount): number {
  return Math.floor((a.now.getTime() - (a.lastResponseAt ?? a.createdAt).getTime()) / DAY_MS);
}

/** Whether one account condition holds; response conditions never hold for an account. */
export function evaluateAccountCondition(c: AlertCondition, a: EvaluatedAccount): boolean {
  if (c.type === 'account_moved_into') return a.quadrant === c.quadrant && a.previousQuadrant !== null && a.previousQuadrant !== c.quadrant;
  if (c.type === 'account_silent') return (a.keyAccount || !c.keyAccountsOnly) && silentDaysOf(a) >= c.days;
  return false;
}

/** Whether an account rule's conditions hold: all of them, or any. */
export function evaluateAccountConditions(conditions: AlertConditions, a: EvaluatedAccount): boolean {
  const holds = (c: AlertCondition) => evaluateAccountCondition(c, a);
  return conditions.match === 'all' ? conditions.conditions.every(holds) : conditions.conditions.some(holds);
}

/** A one-line reason for an account case's title: "moved into At-Risk (was Model)", "silent for 95 days". */
export function describeAccountTrigger(conditions: AlertConditions, a: EvaluatedAccount): string {
  const parts: string[] = [];
  for (const c of conditions.conditions) {
    if (!evaluateAccountCondition(c, a)) continue;
    if (c.type === 'account_moved_into') parts.push(`moved into ${QUADRANT_LABELS[c.quadrant]}${a.previousQuadrant ? ` (was ${QUADRANT_LABELS[a.previousQuadrant]})` : ''}`);
    if (c.type === 'account_silent') parts.push(a.lastResponseAt ? `silent for ${silentDaysOf(a)} days` : `no answer in the ${silentDaysOf(a)} days since it was added`);
  }
  return parts.join(', ');
}
