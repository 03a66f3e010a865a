import { z } from 'zod';

/**
 * Alert-rule conditions on one response, and the scope a rule watches. Pure: the caller hands over
 * the response's answers, the question types of its survey version and where it came from.
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
]);
export type AlertCondition = z.infer<typeof AlertConditionSchema>;

export const AlertConditionsSchema = z
  .object({ match: z.enum(['all', 'any']), conditions: z.array(AlertConditionSchema).min(1, 'at least one condition').max(20) })
  .strict();
export type AlertConditions = z.infer<typeof AlertConditionsSchema>;

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
    else parts.push(`${c.questionId}: ${c.option}`);
  }
  return parts.join(', ');
}
