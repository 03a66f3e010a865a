import { storedKeys } from './answer-keys.ts';
import { comparisonsOf, type Condition } from './conditions.ts';
import { pagesOf } from './logic.ts';
import { OTHER } from './patterns.ts';
import type { Question, SurveyDefinition } from './survey-definition.ts';
import { textEntries, UI_KEYS } from './texts.ts';

/**
 * The rules of a definition that no single field's schema can say: unique ids, every question on
 * one page, branches that lead forward, conditions that refer only to what is already known when
 * they are evaluated, and translations of texts that exist.
 */

type Issue = (path: (string | number)[], message: string) => void;

function checkUnique(ids: readonly string[], what: string, path: (string | number)[], issue: Issue): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issue([...path, i, 'id'], `${what} id "${id}" is used twice`);
    seen.add(id);
  });
}

/** The rules across fields of one question. */
function checkQuestion(q: Question, issue: Issue): void {
  switch (q.type) {
    case 'rating':
      if (q.max < q.min + 1) issue(['max'], `The scale needs at least two points: make max at least ${q.min + 1}`);
      break;
    case 'matrix':
    case 'gap':
      if (q.scale.max < q.scale.min + 1) issue(['scale', 'max'], `The scale needs at least two points: make max at least ${q.scale.min + 1}`);
      if (q.type === 'matrix') checkUnique(q.rows.map((r) => r.id), 'Row', ['rows'], issue);
      break;
    case 'single':
    case 'multi':
    case 'dropdown':
    case 'ranking': {
      checkUnique(q.options.map((o) => o.id), 'Option', ['options'], issue);
      if (q.type !== 'ranking' && q.allowOther) {
        const i = q.options.findIndex((o) => o.id === OTHER);
        if (i >= 0) issue(['options', i, 'id'], `"${OTHER}" is kept for the "Other" answer; give this option another id`);
      }
      if (q.type === 'multi') {
        const choices = q.options.length + (q.allowOther ? 1 : 0);
        if (q.minSelected !== undefined && q.minSelected > choices) issue(['minSelected'], `There are only ${choices} options to choose`);
        if (q.maxSelected !== undefined && q.maxSelected > choices) issue(['maxSelected'], `There are only ${choices} options to choose`);
        if (q.minSelected !== undefined && q.maxSelected !== undefined && q.minSelected > q.maxSelected) {
          issue(['maxSelected'], 'The maximum must not be below the minimum');
        }
      }
      break;
    }
    case 'number':
    case 'date':
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) issue(['max'], 'The maximum must not be below the minimum');
      break;
    default:
      break;
  }
  if (q.type === 'hidden' && (q.showIf || q.audiences || q.prefill)) issue(['type'], 'A hidden field is never shown: it takes no condition, audience or prefill');
}

function checkPages(def: SurveyDefinition, issue: Issue): void {
  if (!def.pages) return;
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const placed = new Map<string, number>();
  def.pages.forEach((page, pi) => {
    page.questions.forEach((id, qi) => {
      const q = byId.get(id);
      if (!q) issue(['pages', pi, 'questions', qi], `There is no question "${id}"`);
      else if (q.type === 'hidden') issue(['pages', pi, 'questions', qi], `"${id}" is a hidden field, which is never shown on a page`);
      else if (placed.has(id)) issue(['pages', pi, 'questions', qi], `Question "${id}" is on page ${(placed.get(id) ?? 0) + 1} already`);
      else placed.set(id, pi);
    });
  });
  def.questions.forEach((q, i) => {
    if (q.type !== 'hidden' && !placed.has(q.id)) issue(['questions', i, 'id'], `Put question "${q.id}" on a page`);
  });
  checkUnique(def.pages.map((p) => p.id), 'Page', ['pages'], issue);
}

/** Checks the answer references of a condition: known keys, asked before `allowed` says, option ids that exist. */
function checkCondition(cond: Condition, path: (string | number)[], def: SurveyDefinition, allowed: (questionId: string) => boolean, issue: Issue): void {
  for (const c of comparisonsOf(cond)) {
    if (!c.ref.startsWith('answer:')) continue;
    const key = c.ref.slice('answer:'.length);
    const q = def.questions.find((x) => storedKeys(x).includes(key));
    if (!q) {
      issue(path, `There is no answer "${key}" to refer to`);
      continue;
    }
    if (q.type !== 'hidden' && !allowed(q.id)) {
      issue(path, `"${key}" is not answered yet where this condition is checked; refer only to earlier questions`);
      continue;
    }
    if ((q.type === 'single' || q.type === 'multi' || q.type === 'dropdown') && key === q.id && (c.op === 'equals' || c.op === 'notEquals' || c.op === 'in' || c.op === 'notIn')) {
      const ids = new Set([...q.options.map((o) => o.id), ...(q.allowOther ? [OTHER] : [])]);
      const values = Array.isArray(c.value) ? c.value : [c.value];
      const bad = values.find((v) => typeof v !== 'string' || !ids.has(v));
      if (bad !== undefined) issue(path, `Question "${q.id}" has no option "${String(bad)}"`);
    }
  }
}

