import { describe, expect, it } from 'vitest';
import { AlertRuleInputSchema } from '../../../contract/cases.ts';
import { draftOfRule, emptyCondition, newRuleDraft, ruleOfDraft, withTrigger } from './rule-form-model.ts';

describe('the alert-rule form model', () => {
  it('turns a draft into a valid rule and back', () => {
    const draft = { ...newRuleDraft(), name: 'Angry', match: 'all' as const, conditions: [{ ...emptyCondition('keywords'), keywords: 'cancel, switch supplier' }, { ...emptyCondition('score_at_most'), questionId: 'csat', threshold: '2' }], emailTo: 'desk@example.test' };
    const rule = ruleOfDraft(draft);
    const parsed = AlertRuleInputSchema.parse(rule);
    expect(parsed.conditions.conditions).toEqual([{ type: 'keywords', keywords: ['cancel', 'switch supplier'] }, { type: 'score_at_most', questionId: 'csat', threshold: 2 }]);
    expect(parsed.actions.map((a) => a.type)).toEqual(['open_case', 'email']);
    const back = draftOfRule({ ...parsed, id: 'x', createdAt: '', updatedAt: '', openCases: 0 });
    expect(back).toMatchObject({ name: 'Angry', match: 'all', emailTo: 'desk@example.test', routing: ['account_owner', 'unit_manager'] });
    expect(back.conditions[0]?.keywords).toBe('cancel, switch supplier');
  });

  it('makes account rules without touch points, and reads them back as account rules', () => {
    const base = { ...newRuleDraft(), name: 'Key account gone quiet', touchPointIds: ['t1'] };
    const draft = withTrigger(base, 'account');
    expect(draft.conditions.map((c) => c.type)).toEqual(['account_moved_into']);
    draft.conditions = [{ ...emptyCondition('account_silent'), days: '120', keyAccountsOnly: false }];
    const parsed = AlertRuleInputSchema.parse(ruleOfDraft(draft));
    expect(parsed.conditions.conditions).toEqual([{ type: 'account_silent', days: 120, keyAccountsOnly: false }]);
    expect(parsed.scope.touchPointIds).toEqual([]);
    const back = draftOfRule({ ...parsed, id: 'x', createdAt: '', updatedAt: '', openCases: 0 });
    expect(back.trigger).toBe('account');
    expect(back.conditions[0]).toMatchObject({ type: 'account_silent', days: '120', keyAccountsOnly: false });
  });
});
