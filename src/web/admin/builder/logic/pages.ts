/** Pure operations on a definition's pages: placing questions, keeping pages in step with edits. */
import { pagesOf } from '../../../../core/logic.ts';
import type { Page, Question, SurveyDefinition } from '../../../../core/survey-definition.ts';
import { freeId } from '../question-factory.ts';

/** The questions asked before a question (by page order), and every hidden field. */
export function earlierQuestions(def: SurveyDefinition, questionId: string): Question[] {
  const order = pagesOf(def).flatMap((p) => p.questions.map((q) => q.id));
  const at = order.indexOf(questionId);
  const before = new Set(at < 0 ? order : order.slice(0, at));
  return def.questions.filter((q) => q.type === 'hidden' || before.has(q.id));
}

/** The questions of the pages before a page (and hidden fields); with `including`, the page's own too. */
export function questionsBeforePage(def: SurveyDefinition, pageIndex: number, including = false): Question[] {
  const ids = new Set(pagesOf(def).slice(0, pageIndex + (including ? 1 : 0)).flatMap((p) => p.questions.map((q) => q.id)));
  return def.questions.filter((q) => q.type === 'hidden' || ids.has(q.id));
}

export function pageOf(def: SurveyDefinition, questionId: string): string | undefined {
  return def.pages?.find((p) => p.questions.includes(questionId))?.id;
}

/** Moves a question to the end of another page. */
export function moveToPage(def: SurveyDefinition, questionId: string, pageId: string): SurveyDefinition {
  if (!def.pages) return def;
  return {
    ...def,
    pages: def.pages.map((p) => {
      const rest = p.questions.filter((id) => id !== questionId);
      return p.id === pageId ? { ...p, questions: [...rest, questionId] } : { ...p, questions: rest };
    }),
  };
}

export function newPage(def: SurveyDefinition, questions: string[] = []): Page {
  const id = freeId('page', [...(def.pages ?? []).map((p) => p.id), ...(def.endings ?? []).map((e) => e.id)]);
  return { id, title: '', intro: '', questions, branches: [] };
}

/** Puts every question on one first page, to split from there. */
export function splitIntoPages(def: SurveyDefinition): SurveyDefinition {
  const first = newPage(def, def.questions.filter((q) => q.type !== 'hidden').map((q) => q.id));
  return { ...def, pages: [{ ...first, id: 'page_1' }] };
}

/** Back to one page: the pages go, with their conditions and branches. */
export function joinPages(def: SurveyDefinition): SurveyDefinition {
  const { pages: _, ...rest } = def;
  return rest;
}

/**
 * Keeps the pages in step with an edit of the questions: a renamed id is renamed on its page, a
 * removed question (or one turned hidden) leaves its page, a new one joins the page of the question
 * before it (or the last page).
 */
export function syncPages(prev: readonly Question[], next: readonly Question[], pages: readonly Page[] | undefined): Page[] | undefined {
  if (!pages) return undefined;
  let out = pages.map((p) => ({ ...p, questions: [...p.questions] }));
  if (prev.length === next.length) {
    next.forEach((q, i) => {
      const old = prev[i];
      if (old && old.id !== q.id && !next.some((x) => x.id === old.id)) {
        out = out.map((p) => ({ ...p, questions: p.questions.map((id) => (id === old.id ? q.id : id)) }));
      }
    });
  }
  const shown = new Set(next.filter((q) => q.type !== 'hidden').map((q) => q.id));
  out = out.map((p) => ({ ...p, questions: p.questions.filter((id) => shown.has(id)) }));
  const placed = new Set(out.flatMap((p) => p.questions));
  next.forEach((q, i) => {
    if (q.type === 'hidden' || placed.has(q.id)) return;
    const before = next.slice(0, i).reverse().find((x) => placed.has(x.id));
    const target = (before && out.find((p) => p.questions.includes(before.id))) ?? out.at(-1);
    if (!target) return;
    const at = before ? target.questions.indexOf(before.id) + 1 : target.questions.length;
    target.questions.splice(at, 0, q.id);
    placed.add(q.id);
  });
  return out;
}
