import { describe, expect, it } from 'vitest';
import { prefillAnswers, validateAnswers, validatePage } from './answers.ts';
import { contrastWithWhite } from './definition-checks.ts';
import { displayOrder, evaluate, nextStep, walk, type Respondent } from './logic.ts';
import { SurveyDefinitionSchema, type SurveyDefinitionInput } from './survey-definition.ts';
import { chooseLanguage, localize, pipeText, textEntries, uiTexts } from './texts.ts';

const who = (over: Partial<Respondent> = {}): Respondent => ({ contact: {}, account: {}, audience: null, language: 'en', ...over });

/** A B2B relationship survey: score, a follow-up for detractors, an audience page, a "tell us more" page. */
const input: SurveyDefinitionInput = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why_low', type: 'text', text: 'What should we fix first?', required: true, showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
    { id: 'role', type: 'single', text: 'Your role?', options: [{ id: 'buyer', text: 'Buyer' }, { id: 'user', text: 'User' }], prefill: { from: 'contact', attribute: 'role' } },
    { id: 'stock', type: 'rating', text: 'How well do we keep you in stock?', required: true, audiences: ['distributor'] },
    { id: 'more', type: 'text', text: 'Anything else, {{contact:first_name|friend}}?', required: true },
    { id: 'source', type: 'hidden' },
  ],
  pages: [
    { id: 'score', questions: ['nps', 'why_low'], branches: [{ if: { ref: 'answer:source', op: 'equals', value: 'kiosk' }, to: 'quick' }] },
    { id: 'about', questions: ['role', 'stock'] },
    { id: 'extra', questions: ['more'], offer: { text: 'A minute more?' } },
  ],
  endings: [
    { id: 'quick', text: 'Thanks for the quick answer.' },
    { id: 'sorry', text: 'Sorry we let you down. Your account manager will call.', showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
  ],
  translations: { de: { 'q.nps.text': 'Wie wahrscheinlich empfehlen Sie uns?', '@distributor/q.stock.text': 'Wie gut sind Sie beliefert?', 'ui.next': 'Los' } },
  variants: { distributor: { 'q.stock.text': 'How well do we keep your shelves stocked?' } },
};
const def = SurveyDefinitionSchema.parse(input);

describe('conditions', () => {
  const a = { nps: 4, plan: ['a', 'c'], note: 'Late delivery', age: '41' };
  it.each([
    [{ ref: 'answer:nps', op: 'lte', value: 6 }, true],
    [{ ref: 'answer:nps', op: 'gt', value: 6 }, false],
    [{ ref: 'answer:nps', op: 'equals', value: '4' }, true],
    [{ ref: 'answer:age', op: 'gte', value: 41 }, true],
    [{ ref: 'answer:plan', op: 'equals', value: 'c' }, true],
    [{ ref: 'answer:plan', op: 'in', value: ['b', 'd'] }, false],
    [{ ref: 'answer:plan', op: 'notIn', value: ['b', 'd'] }, true],
    [{ ref: 'answer:note', op: 'contains', value: 'LATE' }, true],
    [{ ref: 'answer:missing', op: 'answered' }, false],
    [{ ref: 'answer:missing', op: 'notAnswered' }, true],
    [{ ref: 'answer:missing', op: 'lt', value: 100 }, false],
    [{ ref: 'contact:tier', op: 'equals', value: 'gold' }, true],
    [{ ref: 'audience', op: 'equals', value: 'architect' }, true],
    [{ ref: 'language', op: 'in', value: ['de', 'fr'] }, false],
    [{ all: [{ ref: 'answer:nps', op: 'lt', value: 7 }, { ref: 'audience', op: 'equals', value: 'distributor' }] }, false],
    [{ any: [{ ref: 'answer:nps', op: 'lt', value: 7 }, { ref: 'audience', op: 'equals', value: 'distributor' }] }, true],
    [{ not: { ref: 'answer:nps', op: 'lt', value: 7 } }, false],
  ] as const)('%j is %s', (cond, expected) => {
    expect(evaluate(cond as never, a, who({ contact: { tier: 'gold' }, audience: 'architect' }))).toBe(expected);
  });
});