function checkLogic(def: SurveyDefinition, issue: Issue): void {
  const pages = pagesOf(def);
  // Where each question is shown: its page, and its place on the page.
  const at = new Map<string, [page: number, place: number]>();
  pages.forEach((p, pi) => p.questions.forEach((q, qi) => at.set(q.id, [pi, qi])));
  const before = (id: string, page: number, place: number) => {
    const pos = at.get(id);
    return pos !== undefined && (pos[0] < page || (pos[0] === page && pos[1] < place));
  };
  const endings = def.endings ?? [];
  const endingIds = new Set(endings.map((e) => e.id));
  def.questions.forEach((q, i) => {
    const pos = at.get(q.id);
    if (q.showIf && pos) checkCondition(q.showIf, ['questions', i, 'showIf'], def, (id) => before(id, pos[0], pos[1]), issue);
  });
  (def.pages ?? []).forEach((page, pi) => {
    if (page.showIf) checkCondition(page.showIf, ['pages', pi, 'showIf'], def, (id) => before(id, pi, 0), issue);
    page.branches.forEach((b, bi) => {
      checkCondition(b.if, ['pages', pi, 'branches', bi, 'if'], def, (id) => before(id, pi + 1, 0), issue);
      const target = pages.findIndex((p) => p.id === b.to);
      if (!endingIds.has(b.to) && target <= pi) {
        issue(['pages', pi, 'branches', bi, 'to'], target < 0 ? `There is no page or ending "${b.to}"` : `A branch leads forward: "${b.to}" does not come after this page`);
      }
    });
  });
  checkUnique(endings.map((e) => e.id), 'Ending', ['endings'], issue);
  endings.forEach((e, i) => {
    if (pages.some((p) => p.id === e.id)) issue(['endings', i, 'id'], `"${e.id}" names a page too; give the ending another id`);
    if (e.showIf) checkCondition(e.showIf, ['endings', i, 'showIf'], def, () => true, issue);
  });
}

const PIPED_ANSWER = /\{\{\s*answer:([a-z0-9_.]+)/g;

function checkTexts(def: SurveyDefinition, issue: Issue): void {
  const entries = textEntries(def);
  const paths = new Set(entries.map(([p]) => p));
  const keys = new Set(def.questions.flatMap(storedKeys));
  for (const [path, text] of entries) {
    for (const m of text.matchAll(PIPED_ANSWER)) {
      if (!keys.has(m[1] ?? '')) issue(['texts', path], `"${path}" pipes in "${m[1] ?? ''}", which is no answer of this survey`);
    }
  }
  const known = (path: string, allowAudience: boolean): boolean => {
    if (path.startsWith('ui.')) return (UI_KEYS as readonly string[]).includes(path.slice(3));
    if (allowAudience && path.startsWith('@')) return known(path.slice(path.indexOf('/') + 1), false);
    return paths.has(path);
  };
  for (const [language, texts] of Object.entries(def.translations ?? {})) {
    for (const path of Object.keys(texts)) {
      if (!known(path, true)) issue(['translations', language, path], `There is no text at "${path}" to translate`);
    }
  }
  for (const [audience, texts] of Object.entries(def.variants ?? {})) {
    for (const path of Object.keys(texts)) {
      if (!paths.has(path)) issue(['variants', audience, path], `There is no text at "${path}" to word for ${audience}`);
    }
  }
}

/** WCAG contrast of a #rrggbb colour against white, which buttons and chosen answers print on it. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** Every cross-field rule of a definition; each problem is reported through `issue` with its path. */
export function checkDefinition(def: SurveyDefinition, issue: Issue): void {
  checkUnique(def.questions.map((q) => q.id), 'Question', ['questions'], issue);
  def.questions.forEach((q, i) => checkQuestion(q, (path, message) => issue(['questions', i, ...path], message)));
  checkPages(def, issue);
  checkLogic(def, issue);
  checkTexts(def, issue);
  const color = def.theme?.color;
  if (color && contrastWithWhite(color) < 4.5) {
    issue(['theme', 'color'], `White text on ${color} is hard to read (contrast ${contrastWithWhite(color).toFixed(1)}:1, at least 4.5:1 needed); choose a darker colour`);
  }
}
