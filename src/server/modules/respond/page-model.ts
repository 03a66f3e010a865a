import { storedKeys } from '../../../core/answer-keys.ts';
import { knownAnswers, rankKey, type AnswerError, type Answers } from '../../../core/answers.ts';
import { comparisonsOf } from '../../../core/conditions.ts';
import { isPageShown, isQuestionShown, pagesOf, type PageLogic, type PageView, type Respondent } from '../../../core/logic.ts';
import type { Question, SurveyDefinition } from '../../../core/survey-definition.ts';
import { languagesOf, localize, pipeText, uiTexts } from '../../../core/texts.ts';
import type { LiveSurvey } from '../responses/service.ts';
import type { FormValues } from './fields.ts';
import type { LanguageLink, Nonces, PageModel } from './view.ts';

/** One respondent's place in a survey: what flow.ts keeps between pages. */
export interface Visit {
  /** The survey, with the definition of the version being answered. */
  survey: LiveSurvey;
  respondent: Respondent;
  /** Everything answered so far in the stored shape, hidden fields included (prefill is derived). */
  answers: Answers;
  /** Page ids passed, the current one last. */
  history: string[];
  seed: string;
  preview: boolean;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', nl: 'Nederlands', it: 'Italiano', pt: 'Português',
  da: 'Dansk', sv: 'Svenska', nb: 'Norsk', fi: 'Suomi', pl: 'Polski', cs: 'Čeština', ja: '日本語', zh: '中文', ko: '한국어',
};

/** A language's own name, for the switcher. */
function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? LANGUAGE_NAMES[code.split('-')[0] ?? ''] ?? code.toUpperCase();
}

/** Stored answers as form values, to show them again in the form (a ranking as its rank fields). */
function formValuesOf(def: SurveyDefinition, answers: Answers): FormValues {
  const out: Record<string, string | string[]> = {};
  for (const q of def.questions) {
    for (const key of storedKeys(q)) {
      const v = answers[key];
      if (v === undefined) continue;
      if (q.type === 'ranking' && Array.isArray(v)) v.forEach((id, i) => (out[rankKey(q.id, id)] = String(i + 1)));
      else out[key] = Array.isArray(v) ? v : String(v);
    }
  }
  return out;
}

/** The answer keys of a page's questions. */
function pageKeys(page: PageView): Set<string> {
  return new Set(page.questions.flatMap(storedKeys));
}

/** Answers without those of one page: what the page's conditions may see of earlier pages. */
export function answersBefore(answers: Answers, page: PageView): Answers {
  const mine = pageKeys(page);
  return Object.fromEntries(Object.entries(answers).filter(([k]) => !mine.has(k)));
}

/** The questions whose conditions refer to an answer on their own page: the script decides them live. */
function samePageConditional(page: PageView): Set<string> {
  const keys = pageKeys(page);
  return new Set(
    page.questions
      .filter((q) => q.showIf && comparisonsOf(q.showIf).some((c) => c.ref.startsWith('answer:') && keys.has(c.ref.slice(7))))
      .map((q) => q.id),
  );
}

/** Only what the script needs: the earlier answers and attributes this page's conditions refer to. */
function logicData(page: PageView, conditional: ReadonlySet<string>, before: Answers, r: Respondent): PageLogic | null {
  const qs = page.questions.filter((q) => conditional.has(q.id));
  if (qs.length === 0) return null;
  const refs = qs.flatMap((q) => (q.showIf ? comparisonsOf(q.showIf).map((c) => c.ref) : []));
  const pick = (prefix: string, from: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(refs.filter((x) => x.startsWith(prefix) && from[x.slice(prefix.length)] !== undefined).map((x) => [x.slice(prefix.length), from[x.slice(prefix.length)]]));
  return {
    a: pick('answer:', before) as PageLogic['a'],
    r: {
      contact: pick('contact:', r.contact) as Record<string, string>,
      account: pick('account:', r.account) as Record<string, string>,
      ...(r.event ? { event: pick('event:', r.event) as Record<string, string> } : {}),
      audience: r.audience,
      language: r.language,
    },
    m: page.questions.filter((q) => q.type === 'multi').map((q) => q.id),
    q: qs.map((q) => ({ id: q.id, k: storedKeys(q), c: q.showIf ?? { all: [] } })),
  };
}

function pipeQuestion(q: Question, def: SurveyDefinition, answers: Answers, r: Respondent): Question {
  const p = (t: string) => pipeText(t, def, answers, r);
  return { ...q, text: p(q.text), ...(q.help !== undefined ? { help: p(q.help) } : {}) };
}

export interface PageRequest {
  pageId: string;
  nonce: Nonces;
  action: string;
  /** Values to show: what was posted after an error, else the stored answers. */
  values?: FormValues;
  errors?: readonly AnswerError[];
  notice?: string;
  state: Readonly<Record<string, string>>;
  /** The address of this page in another language (for the switcher). */
  languageHref: (code: string) => string;
}

/** Builds what one page shows to one respondent: their language and wording, their questions, their progress. */
export function buildPage(visit: Visit, req: PageRequest): PageModel {
  const r = visit.respondent;
  const def = localize(visit.survey.definition, r.language, r.audience);
  const { answers: known, ids: knownIds } = knownAnswers(def, r);
  const pages = pagesOf(def);
  const index = Math.max(0, pages.findIndex((p) => p.id === req.pageId));
  const page = pages[index] ?? pages[0];
  if (!page) throw new Error('a survey has at least one page');
  const all = { ...visit.answers, ...known };
  const before = answersBefore(all, page);
  const values = req.values ?? formValuesOf(def, visit.answers);
  const live = samePageConditional(page);
  const conditional = new Map<string, boolean>();
  const asked: Question[] = [];
  for (const q of page.questions) {
    if (live.has(q.id)) {
      if (knownIds.has(q.id) || !isQuestionShown({ ...q, showIf: undefined }, before, r, knownIds)) continue;
      // Decided by this page's answers: shown now if they say so (the form's values, as the script reads them).
      conditional.set(q.id, isQuestionShown(q, { ...before, ...(values as Answers) }, r, knownIds));
      asked.push(q);
    } else if (isQuestionShown(q, before, r, knownIds)) {
      asked.push(q);
    }
  }
  const position = Math.max(1, visit.history.indexOf(page.id) + 1);
  const ahead = pages.slice(index + 1).filter((p) => isPageShown(p, all, r, knownIds)).length;
  const total = position + ahead;
  const languages: LanguageLink[] = languagesOf(def).map((code) => ({ code, label: languageName(code), href: req.languageHref(code), current: code === r.language }));
  return {
    action: req.action,
    surveyTitle: visit.survey.title,
    brand: visit.survey.companyName,
    nonce: req.nonce,
    lang: r.language,
    ui: uiTexts(def, r.language),
    theme: def.theme,
    intro: position === 1 ? pipeText(def.intro, def, all, r) : '',
    page: {
      ...page,
      title: pipeText(page.title, def, all, r),
      intro: pipeText(page.intro, def, all, r),
      questions: asked.map((q) => pipeQuestion(q, def, all, r)),
    },
    conditional,
    logic: logicData(page, new Set(conditional.keys()), before, r),
    progress: total > 1 ? { n: position, total } : null,
    fields: { values, errors: req.errors ?? [], seed: visit.seed, ui: uiTexts(def, r.language) },
    notice: req.notice,
    state: req.state,
    canBack: position > 1,
    canStop: def.allowStop !== false && total > 1,
    last: ahead === 0,
    languages,
    preview: visit.preview,
  };
}
