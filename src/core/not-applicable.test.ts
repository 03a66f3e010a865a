import { describe, expect, it } from 'vitest';
import { NOT_APPLICABLE, offersNotApplicable } from './answer-keys.ts';
import { validateAnswers } from './answers.ts';
import { SurveyDefinitionSchema } from './survey-definition.ts';
import { localize, textEntries, uiTexts } from './texts.ts';

const def = SurveyDefinitionSchema.parse({
  questions: [
    { id: 'csat', type: 'csat', text: 'Satisfied?', required: true, notApplicable: true },
    { id: 'effort', type: 'ces', text: 'Easy?', notApplicable: true, notApplicableLabel: 'Did not contact us' },
    { id: 'stars', type: 'rating', text: 'Stars', min: 1, max: 5, notApplicable: true },
    { id: 'service', type: 'matrix', text: 'Service', rows: [{ id: 'speed', text: 'Speed' }, { id: 'care', text: 'Care' }], required: true, notApplicable: true },
    { id: 'nps', type: 'nps', text: 'Recommend?' },
    { id: 'plain', type: 'rating', text: 'Plain', min: 0, max: 10 },
  ],
});

describe('"not applicable" answers', () => {
  it('are offered by rating, CSAT, CES and matrix questions that say so, never by NPS', () => {
    expect(def.questions.map((q) => [q.id, offersNotApplicable(q)])).toEqual([
      ['csat', true],
      ['effort', true],
      ['stars', true],
      ['service', true],
      ['nps', false],
      ['plain', false],
    ]);
    expect(() => SurveyDefinitionSchema.parse({ questions: [{ id: 'nps', type: 'nps', text: 'x', notApplicable: true }] })).not.toThrow();
    expect(offersNotApplicable(SurveyDefinitionSchema.parse({ questions: [{ id: 'nps', type: 'nps', text: 'x', notApplicable: true }] }).questions[0]!)).toBe(false);
  });

  it('are stored as "na", from a form (trimmed) or JSON, and answer a required question', () => {
    const r = validateAnswers(def, { csat: ' na ', effort: 'na', stars: 'na', 'service.speed': 'na', 'service.care': '4' });
    expect(r).toEqual({ ok: true, answers: { csat: NOT_APPLICABLE, effort: NOT_APPLICABLE, stars: NOT_APPLICABLE, 'service.speed': NOT_APPLICABLE, 'service.care': 4 } });
  });

  it('are refused by a question that does not offer them, with what to do instead', () => {
    const r = validateAnswers(def, { csat: '3', 'service.speed': '1', 'service.care': '2', nps: 'na', plain: 'na' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.questionId, e.code, e.message])).toEqual([
        ['nps', 'not_a_number', 'This question has no "not applicable" choice: choose a score from 0 to 10'],
        ['plain', 'not_a_number', 'This question has no "not applicable" choice: choose a score from 0 to 10'],
      ]);
    }
    // Only the exact word: "n/a" or "NA" are not the stored value.
    expect(validateAnswers(def, { csat: 'N/A', 'service.speed': '1', 'service.care': '2' }).ok).toBe(false);
  });

  it('take their label from the question, translated, or from the page’s own words', () => {
    const withTranslation = SurveyDefinitionSchema.parse({ ...def, language: 'en', translations: { de: { 'q.effort.notApplicableLabel': 'Kein Kontakt' } } });
    const de = localize(withTranslation, 'de', null);
    expect(de.questions.find((q) => q.id === 'effort')).toMatchObject({ notApplicableLabel: 'Kein Kontakt' });
    // Translators see the label among the survey's texts; a question without one has none to translate.
    expect(textEntries(def).filter(([path]) => path.endsWith('notApplicableLabel'))).toEqual([['q.effort.notApplicableLabel', 'Did not contact us']]);
    expect(uiTexts(def, 'de').notApplicable).toBe('Trifft nicht zu');
    expect(uiTexts(def, 'fr').notApplicable).toBe('Non applicable');
    expect(uiTexts(def, 'en').notApplicable).toBe('Not applicable');
  });
});
