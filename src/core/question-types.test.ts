import { describe, expect, it } from 'vitest';
import { EVERY_TYPE, EVERY_TYPE_ANSWERS, EVERY_TYPE_FORM } from '../../test/support/every-type.ts';
import { rollupKeys, storedKeys } from './answer-keys.ts';
import { validateAnswers, type AnswerError } from './answers.ts';
import { SurveyDefinitionSchema, type SurveyDefinitionInput } from './survey-definition.ts';

const def = SurveyDefinitionSchema.parse(EVERY_TYPE);
const only = (question: SurveyDefinitionInput['questions'][number]) => SurveyDefinitionSchema.parse({ questions: [question] });

/** The errors of a validation as "key:code" (the key of the part when there is one). */
function problems(d: typeof def, raw: Record<string, unknown>): string[] {
  const r = validateAnswers(d, raw);
  return r.ok ? [] : r.errors.map((e: AnswerError) => `${e.key ?? e.questionId}:${e.code}`).sort();
}

describe('a definition with every question type', () => {
  it('parses, with the standard end labels of CSAT and CES and touch points kept', () => {
    expect(def.questions.map((q) => q.type)).toEqual([
      'nps', 'csat', 'ces', 'rating', 'matrix', 'single', 'multi', 'dropdown', 'ranking', 'text', 'number', 'date', 'email', 'consent', 'gap', 'hidden',
    ]);
    expect(def.questions[1]).toMatchObject({ lowLabel: 'Very dissatisfied', highLabel: 'Very satisfied' });
    expect(def.questions[2]).toMatchObject({ lowLabel: 'Strongly disagree', highLabel: 'Strongly agree' });
    expect(def.questions[0]?.touchPoints).toEqual(['relationship']);
  });

  it('accepts the stored shape as JSON and returns it unchanged', () => {
    expect(validateAnswers(def, EVERY_TYPE_ANSWERS)).toEqual({ ok: true, answers: EVERY_TYPE_ANSWERS });
  });

  it('accepts a form post (strings, repeated fields, rank fields) and returns the stored shape', () => {
    expect(validateAnswers(def, EVERY_TYPE_FORM)).toEqual({ ok: true, answers: EVERY_TYPE_ANSWERS });
  });

  it('drops blank optional answers and requires the required ones, part by part', () => {
    expect(problems(def, {})).toEqual(['contact_ok:required', 'csat:required', 'nps:required', 'service.care:required', 'service.speed:required']);
    const minimal = { nps: '0', csat: '1', 'service.speed': '1', 'service.care': '1', contact_ok: 'on', comment: ' ', products: [], 'priorities.rank.price': '' };
    expect(validateAnswers(def, minimal)).toEqual({ ok: true, answers: { nps: 0, csat: 1, 'service.speed': 1, 'service.care': 1, contact_ok: true } });
  });

  it('rejects unknown keys, and derived keys of the wrong question or a bare matrix id', () => {
    const base = { ...EVERY_TYPE_ANSWERS };
    expect(problems(def, { ...base, bogus: 1 })).toEqual(['bogus:unknown_question']);
    expect(problems(def, { ...base, 'nps.other': 'x' })).toEqual(['nps.other:unknown_question']);
    expect(problems(def, { ...base, 'country.other': 'x' })).toEqual(['country.other:unknown_question']);
    expect(problems(def, { ...base, 'service.noise': 3 })).toEqual(['service.noise:unknown_question']);
    expect(problems(def, { ...base, service: 3 })).toEqual(['service:unknown_question']);
    expect(problems(def, { ...base, 'resolution.other': 3 })).toEqual(['resolution.other:unknown_question']);
  });

  it('lists the scale keys for the rollup, never number answers', () => {
    expect(rollupKeys(def)).toEqual(['nps', 'csat', 'ces', 'stars', 'service.speed', 'service.care', 'resolution.expectation', 'resolution.experience']);
    expect(rollupKeys(def)).not.toContain('staff');
    expect(def.questions.flatMap(storedKeys).sort()).toEqual(Object.keys(EVERY_TYPE_ANSWERS).sort());
  });
});

