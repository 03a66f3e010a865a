import { NOT_APPLICABLE, offersNotApplicable, partKey, scaleOf, storedKeys } from './answer-keys.ts';
import { EMAIL } from './patterns.ts';
import { ANONYMOUS, isQuestionShown, nextStep, pagesOf, type PageView, type Respondent } from './logic.ts';
import { isDay, languageOf, OTHER, type Question, type Scale, type SurveyDefinition } from './survey-definition.ts';

/**
 * Validates a respondent's answers against a survey definition. Runs in the browser for instant
 * feedback and on the server as the authority. Input may come from a form post (strings, repeated
 * fields as arrays) or JSON (answers in their stored shape); the output is always the stored shape:
 * numbers for scales and numbers, option ids for choices, arrays for multi and ranking, a boolean for
 * consent, strings for text, dates, e-mails and hidden fields (docs/architecture.md lists the keys).
 * The survey's logic decides which questions are asked: answers to questions that were not asked
 * are refused, and only asked questions can be required.
 */

export type AnswerValue = number | string | boolean | string[];
export type Answers = Record<string, AnswerValue>;

export interface AnswerError {
  questionId: string;
  /** The answer key the error is about when it is a part of the question (a matrix row, "other"). */
  key?: string;
  code:
    | 'required'
    | 'out_of_range'
    | 'not_a_number'
    | 'not_an_integer'
    | 'too_long'
    | 'unknown_question'
    | 'unknown_option'
    | 'too_few'
    | 'too_many'
    | 'not_a_ranking'
    | 'not_an_email'
    | 'not_a_date'
    | 'not_agreed'
    | 'not_asked'
    | 'wrong_type';
  message: string;
}

export type AnswerValidation =
  | { ok: true; answers: Answers }
  | { ok: false; errors: AnswerError[] };

/** The form's rank field of one ranking option: "<question>.rank.<option>" holds its rank 1…n. */
export function rankKey(questionId: string, optionId: string): string {
  return `${questionId}.rank.${optionId}`;
}

const MAX_OTHER = 500;
const MAX_EMAIL = 254;
const MAX_HIDDEN = 500;

type Raw = Readonly<Record<string, unknown>>;

interface Sink {
  answers: Answers;
  errors: AnswerError[];
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() === ''))
  );
}

function fail(q: Question, code: AnswerError['code'], message: string, key?: string): AnswerError {
  return key === undefined || key === q.id ? { questionId: q.id, code, message } : { questionId: q.id, key, code, message };
}

/** A whole number on a scale, from a number or a form's string; or "na" where the question offers it. */
function checkScale(q: Question, key: string, raw: unknown, scale: Scale): number | typeof NOT_APPLICABLE | AnswerError {
  const range = `from ${scale.min} to ${scale.max}`;
  if (typeof raw === 'string' && raw.trim() === NOT_APPLICABLE) {
    return offersNotApplicable(q) ? NOT_APPLICABLE : fail(q, 'not_a_number', `This question has no "not applicable" choice: choose a score ${range}`, key);
  }
  if (typeof raw !== 'number' && typeof raw !== 'string') return fail(q, 'wrong_type', `Choose a score ${range}`, key);
  const n = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isFinite(n)) return fail(q, 'not_a_number', `Choose a score ${range}`, key);
  if (!Number.isInteger(n) || n < scale.min || n > scale.max) {
    return fail(q, 'out_of_range', `A score is a whole number ${range}, not ${String(raw)}`, key);
  }
  return n;
}

/** Checks one scored part (a scale question, a matrix row, a gap part), storing it or its error. */
function scoreInto(sink: Sink, q: Question, key: string, raw: unknown, scale: Scale, requiredMessage: string): void {
  if (isBlank(raw)) {
    if (q.required) sink.errors.push(fail(q, 'required', requiredMessage, key));
    return;
  }
  const v = checkScale(q, key, raw, scale);
  if (typeof v === 'object') sink.errors.push(v);
  else sink.answers[key] = v;
}

function checkText(q: Question, raw: unknown, maxLength: number, key = q.id): string | AnswerError {
  if (typeof raw !== 'string') return fail(q, 'wrong_type', 'Answer with text', key);
  const text = raw.trim();
  if (text.length > maxLength) {
    return fail(q, 'too_long', `Keep the answer under ${maxLength} characters (it has ${text.length})`, key);
  }
  return text;
}

