import { describe, expect, it } from 'vitest';
import { AlertConditionsSchema, AlertScopeSchema, describeAccountTrigger, describeTrigger, evaluateAccountConditions, evaluateConditions, isInAlertScope, matchedKeywords, silentDaysOf, triggerOf, type EvaluatedResponse } from './alert-conditions.ts';

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

describe('account conditions', () => {
  const base = { keyAccount: true, quadrant: 'at_risk' as const, previousQuadrant: 'model' as const, lastResponseAt: new Date('2026-01-01T10:00:00Z'), createdAt: new Date('2025-01-01T00:00:00Z'), now: new Date('2026-03-01T09:00:00Z') };
  const rule = (conditions: unknown[], match: 'all' | 'any' = 'any') => AlertConditionsSchema.parse({ match, conditions });

  it('sees a move into the quadrant only from another placed quadrant', () => {
    const into = rule([{ type: 'account_moved_into', quadrant: 'at_risk' }]);
    expect(evaluateAccountConditions(into, base)).toBe(true);
    expect(describeAccountTrigger(into, base)).toBe('moved into At-Risk (was Model)');
    expect(evaluateAccountConditions(into, { ...base, previousQuadrant: 'at_risk' })).toBe(false);
    // Unscored before is not a move: the quadrant view does not call it one either.
    expect(evaluateAccountConditions(into, { ...base, previousQuadrant: null })).toBe(false);
  });

  it('counts whole days of silence from the last answer, or from the account being added', () => {
    // 2026-01-01 10:00 → 2026-03-01 09:00 is 58 days and 23 hours.
    expect(silentDaysOf(base)).toBe(58);
    const quiet = rule([{ type: 'account_silent', days: 60 }]);
    expect(evaluateAccountConditions(quiet, base)).toBe(false);
    expect(evaluateAccountConditions(quiet, { ...base, now: new Date('2026-03-02T10:00:00Z') })).toBe(true);
    expect(evaluateAccountConditions(quiet, { ...base, keyAccount: false, now: new Date('2026-04-01T10:00:00Z') })).toBe(false);
    const anyAccount = rule([{ type: 'account_silent', days: 60, keyAccountsOnly: false }]);
    expect(evaluateAccountConditions(anyAccount, { ...base, keyAccount: false, now: new Date('2026-04-01T10:00:00Z') })).toBe(true);
    const never = { ...base, lastResponseAt: null };
    expect(silentDaysOf(never)).toBe(424);
    expect(describeAccountTrigger(quiet, never)).toBe('no answer in the 424 days since it was added');
  });

  it('refuses a rule that mixes account and response conditions, and response conditions never hold for an account', () => {
    expect(AlertConditionsSchema.safeParse({ match: 'all', conditions: [{ type: 'account_silent', days: 30 }, { type: 'nps_detractor' }] }).success).toBe(false);
    const both = rule([{ type: 'account_moved_into', quadrant: 'at_risk' }, { type: 'account_silent', days: 30 }], 'all');
    expect(evaluateAccountConditions(both, base)).toBe(true);
    expect(evaluateAccountConditions(both, { ...base, previousQuadrant: 'at_risk' })).toBe(false);
    expect(triggerOf(both)).toBe('account');
    expect(describeAccountTrigger(both, base)).toBe('moved into At-Risk (was Model), silent for 58 days');
    expect(evaluateConditions(both, { answers: {}, questionTypes: {} })).toBe(false);
  });
});
