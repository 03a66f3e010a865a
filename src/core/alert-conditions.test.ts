import { describe, expect, it } from 'vitest';
import { AlertConditionsSchema, AlertScopeSchema, describeTrigger, evaluateConditions, isInAlertScope, matchedKeywords, type EvaluatedResponse } from './alert-conditions.ts';

const types = { nps: 'nps', csat: 'csat', reason: 'single', topics: 'multi', comment: 'text' };
const resp = (answers: EvaluatedResponse['answers']): EvaluatedResponse => ({ answers, questionTypes: types });

describe('alert conditions', () => {
  it('finds NPS detractors on any NPS question, 0–6 only', () => {
    const rule = AlertConditionsSchema.parse({ match: 'all', conditions: [{ type: 'nps_detractor' }] });
    expect(evaluateConditions(rule, resp({ nps: 6 }))).toBe(true);
    expect(evaluateConditions(rule, resp({ nps: 0 }))).toBe(true);
    expect(evaluateConditions(rule, resp({ nps: 7 }))).toBe(false);
    expect(evaluateConditions(rule, resp({ csat: 1 }))).toBe(false);
    expect(describeTrigger(rule, resp({ nps: 3 }))).toBe('NPS 3');
  });

  it('compares scores at or below a threshold', () => {
    const rule = AlertConditionsSchema.parse({ match: 'all', conditions: [{ type: 'score_at_most', questionId: 'csat', threshold: 2 }] });
    expect(evaluateConditions(rule, resp({ csat: 2 }))).toBe(true);
    expect(evaluateConditions(rule, resp({ csat: 3 }))).toBe(false);
    expect(evaluateConditions(rule, resp({ csat: 'x' }))).toBe(false);
  });

  it('matches options exactly and within multiple choices', () => {
    const eq = AlertConditionsSchema.parse({ match: 'any', conditions: [{ type: 'answer_equals', questionId: 'reason', option: 'late' }] });
    expect(evaluateConditions(eq, resp({ reason: 'late' }))).toBe(true);
    expect(evaluateConditions(eq, resp({ reason: 'lately' }))).toBe(false);
    const inc = AlertConditionsSchema.parse({ match: 'any', conditions: [{ type: 'answer_includes', questionId: 'topics', option: 'billing' }] });
    expect(evaluateConditions(inc, resp({ topics: ['delivery', 'billing'] }))).toBe(true);
    expect(evaluateConditions(inc, resp({ topics: ['delivery'] }))).toBe(false);
  });

  it('finds keywords as whole words or phrases, ignoring case', () => {
    const kw = ['cancel', 'switch supplier', 'lawyer'];
    expect(matchedKeywords(kw, resp({ comment: 'We will CANCEL the contract.' }))).toEqual(['cancel']);
    expect(matchedKeywords(kw, resp({ comment: 'The cancellation was fine' }))).toEqual([]);
    expect(matchedKeywords(kw, resp({ comment: 'time to Switch   supplier, or call a lawyer' }))).toEqual(['switch supplier', 'lawyer']);
    expect(matchedKeywords(['über'], resp({ comment: 'Überhaupt nicht gut' }))).toEqual([]);
    expect(matchedKeywords(['über'], resp({ comment: 'ÜBER alles' }))).toEqual(['über']);
    // A choice answer is not a comment.
    expect(matchedKeywords(kw, resp({ reason: 'cancel' }))).toEqual([]);
  });

  it('combines with all and any', () => {
    const conditions = [{ type: 'nps_detractor' }, { type: 'keywords', keywords: ['late'] }];
    const all = AlertConditionsSchema.parse({ match: 'all', conditions });
    const any = AlertConditionsSchema.parse({ match: 'any', conditions });
    const detractorOnly = resp({ nps: 2, comment: 'ok' });
    expect(evaluateConditions(all, detractorOnly)).toBe(false);
    expect(evaluateConditions(any, detractorOnly)).toBe(true);
    expect(evaluateConditions(all, resp({ nps: 2, comment: 'Always late' }))).toBe(true);
  });

  it('refuses malformed conditions', () => {
    expect(AlertConditionsSchema.safeParse({ match: 'all', conditions: [] }).success).toBe(false);
    expect(AlertConditionsSchema.safeParse({ match: 'all', conditions: [{ type: 'keywords', keywords: [] }] }).success).toBe(false);
    expect(AlertConditionsSchema.safeParse({ match: 'some', conditions: [{ type: 'nps_detractor' }] }).success).toBe(false);
  });

  it('applies the scope filters, units by subtree', () => {
    const u = '11111111-1111-4111-8111-111111111111';
    const s = '22222222-2222-4222-8222-222222222222';
    const paths: Record<string, string> = { [u]: '/co/emea/' };
    const pathOf = (id: string) => paths[id] ?? null;
    const origin = { surveyId: s, programmeId: null, unitPath: '/co/emea/berlin/', touchPointId: null };
    expect(isInAlertScope(AlertScopeSchema.parse({}), origin, pathOf)).toBe(true);
    expect(isInAlertScope(AlertScopeSchema.parse({ unitIds: [u] }), origin, pathOf)).toBe(true);
    expect(isInAlertScope(AlertScopeSchema.parse({ unitIds: [u] }), { ...origin, unitPath: '/co/apac/' }, pathOf)).toBe(false);
    expect(isInAlertScope(AlertScopeSchema.parse({ surveyIds: [u] }), origin, pathOf)).toBe(false);
    expect(isInAlertScope(AlertScopeSchema.parse({ surveyIds: [s] }), origin, pathOf)).toBe(true);
    expect(isInAlertScope(AlertScopeSchema.parse({ touchPointIds: [u] }), origin, pathOf)).toBe(false);
    expect(isInAlertScope(AlertScopeSchema.parse({ touchPointIds: [u] }), { ...origin, touchPointId: u }, pathOf)).toBe(true);
    expect(isInAlertScope(AlertScopeSchema.parse({ programmeIds: [s] }), origin, pathOf)).toBe(false);
  });
});