describe('scales: csat, ces, rating, matrix rows, gap parts', () => {
  it.each([
    ['csat', 0], ['csat', 6], ['csat', '3.5'], ['ces', 8], ['ces', '0'], ['stars', 0], ['stars', 11],
    ['service.speed', 6], ['service.care', '0'], ['resolution.expectation', 8], ['resolution.experience', 0],
  ])('rejects %s = %s as out of range', (key, value) => {
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, [key]: value })).toEqual([`${key}:out_of_range`]);
  });

  it('explains the range in the message and rejects non-numbers', () => {
    const r = validateAnswers(def, { ...EVERY_TYPE_ANSWERS, ces: '9' });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['A score is a whole number from 1 to 7, not 9']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, csat: 'good' })).toEqual(['csat:not_a_number']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, csat: true })).toEqual(['csat:wrong_type']);
  });

  it('accepts a rating from 0 and both ends of every scale', () => {
    const zero = only({ id: 'r', type: 'rating', text: 'R', min: 0, max: 3 });
    expect(validateAnswers(zero, { r: '0' })).toEqual({ ok: true, answers: { r: 0 } });
    expect(validateAnswers(zero, { r: 3 })).toEqual({ ok: true, answers: { r: 3 } });
    expect(problems(zero, { r: 4 })).toEqual(['r:out_of_range']);
    expect(validateAnswers(def, { ...EVERY_TYPE_ANSWERS, csat: 5, ces: 1, stars: 1 }).ok).toBe(true);
  });

  it('requires both parts of a required gap question', () => {
    const gap = only({ id: 'g', type: 'gap', text: 'Speed', required: true });
    expect(problems(gap, { 'g.expectation': 5 })).toEqual(['g.experience:required']);
    expect(validateAnswers(gap, { 'g.expectation': '7', 'g.experience': '1' })).toEqual({ ok: true, answers: { 'g.expectation': 7, 'g.experience': 1 } });
  });
});

describe('choices: single, multi, dropdown, ranking', () => {
  it('knows the option ids and the "other" text', () => {
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, country: 'es' })).toEqual(['country:unknown_option']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, country: 'other' })).toEqual(['country:unknown_option']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, channel: 'fax' })).toEqual(['channel:unknown_option']);
    const { ['channel.other']: _, ...noOther } = EVERY_TYPE_ANSWERS;
    expect(problems(def, noOther)).toEqual(['channel.other:required']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, 'channel.other': 'x'.repeat(501) })).toEqual(['channel.other:too_long']);
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, channel: ['phone', 'mail'] })).toEqual(['channel:wrong_type']);
  });

  it('takes written "other" text as choosing other, and drops it when another option is chosen', () => {
    const r = validateAnswers(def, { ...EVERY_TYPE_ANSWERS, channel: '', 'channel.other': 'Pigeon' });
    expect(r.ok && [r.answers['channel'], r.answers['channel.other']]).toEqual(['other', 'Pigeon']);
    const single = only({ id: 's', type: 'single', text: 'S', options: [{ id: 'a', text: 'A' }], allowOther: true });
    expect(validateAnswers(single, { s: 'a', 's.other': '' })).toEqual({ ok: true, answers: { s: 'a' } });
  });

  it('stores multi choices in the order of the options, checks the counts and duplicates', () => {
    const m = only({ id: 'm', type: 'multi', text: 'M', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], minSelected: 2, maxSelected: 2 });
    expect(validateAnswers(m, { m: ['c', 'a'] })).toEqual({ ok: true, answers: { m: ['a', 'c'] } });
    expect(problems(m, { m: 'a' })).toEqual(['m:too_few']);
    expect(problems(m, { m: ['a', 'b', 'c'] })).toEqual(['m:too_many']);
    expect(problems(m, { m: ['a', 'a'] })).toEqual(['m:wrong_type']);
    expect(problems(m, { m: ['a', 'z'] })).toEqual(['m:unknown_option']);
    expect(problems(m, { m: 3 })).toEqual(['m:wrong_type']);
  });

  it('accepts a ranking only as a permutation of every option', () => {
    for (const bad of [['price', 'quality'], ['price', 'price', 'speed'], ['price', 'quality', 'speed', 'extra'], ['price', 'quality', 'fast'], 'price']) {
      expect(problems(def, { ...EVERY_TYPE_ANSWERS, priorities: bad }), JSON.stringify(bad)).toHaveLength(1);
    }
    const form = (ranks: string[]) => ({ ...EVERY_TYPE_ANSWERS, priorities: undefined, 'priorities.rank.price': ranks[0], 'priorities.rank.quality': ranks[1], 'priorities.rank.speed': ranks[2] });
    expect(problems(def, form(['1', '1', '2']))).toEqual(['priorities:not_a_ranking']);
    expect(problems(def, form(['1', '', '2']))).toEqual(['priorities:not_a_ranking']);
    expect(problems(def, form(['1', '2', '4']))).toEqual(['priorities:not_a_ranking']);
    const ok = validateAnswers(def, form(['3', '1', '2']));
    expect(ok.ok && ok.answers['priorities']).toEqual(['quality', 'speed', 'price']);
    const required = only({ id: 'r', type: 'ranking', text: 'R', required: true, options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] });
    expect(problems(required, { 'r.rank.a': '', 'r.rank.b': '' })).toEqual(['r:required']);
  });
});

