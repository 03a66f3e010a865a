import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers.ts';
import { SurveyDefinitionSchema, starterDefinition } from './survey-definition.ts';

const def = starterDefinition('Acme');

describe('validateAnswers', () => {
  it('accepts a score from a form (string) or JSON (number), trims text and drops blank optional answers', () => {
    expect(validateAnswers(def, { nps: '9', comment: '  Great  ' })).toEqual({ ok: true, answers: { nps: 9, comment: 'Great' } });
    expect(validateAnswers(def, { nps: 0, comment: '   ' })).toEqual({ ok: true, answers: { nps: 0 } });
  });

  it.each([['11'], ['-1'], ['7.5'], ['abc'], [10.5]])('rejects the score %s', (bad) => {
    const r = validateAnswers(def, { nps: bad });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.questionId).toBe('nps');
  });

  it('requires required answers and reports every problem at once', () => {
    const r = validateAnswers(def, { comment: 'x'.repeat(2_001), bogus: '1' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => `${e.questionId}:${e.code}`).sort()).toEqual(['bogus:unknown_question', 'comment:too_long', 'nps:required']);
    }
  });

  it('rejects a wrong type for text', () => {
    const r = validateAnswers(def, { nps: 5, comment: 42 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.code).toBe('wrong_type');
  });
});

describe('SurveyDefinitionSchema', () => {
  it('rejects duplicate question ids, bad ids and empty surveys', () => {
    const dup = SurveyDefinitionSchema.safeParse({ questions: [{ id: 'a', type: 'nps', text: 'Q' }, { id: 'a', type: 'text', text: 'Q2' }] });
    expect(dup.success).toBe(false);
    expect(SurveyDefinitionSchema.safeParse({ questions: [{ id: 'A b', type: 'nps', text: 'Q' }] }).success).toBe(false);
    expect(SurveyDefinitionSchema.safeParse({ questions: [] }).success).toBe(false);
  });
  it('fills the standard NPS labels', () => {
    const parsed = SurveyDefinitionSchema.parse({ questions: [{ id: 'nps', type: 'nps', text: 'Q' }] });
    expect(parsed.questions[0]).toMatchObject({ lowLabel: 'Not at all likely', highLabel: 'Extremely likely', required: false });
  });
});
