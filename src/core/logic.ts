import type { Comparison, Condition } from './conditions.ts';
import { createRandom } from './random.ts';
import type { Ending, Page, Question, SurveyDefinition } from './survey-definition.ts';

/**
 * The survey's logic, written once: which pages and questions a respondent sees, where a page leads,
 * which ending they reach, and the order of shuffled options. The respondent page's script and the
 * server run this same file; the server is the authority. Free of zod and of the platform.
 */

/** A stored answer value (mirrors answers.ts, which imports this file). */
type Value = number | string | boolean | string[];
export type AnswerMap = Readonly<Record<string, Value>>;

/** Who is answering: what the survey may know before it asks. */
export interface Respondent {
  contact: Readonly<Record<string, string>>;
  account: Readonly<Record<string, string>>;
  /** The attributes of the event behind an invitation, when one triggered it. */
  event?: Readonly<Record<string, string>>;
  audience: string | null;
  language: string;
}

export const ANONYMOUS: Respondent = { contact: {}, account: {}, audience: null, language: 'en' };

/**
 * What the respondent page hands its script: the conditional questions of the page and only the
 * earlier answers and attributes their conditions refer to.
 */
export interface PageLogic {
  a: Record<string, Value>;
  r: Respondent;
  /** Multi-choice question ids, whose fields are lists. */
  m: string[];
  /** Conditional questions of this page, in page order: id, answer keys, condition. */
  q: { id: string; k: string[]; c: Condition }[];
}

/** A page with its questions resolved. A survey without pages has one, "main", holding every question. */
export interface PageView extends Omit<Page, 'questions'> {
  questions: Question[];
}

const MAIN_PAGE = 'main';
/** The ending of a survey that defines none (or none that applies): its thank-you text. */
export const DEFAULT_ENDING = 'thanks';

/** The survey's pages in order, with question objects; hidden fields are never on a page. */
export function pagesOf(def: SurveyDefinition): PageView[] {
  if (!def.pages || def.pages.length === 0) {
    return [{ id: MAIN_PAGE, title: '', intro: '', branches: [], questions: def.questions.filter((q) => q.type !== 'hidden') }];
  }
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  return def.pages.map((p) => ({
    ...p,
    questions: p.questions.map((id) => byId.get(id)).filter((q): q is Question => q !== undefined && q.type !== 'hidden'),
  }));
}

function present(v: Value | undefined): v is Value {
  return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
}

function refValue(ref: string, answers: AnswerMap, r: Respondent): Value | undefined {
  if (ref === 'audience') return r.audience ?? undefined;
  if (ref === 'language') return r.language;
  const colon = ref.indexOf(':');
  const kind = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  if (kind === 'answer') return answers[name];
  if (kind === 'event') return r.event?.[name];
  return kind === 'contact' ? r.contact[name] : r.account[name];
}

function asNumber(v: Value | number | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Equality across the shapes answers and attributes come in: "5" equals 5, "true" equals true. */
function same(a: Value, b: string | number | boolean): boolean {
  if (typeof a === typeof b) return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  const x = asNumber(a);
  const y = asNumber(b);
  return x !== null && y !== null && x === y;
}

function compare(c: Comparison, answers: AnswerMap, r: Respondent): boolean {
  const actual = refValue(c.ref, answers, r);
  const has = present(actual);
  const values = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
  // A list answer (multi choice) "equals" or is "in" when any chosen option matches.
  const matches = (v: string | number | boolean) => has && (Array.isArray(actual) ? actual.some((a) => same(a, v)) : same(actual, v));
  switch (c.op) {
    case 'answered':
      return has;
    case 'notAnswered':
      return !has;
    case 'equals':
      return values.some(matches);
    case 'notEquals':
      return !values.some(matches);
    case 'in':
      return values.some(matches);
    case 'notIn':
      return !values.some(matches);
    case 'contains':
      if (!has) return false;
      if (Array.isArray(actual)) return values.some(matches);
      return values.some((v) => String(actual).toLowerCase().includes(String(v).toLowerCase()));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const x = Array.isArray(actual) ? null : asNumber(actual);
      const y = typeof c.value === 'number' ? c.value : null;
      if (x === null || y === null) return false;
      return c.op === 'gt' ? x > y : c.op === 'gte' ? x >= y : c.op === 'lt' ? x < y : x <= y;
    }
  }
}