/** The choices of a single, dropdown or multi answer as option ids: a string, or an array from JSON or repeated fields. */
function asIds(raw: unknown): string[] | null {
  if (typeof raw === 'string') return raw.trim() === '' ? [] : [raw.trim()];
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw.map((v) => v.trim()).filter((v) => v !== '');
  return null;
}

function checkChoice(sink: Sink, q: Extract<Question, { type: 'single' | 'dropdown' | 'multi' }>, raw: Raw): void {
  const known = new Set(q.options.map((o) => o.id));
  if (q.allowOther) known.add(OTHER);
  const otherKey = partKey(q.id, OTHER);
  const otherRaw = q.allowOther ? raw[otherKey] : undefined;
  let ids = isBlank(raw[q.id]) ? [] : asIds(raw[q.id]);
  if (ids === null || (q.type !== 'multi' && ids.length > 1)) {
    sink.errors.push(fail(q, 'wrong_type', q.type === 'multi' ? 'Answer with a list of option ids' : 'Choose one option'));
    return;
  }
  // Writing in the "Other" box says "other" even when its button was not ticked.
  if (!isBlank(otherRaw) && !ids.includes(OTHER)) ids = [...ids, OTHER];
  if (ids.length === 0) {
    if (q.required) sink.errors.push(fail(q, 'required', q.type === 'multi' ? 'Please choose at least one option' : 'Please choose an option'));
    return;
  }
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    sink.errors.push(fail(q, 'unknown_option', `This question has no option "${unknown[0] ?? ''}"`));
    return;
  }
  if (new Set(ids).size !== ids.length) {
    sink.errors.push(fail(q, 'wrong_type', 'Choose each option once'));
    return;
  }
  let other: string | undefined;
  if (ids.includes(OTHER)) {
    if (isBlank(otherRaw)) {
      sink.errors.push(fail(q, 'required', 'Please say what "Other" is', otherKey));
      return;
    }
    const text = checkText(q, otherRaw, MAX_OTHER, otherKey);
    if (typeof text !== 'string') {
      sink.errors.push(text);
      return;
    }
    other = text;
  }
  if (q.type === 'multi') {
    if (q.minSelected !== undefined && ids.length < q.minSelected) {
      sink.errors.push(fail(q, 'too_few', `Choose at least ${q.minSelected} options (you chose ${ids.length})`));
      return;
    }
    if (q.maxSelected !== undefined && ids.length > q.maxSelected) {
      sink.errors.push(fail(q, 'too_many', `Choose at most ${q.maxSelected} options (you chose ${ids.length})`));
      return;
    }
    // Stored in the order of the definition, "other" last: the same choices always store the same.
    const order = [...q.options.map((o) => o.id), OTHER];
    sink.answers[q.id] = [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  } else {
    sink.answers[q.id] = ids[0] ?? '';
  }
  if (other !== undefined) sink.answers[otherKey] = other;
}

/** A ranking: an array of every option id in order (JSON), or the form's rank of each option. */
function checkRanking(sink: Sink, q: Extract<Question, { type: 'ranking' }>, raw: Raw): void {
  const n = q.options.length;
  const message = `Give each option a different rank from 1 to ${n}`;
  let order: unknown[];
  const given = raw[q.id];
  const ranks = q.options.map((o) => raw[rankKey(q.id, o.id)]);
  if (!isBlank(given)) {
    if (!Array.isArray(given)) {
      sink.errors.push(fail(q, 'wrong_type', 'Answer with every option id, best first'));
      return;
    }
    order = given;
  } else if (ranks.some((r) => !isBlank(r))) {
    const byRank: unknown[] = [];
    for (const [i, r] of ranks.entries()) {
      const rank = typeof r === 'string' ? Number(r.trim()) : typeof r === 'number' ? r : NaN;
      if (!Number.isInteger(rank) || rank < 1 || rank > n || byRank[rank - 1] !== undefined) {
        sink.errors.push(fail(q, 'not_a_ranking', message));
        return;
      }
      byRank[rank - 1] = q.options[i]?.id;
    }
    order = byRank;
  } else {
    if (q.required) sink.errors.push(fail(q, 'required', 'Please rank the options'));
    return;
  }
  const ids = new Set(q.options.map((o) => o.id));
  const valid = order.length === n && order.every((id) => typeof id === 'string' && ids.has(id)) && new Set(order).size === n;
  if (!valid) {
    sink.errors.push(fail(q, 'not_a_ranking', message));
    return;
  }
  sink.answers[q.id] = order as string[];
}