describe('navigation', () => {
  it('follows pages in order, skips a page with nothing to ask, and ends with the first ending that holds', () => {
    const r = who();
    // Anonymous: role is asked (not prefilled), stock is not (distributors only).
    expect(walk(def, { nps: 9 }, r).pages.map((p) => p.id)).toEqual(['score', 'about', 'extra']);
    expect(walk(def, { nps: 9 }, r).ending.id).toBe('thanks');
    expect(walk(def, { nps: 3 }, r).ending.id).toBe('sorry');
    // A known role and no audience leave page "about" with nothing to ask.
    expect(walk(def, { nps: 9, role: 'buyer' }, who(), new Set(['role'])).pages.map((p) => p.id)).toEqual(['score', 'extra']);
  });

  it('branches to an ending when a rule holds', () => {
    const step = nextStep(def, 0, { nps: 9, source: 'kiosk' }, who());
    expect('ending' in step && step.ending.id).toBe('quick');
  });
});

describe('validateAnswers with logic', () => {
  it('asks the follow-up only of detractors, and requires it then', () => {
    expect(validateAnswers(def, { nps: 9, role: 'buyer', more: 'x' }).ok).toBe(true);
    const low = validateAnswers(def, { nps: 3, role: 'buyer' });
    expect(low.ok ? [] : low.errors.map((e) => [e.questionId, e.code])).toEqual([['why_low', 'required']]);
  });

  it('refuses answers to questions that were not asked, and stores nothing of them', () => {
    const r = validateAnswers(def, { nps: 9, why_low: 'Nothing', stock: 4 });
    expect(r.ok ? [] : r.errors.map((e) => [e.questionId, e.code])).toEqual([
      ['why_low', 'not_asked'],
      ['stock', 'not_asked'],
    ]);
    expect(validateAnswers(def, { nps: 9, why_low: 'Nothing' }, { dropUnasked: true })).toEqual({ ok: true, answers: { nps: 9 } });
  });

  it('never requires the "tell us more" section, and asks distributors their own question', () => {
    const d = who({ audience: 'distributor' });
    const r = validateAnswers(def, { nps: 9 }, { respondent: d });
    expect(r.ok ? [] : r.errors.map((e) => [e.questionId, e.code])).toEqual([['stock', 'required']]);
    expect(validateAnswers(def, { nps: 9, stock: 5 }, { respondent: d })).toEqual({ ok: true, answers: { nps: 9, stock: 5 } });
  });

  it('fills in what is known and refuses an answer to a prefilled question', () => {
    const known = who({ contact: { role: 'user' } });
    expect(prefillAnswers(def, known)).toEqual({ role: 'user' });
    expect(prefillAnswers(def, who({ contact: { role: 'astronaut' } }))).toEqual({});
    expect(validateAnswers(def, { nps: 10 }, { respondent: known })).toEqual({ ok: true, answers: { role: 'user', nps: 10 } });
    const r = validateAnswers(def, { nps: 10, role: 'buyer' }, { respondent: known });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['not_asked']);
  });

  it('takes a partial response without required answers', () => {
    expect(validateAnswers(def, { nps: 2 }, { partial: true })).toEqual({ ok: true, answers: { nps: 2 } });
    expect(validateAnswers(def, { nps: 12 }, { partial: true }).ok).toBe(false);
  });

  it('checks one page at a time, replacing its earlier answers', () => {
    expect(validatePage(def, 'score', { nps: '3', why_low: ' Speed ' }, {})).toEqual({ ok: true, answers: { nps: 3, why_low: 'Speed' } });
    expect(validatePage(def, 'score', { nps: '9' }, { nps: 3, why_low: 'Speed' })).toEqual({ ok: true, answers: { nps: 9 } });
    const r = validatePage(def, 'about', { role: 'buyer', nps: '3' }, { nps: 9 });
    expect(r.ok ? [] : r.errors.map((e) => [e.questionId, e.code])).toEqual([['nps', 'not_asked']]);
  });
});