/** Whether a condition holds for these answers and this respondent. */
export function evaluate(cond: Condition, answers: AnswerMap, r: Respondent): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, answers, r));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, answers, r));
  if ('not' in cond) return !evaluate(cond.not, answers, r);
  return compare(cond, answers, r);
}

function forAudience(audiences: readonly string[] | undefined, r: Respondent): boolean {
  return audiences === undefined || (r.audience !== null && audiences.includes(r.audience));
}

/**
 * Whether a question is asked: its audiences include the respondent's, its condition holds, and it
 * is not answered already by what is known (prefill).
 */
export function isQuestionShown(q: Question, answers: AnswerMap, r: Respondent, prefilled: ReadonlySet<string> = new Set()): boolean {
  if (q.type === 'hidden' || prefilled.has(q.id)) return false;
  return forAudience(q.audiences, r) && (q.showIf === undefined || evaluate(q.showIf, answers, r));
}

/** Whether a page is shown: for the audience, its condition holds, and it asks at least one question. */
export function isPageShown(page: PageView, answers: AnswerMap, r: Respondent, prefilled: ReadonlySet<string> = new Set()): boolean {
  return (
    forAudience(page.audiences, r) &&
    (page.showIf === undefined || evaluate(page.showIf, answers, r)) &&
    page.questions.some((q) => isQuestionShown(q, answers, r, prefilled))
  );
}

/**
 * The ending reached past the last page: the first ending whose condition holds, else the survey's
 * own thank-you. An ending without a condition is reached only by a branch.
 */
function chooseEnding(def: SurveyDefinition, answers: AnswerMap, r: Respondent): Ending {
  const hit = (def.endings ?? []).find((e) => e.showIf !== undefined && evaluate(e.showIf, answers, r));
  return hit ?? { id: DEFAULT_ENDING, text: def.thankYou };
}

export type Step = { page: PageView; index: number } | { ending: Ending };

/**
 * Where the respondent goes after the page at `from` (-1: the start): the first branch rule of that
 * page that holds, else the next page that is shown; past the last page, the ending.
 */
export function nextStep(def: SurveyDefinition, from: number, answers: AnswerMap, r: Respondent, prefilled: ReadonlySet<string> = new Set()): Step {
  const pages = pagesOf(def);
  let start = from + 1;
  const current = pages[from];
  const rule = current?.branches.find((b) => evaluate(b.if, answers, r));
  if (rule) {
    const ending = (def.endings ?? []).find((e) => e.id === rule.to);
    if (ending) return { ending };
    const target = pages.findIndex((p) => p.id === rule.to);
    // Branches lead forward only (the definition checks it); a broken target falls through.
    if (target > from) start = target;
  }
  for (let i = start; i < pages.length; i++) {
    const page = pages[i];
    if (page && isPageShown(page, answers, r, prefilled)) return { page, index: i };
  }
  return { ending: chooseEnding(def, answers, r) };
}

/** The whole way through a survey for a full set of answers: the pages shown, in order, and the ending. */
export function walk(def: SurveyDefinition, answers: AnswerMap, r: Respondent, prefilled: ReadonlySet<string> = new Set()): { pages: PageView[]; ending: Ending } {
  const seen: PageView[] = [];
  let step = nextStep(def, -1, answers, r, prefilled);
  while ('page' in step) {
    seen.push(step.page);
    step = nextStep(def, step.index, answers, r, prefilled);
  }
  return { pages: seen, ending: step.ending };
}

/** A 32-bit FNV-1a hash of a text, to seed per-respondent shuffles. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Items in the order one respondent sees them: shuffled by a seed of theirs when asked to, so
 * reloading a page or going back never reorders what they saw. The order only changes the display;
 * answers are stored by id.
 */
export function displayOrder<T>(items: readonly T[], shuffle: boolean | undefined, seed: string, key: string): T[] {
  return shuffle ? createRandom(hashText(`${seed}:${key}`)).shuffle(items) : [...items];
}