function checkNumber(q: Extract<Question, { type: 'number' }>, raw: unknown): number | AnswerError {
  if (typeof raw !== 'number' && typeof raw !== 'string') return fail(q, 'wrong_type', 'Answer with a number');
  const n = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isFinite(n)) return fail(q, 'not_a_number', `Write a number, such as 12 or 4.5 (not ${String(raw)})`);
  if (q.integer && !Number.isInteger(n)) return fail(q, 'not_an_integer', `Write a whole number (not ${String(raw)})`);
  if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
    const range =
      q.min !== undefined && q.max !== undefined ? `from ${q.min} to ${q.max}` : q.min !== undefined ? `of at least ${q.min}` : `of at most ${String(q.max)}`;
    return fail(q, 'out_of_range', `Write a number ${range}`);
  }
  return n;
}

function checkDate(q: Extract<Question, { type: 'date' }>, raw: unknown): string | AnswerError {
  if (typeof raw !== 'string') return fail(q, 'wrong_type', 'Answer with a date as YYYY-MM-DD');
  const day = raw.trim();
  if (!isDay(day)) return fail(q, 'not_a_date', 'Write a date as YYYY-MM-DD, such as 2026-03-31');
  if (q.min !== undefined && day < q.min) return fail(q, 'out_of_range', `Choose a date on or after ${q.min}`);
  if (q.max !== undefined && day > q.max) return fail(q, 'out_of_range', `Choose a date on or before ${q.max}`);
  return day;
}

function checkEmail(q: Question, raw: unknown): string | AnswerError {
  const text = checkText(q, raw, MAX_EMAIL);
  if (typeof text !== 'string') return text;
  return EMAIL.test(text) ? text : fail(q, 'not_an_email', 'Write an e-mail address, such as name@example.com');
}

const YES = new Set(['true', 'on', 'yes', '1']);
const NO = new Set(['false', 'off', 'no', '0']);

function checkConsent(q: Question, raw: unknown): boolean | AnswerError {
  const agreed = typeof raw === 'boolean' ? raw : typeof raw === 'string' ? (YES.has(raw.trim()) ? true : NO.has(raw.trim()) ? false : null) : null;
  if (agreed === null) return fail(q, 'wrong_type', 'Answer with true or false');
  if (q.required && !agreed) return fail(q, 'not_agreed', 'Please tick the box to agree');
  return agreed;
}

/** Checks the simple one-key types; the value to store, or an error. */
function checkSimple(q: Exclude<Question, { type: 'matrix' | 'gap' | 'single' | 'multi' | 'dropdown' | 'ranking' }>, raw: unknown): AnswerValue | AnswerError {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return checkScale(q, q.id, raw, scaleOf(q));
    case 'text':
      return checkText(q, raw, q.maxLength);
    case 'number':
      return checkNumber(q, raw);
    case 'date':
      return checkDate(q, raw);
    case 'email':
      return checkEmail(q, raw);
    case 'consent':
      return checkConsent(q, raw);
    case 'hidden':
      return checkText(q, raw, MAX_HIDDEN);
  }
}

function checkQuestion(sink: Sink, q: Question, raw: Raw): void {
  switch (q.type) {
    case 'matrix':
      for (const row of q.rows) scoreInto(sink, q, partKey(q.id, row.id), raw[partKey(q.id, row.id)], q.scale, 'Please rate this row');
      return;
    case 'gap':
      scoreInto(sink, q, partKey(q.id, 'expectation'), raw[partKey(q.id, 'expectation')], q.scale, 'Please say how important this is');
      scoreInto(sink, q, partKey(q.id, 'experience'), raw[partKey(q.id, 'experience')], q.scale, 'Please say how well we delivered');
      return;
    case 'single':
    case 'multi':
    case 'dropdown':
      checkChoice(sink, q, raw);
      return;
    case 'ranking':
      checkRanking(sink, q, raw);
      return;
    default: {
      const value = raw[q.id];
      if (isBlank(value)) {
        if (q.required) sink.errors.push(fail(q, 'required', q.type === 'consent' ? 'Please tick the box to agree' : 'Please answer this question'));
        return;
      }
      const result = checkSimple(q, value);
      if (typeof result === 'object' && !Array.isArray(result)) sink.errors.push(result);
      else sink.answers[q.id] = result;
    }
  }
}

