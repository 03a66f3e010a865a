import { describe, expect, it } from 'vitest';
import { AlertRuleInputSchema } from '../../../contract/cases.ts';
import { draftOfRule, newRuleDraft, ruleOfDraft } from './rule-form-model.ts';

describe('the alert-rule form model', () => {
  it('turns a draft into a valid rule and back', () => {
    const draft = { ...newRuleDraft(), name: 'Angry', match: 'all' as const, conditions: [{ type: 'keywords' as const, questionId: '', threshold: '', option: '', keywords: 'cancel, switch supplier' }, { type: 'score_at_most' as const, questionId: 'csat', threshold: '2', option: '', keywords: '' }], emailTo: 'desk@example.test' };
    const rule = ruleOfDraft(draft);
    const parsed = AlertRuleInputSchema.parse(rule);
    expect(parsed.conditions.conditions).toEqual([{ type: 'keywords', keywords: ['cancel', 'switch supplier'] }, { type: 'score_at_most', questionId: 'csat', threshold: 2 }]);
    expect(parsed.actions.map((a) => a.type)).toEqual(['open_case', 'email']);
    const back = draftOfRule({ ...parsed, id: 'x', createdAt: '', updatedAt: '', openCases: 0 });
    expect(back).toMatchObject({ name: 'Angry', match: 'all', emailTo: 'desk@example.test', routing: ['account_owner', 'unit_manager'] });
    expect(back.conditions[0]?.keywords).toBe('cancel, switch supplier');
  });
});
