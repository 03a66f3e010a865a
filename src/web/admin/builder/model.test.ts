import { describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema, type Question } from '../../../core/survey-definition.ts';
import { EVERY_TYPE } from '../../../../test/support/every-type.ts';
import { isShownInBuilder, isShownInQuestion, issuesUnder, move, validateDraft, type Draft } from './model.ts';
import { changeType, duplicateQuestion, freeId, idFromText, newQuestion, QUESTION_TYPES } from './question-factory.ts';

const valid = (questions: Question[]) => SurveyDefinitionSchema.safeParse({ questions });

describe('the builder’s question operations', () => {
  it('makes a valid new question of every type, each with a free id', () => {
    const questions: Question[] = [];
    for (const { type } of QUESTION_TYPES) questions.push(newQuestion(type, questions));
    expect(questions).toHaveLength(16);
    expect(valid(questions).success).toBe(true);
    expect(newQuestion('nps', questions).id).toBe('nps_2');
    expect(newQuestion('text', questions).text).toBe('Is there anything else you would like to tell us?');
  });

  it('changes any type into any other and stays valid, keeping the wording and shared parts', () => {
    for (const from of QUESTION_TYPES) {
      for (const to of QUESTION_TYPES) {
        const q = { ...newQuestion(from.type, []), text: 'Kept wording', required: true, touchPoints: ['support'] } as Question;
        const next = changeType(q, to.type, [q]);
        expect(next.type).toBe(to.type);
        expect(valid([next]).success, `${from.type} → ${to.type}`).toBe(true);
        if (from.type !== 'hidden') expect(next.text).toBe('Kept wording');
        expect(next.touchPoints).toEqual(['support']);
      }
    }
    const single: Question = { id: 'choice', type: 'single', text: 'Pick', required: false, options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], allowOther: true };
    const multi = changeType({ ...single, text: 'Kept' }, 'multi', []);
    expect(multi).toMatchObject({ type: 'multi', id: 'choices', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], allowOther: true });
    const matrix = changeType(multi, 'matrix', []);
    expect(matrix).toMatchObject({ rows: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] });
    const rating = changeType({ ...newQuestion('gap', []), id: 'mine' }, 'rating', []);
    expect(rating).toMatchObject({ id: 'mine', min: 1, max: 7, lowLabel: 'Not at all', highLabel: 'Extremely' });
  });

  it('duplicates with the next free id and a deep copy', () => {
    const matrix = newQuestion('matrix', []);
    const copy = duplicateQuestion(matrix, [matrix]);
    expect(copy.id).toBe('matrix_2');
    expect(duplicateQuestion(copy, [matrix, copy]).id).toBe('matrix_3');
    expect(copy).toEqual({ ...matrix, id: 'matrix_2' });
    if (copy.type === 'matrix' && matrix.type === 'matrix') expect(copy.rows).not.toBe(matrix.rows);
  });

  it('makes ids from texts and keeps them free', () => {
    expect(idFromText('E-mail (work)', 'x')).toBe('e_mail_work');
    expect(idFromText('Größe', 'x')).toBe('grosse');
    expect(idFromText('3 or more', 'x')).toBe('o_3_or_more');
    expect(idFromText('!!!', 'option_4')).toBe('option_4');
    expect(freeId('yes', ['yes', 'yes_2'])).toBe('yes_3');
  });

  it('moves items within bounds', () => {
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('checking the draft', () => {
  const draft = (definition: unknown, extra: Partial<Draft> = {}): Draft => ({ title: 'T', slug: 'ok-slug', definition: definition as Draft['definition'], ...extra });

  it('finds nothing wrong with a definition of every type', () => {
    expect(validateDraft(draft(SurveyDefinitionSchema.parse(EVERY_TYPE)))).toEqual([]);
  });

  it('reports problems at the paths the server uses', () => {
    const def = SurveyDefinitionSchema.parse(EVERY_TYPE);
    const broken = structuredClone(def);
    broken.questions[0]!.text = ' ';
    broken.questions[1]!.id = 'nps';
    if (broken.questions[6]!.type === 'multi') broken.questions[6]!.options[0]!.text = '';
    if (broken.questions[3]!.type === 'rating') broken.questions[3]!.max = 1;
    const paths = validateDraft(draft(broken, { title: ' ', slug: 'Bad Slug' })).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['title', 'slug', 'definition.questions.0.text', 'definition.questions.6.options.0.text']),
    );
    // Cross-field rules run once every field is valid.
    broken.questions[0]!.text = 'Fixed';
    if (broken.questions[6]!.type === 'multi') broken.questions[6]!.options[0]!.text = 'Cards';
    expect(validateDraft(draft(broken)).map((i) => i.path)).toEqual(['definition.questions.1.id', 'definition.questions.3.max']);
  });

  it('groups issues by question and knows which paths a field shows', () => {
    const map = issuesUnder(
      [
        { path: 'definition.questions.1.options.0.text', message: 'Write the option' },
        { path: 'definition.questions.1', message: 'Whole question' },
        { path: 'definition.questions.10.text', message: 'Not this one' },
      ],
      'definition.questions.1',
    );
    expect([...map]).toEqual([
      ['options.0.text', 'Write the option'],
      ['', 'Whole question'],
    ]);
    expect(['options.0.text', 'scale.max', 'rows.2.touchPoints.0', 'minSelected'].every(isShownInQuestion)).toBe(true);
    expect(isShownInQuestion('options.0.colour')).toBe(false);
    expect(isShownInBuilder('definition.questions.3.text')).toBe(true);
    expect(isShownInBuilder('definition.pages.0.branches.1.to')).toBe(true);
    expect(isShownInBuilder('definition.theme.color')).toBe(false);
  });
});