/** The keys an answer to a question may arrive under: its stored keys, and the rank fields of a ranking. */
function inputKeys(q: Question): string[] {
  return q.type === 'ranking' ? [q.id, ...q.options.map((o) => rankKey(q.id, o.id))] : storedKeys(q);
}

export interface ValidateOptions {
  /** Who answers (audience, language, contact and account attributes); anonymous by default. */
  respondent?: Respondent;
  /** A response stopped early: what was answered is checked, nothing is required. */
  partial?: boolean;
  /**
   * Drop answers to questions that were not asked instead of refusing them: in the page-by-page
   * flow a respondent who goes back and changes course leaves answers behind on pages they no
   * longer pass through.
   */
  dropUnasked?: boolean;
}

/**
 * What is known before asking: for each question bound to a contact or account attribute whose value
 * is known and is a valid answer, that answer. Such questions are not asked.
 */
export function prefillAnswers(def: SurveyDefinition, r: Respondent): Answers {
  const sink: Sink = { answers: {}, errors: [] };
  for (const q of def.questions) {
    if (!q.prefill) continue;
    const value = (q.prefill.from === 'contact' ? r.contact : r.account)[q.prefill.attribute];
    if (value === undefined || value.trim() === '') continue;
    const raw = q.type === 'multi' ? value.split(';') : value;
    const one: Sink = { answers: {}, errors: [] };
    checkQuestion(one, { ...q, required: true }, { [q.id]: raw });
    if (one.errors.length === 0) Object.assign(sink.answers, one.answers);
  }
  return sink.answers;
}

function questionsOf(def: SurveyDefinition, answers: Answers): Set<string> {
  return new Set(def.questions.filter((q) => storedKeys(q).some((k) => k in answers)).map((q) => q.id));
}

/** What is known of a respondent before asking: the prefilled answers, and the ids of the questions they answer. */
export function knownAnswers(def: SurveyDefinition, r: Respondent): { answers: Answers; ids: Set<string> } {
  const answers = prefillAnswers(def, r);
  return { answers, ids: questionsOf(def, answers) };
}

/** The not-asked error for an answer key (blank values, which forms post for empty fields, pass). */
function refuseUnasked(sink: Sink, raw: Raw, keyOwner: Map<string, Question>, asked: ReadonlySet<string>): void {
  for (const [key, value] of Object.entries(raw)) {
    const q = keyOwner.get(key);
    if (!q || asked.has(q.id) || isBlank(value)) continue;
    sink.errors.push({
      questionId: q.id,
      ...(key === q.id ? {} : { key }),
      code: 'not_asked',
      message: `Question "${q.id}" is not asked of this respondent (its conditions, audience or a known answer leave it out); leave its answer out`,
    });
  }
}

/** Checks the asked questions of one page into the sink; returns the ids asked. */
function checkPage(sink: Sink, page: PageView, raw: Raw, r: Respondent, known: ReadonlySet<string>, partial: boolean): string[] {
  const asked: string[] = [];
  for (const q of page.questions) {
    if (!isQuestionShown(q, sink.answers, r, known)) continue;
    asked.push(q.id);
    // Nothing is required of a respondent who stops early, nor in a "tell us more" section.
    checkQuestion(sink, partial || page.offer ? { ...q, required: false } : q, raw);
  }
  return asked;
}

interface Setup {
  r: Respondent;
  sink: Sink;
  /** Questions answered by what is known, and hidden fields: never asked on a page. */
  known: Set<string>;
  keyOwner: Map<string, Question>;
}