describe('the definition checks', () => {
  const base = input.questions;
  it.each([
    ['a condition on a later question', { questions: base, pages: [{ id: 'a', questions: ['why_low', 'nps', 'role', 'stock', 'more'] }] }, 'not answered yet'],
    ['a question on no page', { questions: base, pages: [{ id: 'a', questions: ['nps', 'why_low'] }] }, 'Put question "role" on a page'],
    ['a branch backwards', { questions: base, pages: [{ id: 'a', questions: ['nps', 'why_low', 'role'] }, { id: 'b', questions: ['stock', 'more'], branches: [{ if: { ref: 'answer:nps', op: 'answered' }, to: 'a' }] }] }, 'leads forward'],
    ['an unknown option', { questions: [base[0], { ...base[1], showIf: undefined }, { ...base[2], showIf: { ref: 'answer:why_low', op: 'answered' } }, { id: 'x', type: 'text', text: 'X', showIf: { ref: 'answer:role', op: 'equals', value: 'ceo' } }] }, 'no option "ceo"'],
    ['a translation of nothing', { ...input, translations: { de: { 'q.nope.text': 'Nein' } } }, 'no text at "q.nope.text"'],
    ['a pipe of no answer', { questions: [{ id: 'n', type: 'nps', text: 'After {{answer:zzz}}?' }] }, 'pipes in "zzz"'],
    ['a theme colour too light for white text', { questions: [{ id: 'n', type: 'nps', text: 'N' }], theme: { color: '#7cc7c1' } }, 'hard to read'],
  ])('refuses %s', (_, candidate, message) => {
    const r = SurveyDefinitionSchema.safeParse(candidate);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join('\n')).toContain(message);
  });
});

describe('words', () => {
  it('reads in the respondent language and audience, falling back to the default text', () => {
    const de = localize(def, 'de', null);
    expect(de.questions.find((q) => q.id === 'nps')?.text).toBe('Wie wahrscheinlich empfehlen Sie uns?');
    expect(de.questions.find((q) => q.id === 'why_low')?.text).toBe('What should we fix first?');
    expect(localize(def, 'de', 'distributor').questions.find((q) => q.id === 'stock')?.text).toBe('Wie gut sind Sie beliefert?');
    expect(localize(def, 'en', 'distributor').questions.find((q) => q.id === 'stock')?.text).toBe('How well do we keep your shelves stocked?');
    expect(localize(def, 'en', null)).toBe(def);
    expect(uiTexts(def, 'de').next).toBe('Los');
    expect(uiTexts(def, 'de').back).toBe('Zurück');
    expect(uiTexts(def, 'pt').next).toBe('Next');
  });

  it('chooses the language from the link, then the browser, then the survey', () => {
    expect(chooseLanguage(def, 'de', 'fr')).toBe('de');
    expect(chooseLanguage(def, 'xx', 'fr-CH, de-AT;q=0.8, en;q=0.5')).toBe('de');
    expect(chooseLanguage(def, undefined, 'fr, it')).toBe('en');
    expect(chooseLanguage(def, undefined, 'en;q=0.2, de;q=0.9')).toBe('de');
  });

  it('pipes answers as their option text and attributes with a fallback', () => {
    expect(pipeText('Dear {{contact:first_name|customer}}, you are a {{answer:role}}', def, { role: 'buyer' }, who())).toBe('Dear customer, you are a Buyer');
    expect(pipeText('{{contact:first_name}} gave {{answer:nps}}', def, { nps: 0 }, who({ contact: { first_name: 'Ana' } }))).toBe('Ana gave 0');
  });

  it('lists every text by path for translators', () => {
    const paths = textEntries(def).map(([p]) => p);
    expect(paths).toContain('q.role.o.buyer');
    expect(paths).toContain('p.extra.offer.accept');
    expect(paths).toContain('e.sorry.text');
  });
});

describe('theme colour contrast', () => {
  it('computes the WCAG contrast against white', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes 4.5:1 on white.
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite('#777777')).toBeLessThan(4.5);
  });
});

describe('display order', () => {
  it('shuffles the same way for one respondent and keeps every item', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const one = displayOrder(items, true, 'seed-1', 'q');
    expect(displayOrder(items, true, 'seed-1', 'q')).toEqual(one);
    expect([...one].sort()).toEqual(items);
    const orders = new Set(Array.from({ length: 20 }, (_, i) => displayOrder(items, true, `s${i}`, 'q').join('')));
    expect(orders.size).toBeGreaterThan(10);
    expect(displayOrder(items, false, 'seed-1', 'q')).toEqual(items);
  });
});