describe('number, date, email, consent, hidden, text', () => {
  it.each([
    ['staff', '0', 'out_of_range'], ['staff', 100001, 'out_of_range'], ['staff', '2.5', 'not_an_integer'], ['staff', 'many', 'not_a_number'],
    ['visit', '2019-12-31', 'out_of_range'], ['visit', '2031-01-01', 'out_of_range'], ['visit', '2026-02-30', 'not_a_date'], ['visit', '31/03/2026', 'not_a_date'], ['visit', 20260331, 'wrong_type'],
    ['email', 'ana@', 'not_an_email'], ['email', 'ana example.com', 'not_an_email'], ['email', 'ana@example', 'not_an_email'],
    ['contact_ok', 'false', 'not_agreed'], ['contact_ok', false, 'not_agreed'], ['contact_ok', 'maybe', 'wrong_type'],
    ['source', 'x'.repeat(501), 'too_long'], ['source', 5, 'wrong_type'], ['comment', 5, 'wrong_type'],
  ])('rejects %s = %s (%s)', (key, value, code) => {
    expect(problems(def, { ...EVERY_TYPE_ANSWERS, [key]: value })).toEqual([`${key}:${code}`]);
  });

  it('accepts decimals unless integer is set, and an optional consent left unticked as false', () => {
    const n = only({ id: 'n', type: 'number', text: 'N', min: -1.5 });
    expect(validateAnswers(n, { n: ' -1.5 ' })).toEqual({ ok: true, answers: { n: -1.5 } });
    expect(problems(n, { n: -2 })).toEqual(['n:out_of_range']);
    const c = only({ id: 'c', type: 'consent', text: 'I agree' });
    expect(validateAnswers(c, { c: ['false', 'true'].at(-1) })).toEqual({ ok: true, answers: { c: true } });
    expect(validateAnswers(c, { c: 'false' })).toEqual({ ok: true, answers: { c: false } });
  });

  it('trims e-mail and hidden values', () => {
    const r = validateAnswers(def, { ...EVERY_TYPE_ANSWERS, email: ' ana@example.com ', source: ' sms ' });
    expect(r.ok && [r.answers['email'], r.answers['source']]).toEqual(['ana@example.com', 'sms']);
  });
});

describe('definitions that cannot work are refused', () => {
  it.each([
    ['a rating with one point', { id: 'r', type: 'rating', text: 'R', min: 1, max: 1 }],
    ['a rating past 10', { id: 'r', type: 'rating', text: 'R', max: 11 }],
    ['a rating from 2', { id: 'r', type: 'rating', text: 'R', min: 2, max: 5 }],
    ['a matrix without rows', { id: 'm', type: 'matrix', text: 'M', rows: [] }],
    ['a matrix with a row twice', { id: 'm', type: 'matrix', text: 'M', rows: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }] }],
    ['a row id with a dot', { id: 'm', type: 'matrix', text: 'M', rows: [{ id: 'a.b', text: 'A' }] }],
    ['an option twice', { id: 's', type: 'single', text: 'S', options: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }] }],
    ['an option "other" next to allowOther', { id: 's', type: 'single', text: 'S', options: [{ id: 'other', text: 'A' }], allowOther: true }],
    ['minSelected above maxSelected', { id: 'm', type: 'multi', text: 'M', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], minSelected: 2, maxSelected: 1 }],
    ['maxSelected above the options', { id: 'm', type: 'multi', text: 'M', options: [{ id: 'a', text: 'A' }], maxSelected: 2 }],
    ['a ranking of one option', { id: 'r', type: 'ranking', text: 'R', options: [{ id: 'a', text: 'A' }] }],
    ['a number range upside down', { id: 'n', type: 'number', text: 'N', min: 5, max: 1 }],
    ['a date that does not exist', { id: 'd', type: 'date', text: 'D', min: '2026-02-30' }],
    ['a touch point that is not a slug', { id: 'n', type: 'nps', text: 'N', touchPoints: ['Support Call'] }],
    ['an unknown type', { id: 'n', type: 'slider', text: 'N' }],
  ])('refuses %s', (_, question) => {
    expect(SurveyDefinitionSchema.safeParse({ questions: [question] }).success).toBe(false);
  });

  it('keeps definitions of the first release valid and unchanged', () => {
    const old = { intro: '', thankYou: 'Thanks', questions: [{ id: 'nps', type: 'nps', text: 'Q', required: true, lowLabel: 'L', highLabel: 'H' }, { id: 'comment', type: 'text', text: 'Why?', required: false, multiline: true, maxLength: 2000 }] };
    expect(SurveyDefinitionSchema.parse(old)).toEqual(old);
  });
});