function setUp(def: SurveyDefinition, raw: Raw, opts: ValidateOptions): Setup {
  const r = opts.respondent ?? { ...ANONYMOUS, language: languageOf(def) };
  const sink: Sink = { answers: {}, errors: [] };
  const keyOwner = new Map<string, Question>();
  for (const q of def.questions) for (const k of inputKeys(q)) keyOwner.set(k, q);
  for (const key of Object.keys(raw)) {
    if (keyOwner.has(key)) continue;
    const q = def.questions.find((x) => x.id === key);
    const message = q
      ? `Answer "${key}" part by part: ${storedKeys(q).map((k) => `"${k}"`).join(', ')}`
      : `This survey has no question "${key}"`;
    sink.errors.push({ questionId: key, code: 'unknown_question', message });
  }
  const prefilled = prefillAnswers(def, r);
  Object.assign(sink.answers, prefilled);
  const known = questionsOf(def, prefilled);
  // Hidden fields come with the link or the invitation, whatever the logic says.
  for (const q of def.questions) {
    if (q.type !== 'hidden') continue;
    known.add(q.id);
    checkQuestion(sink, q, raw);
  }
  return { r, sink, known, keyOwner };
}

/**
 * Checks a whole response: walks the survey's pages as the respondent would, checking each asked
 * question with the answers before it deciding what is asked, and refuses answers to anything not
 * asked. Returns the cleaned answers, or every error found (logic.ts's walk() tells the ending).
 */
export function validateAnswers(def: SurveyDefinition, raw: Raw, opts: ValidateOptions = {}): AnswerValidation {
  const { r, sink, known, keyOwner } = setUp(def, raw, opts);
  const asked = new Set(known);
  let step = nextStep(def, -1, sink.answers, r, known);
  while ('page' in step) {
    for (const id of checkPage(sink, step.page, raw, r, known, opts.partial ?? false)) asked.add(id);
    step = nextStep(def, step.index, sink.answers, r, known);
  }
  // Prefilled questions are answered by what is known: an answer sent for them is not asked either.
  for (const id of known) if (def.questions.find((q) => q.id === id)?.type !== 'hidden') asked.delete(id);
  if (!opts.dropUnasked) refuseUnasked(sink, raw, keyOwner, asked);
  return sink.errors.length > 0 ? { ok: false, errors: sink.errors } : { ok: true, answers: sink.answers };
}

/**
 * Checks the answers of one page in the page-by-page flow, given the answers of the pages before
 * (already checked). Returns this page's cleaned answers, or its errors.
 */
export function validatePage(
  def: SurveyDefinition,
  pageId: string,
  raw: Raw,
  earlier: Answers,
  opts: ValidateOptions = {},
): { ok: true; answers: Answers } | { ok: false; errors: AnswerError[] } {
  const page = pagesOf(def).find((p) => p.id === pageId);
  const { r, sink, known, keyOwner } = setUp(def, {}, opts);
  if (!page) return { ok: false, errors: [{ questionId: pageId, code: 'unknown_question', message: `This survey has no page "${pageId}"` }] };
  // This page's earlier answers (from before going back) are replaced, never kept.
  const mine = new Set(page.questions.flatMap(storedKeys));
  const before = Object.fromEntries(Object.entries({ ...earlier, ...sink.answers }).filter(([k]) => !mine.has(k)));
  const own: Sink = { answers: { ...before }, errors: [] };
  for (const key of Object.keys(raw)) {
    if (!keyOwner.has(key)) own.errors.push({ questionId: key, code: 'unknown_question', message: `This survey has no question "${key}"` });
  }
  const asked = new Set(checkPage(own, page, raw, r, known, opts.partial ?? false));
  if (!opts.dropUnasked) refuseUnasked(own, raw, keyOwner, asked);
  if (own.errors.length > 0) return { ok: false, errors: own.errors };
  const answers: Answers = {};
  for (const q of page.questions) {
    if (!asked.has(q.id)) continue;
    for (const k of storedKeys(q)) {
      const v = own.answers[k];
      if (v !== undefined) answers[k] = v;
    }
  }
  return { ok: true, answers };
}

/**
 * The questions of a page that are asked, given what is posted on it and the earlier answers: the
 * server's view of what the respondent page's script shows (the property tests compare the two).
 */
export function askedOnPage(def: SurveyDefinition, pageId: string, raw: Raw, earlier: Answers, opts: ValidateOptions = {}): string[] {
  const page = pagesOf(def).find((p) => p.id === pageId);
  if (!page) return [];
  const { r, sink, known } = setUp(def, {}, opts);
  const own: Sink = { answers: { ...earlier, ...sink.answers }, errors: [] };
  return checkPage(own, page, raw, r, known, true);
}
