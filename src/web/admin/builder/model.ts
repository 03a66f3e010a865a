/** Pure editing operations of the survey builder. */
import type { NpsQuestion, Question, SurveyDefinition, TextQuestion } from '../../../core/survey-definition.ts';
import type { FieldIssue } from '../api.ts';
import { SLUG, SLUG_MESSAGE } from '../../../contract/patterns.ts';
import { QUESTION_ID, QUESTION_ID_MESSAGE } from '../../../core/patterns.ts';

export type { NpsQuestion, Question, SurveyDefinition, TextQuestion };
/** The types the builder can add so far (nps and text); surveys made through the API may hold every type. */
export type QuestionType = Extract<Question['type'], 'nps' | 'text'>;


const ID_BASE: Record<QuestionType, string> = { nps: 'nps', text: 'comment' };

export interface Draft {
  title: string;
  slug: string;
  definition: SurveyDefinition;
}

/** The first free id for a type: nps, nps_2, … or comment, comment_2, … */
export function nextQuestionId(type: QuestionType, questions: readonly Question[]): string {
  const taken = new Set(questions.map((q) => q.id));
  const base = ID_BASE[type];
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Whether an id looks generated for its type (so it may follow the type when that changes). */
function isGeneratedId(q: Question): boolean {
  return (q.type === 'nps' || q.type === 'text') && new RegExp(`^${ID_BASE[q.type]}(_\\d+)?$`).test(q.id);
}

export function newQuestion(type: QuestionType, questions: readonly Question[]): Question {
  const id = nextQuestionId(type, questions);
  if (type === 'nps') {
    const q: NpsQuestion = {
      id,
      type: 'nps',
      text: 'How likely are you to recommend us to a friend or colleague?',
      required: true,
      lowLabel: 'Not at all likely',
      highLabel: 'Extremely likely',
    };
    return q;
  }
  const q: TextQuestion = {
    id,
    type: 'text',
    text: questions.some((x) => x.type === 'text') ? 'Is there anything else you would like to tell us?' : 'What is the main reason for your score?',
    required: false,
    multiline: true,
    maxLength: 2_000,
  };
  return q;
}

/** The same question as another type, keeping its wording and whether it is required. */
export function changeType(q: Question, type: QuestionType, questions: readonly Question[]): Question {
  if (q.type === type) return q;
  const others = questions.filter((x) => x !== q);
  const id = isGeneratedId(q) ? nextQuestionId(type, others) : q.id;
  const base = { id, text: q.text, required: q.required, ...(q.help !== undefined ? { help: q.help } : {}) };
  if (type === 'nps') return { ...base, type: 'nps', lowLabel: 'Not at all likely', highLabel: 'Extremely likely' };
  return { ...base, type: 'text', multiline: true, maxLength: 2_000 };
}

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

/** Checks what the server would reject, with the same paths, so problems show before saving. */
export function validateDraft(draft: Draft): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!draft.title.trim()) issues.push({ path: 'title', message: 'Give the survey a title' });
  if (!SLUG.test(draft.slug.trim())) issues.push({ path: 'slug', message: SLUG_MESSAGE });
  if (draft.definition.questions.length === 0) issues.push({ path: 'definition.questions', message: 'Add at least one question' });
  const seen = new Set<string>();
  draft.definition.questions.forEach((q, i) => {
    const p = `definition.questions.${i}`;
    if (!QUESTION_ID.test(q.id)) issues.push({ path: `${p}.id`, message: QUESTION_ID_MESSAGE });
    else if (seen.has(q.id)) issues.push({ path: `${p}.id`, message: `Question id "${q.id}" is used twice` });
    seen.add(q.id);
    if (!q.text.trim() && q.type !== 'hidden') issues.push({ path: `${p}.text`, message: 'Write the question' });
    else if (q.text.trim().length > 500) issues.push({ path: `${p}.text`, message: 'Keep the question under 500 characters' });
    if (q.type === 'nps') {
      if (q.lowLabel.trim().length > 60) issues.push({ path: `${p}.lowLabel`, message: 'Keep the label under 60 characters' });
      if (q.highLabel.trim().length > 60) issues.push({ path: `${p}.highLabel`, message: 'Keep the label under 60 characters' });
    }
  });
  if (draft.definition.intro.trim().length > 2_000) issues.push({ path: 'definition.intro', message: 'Keep the introduction under 2,000 characters' });
  if (draft.definition.thankYou.trim().length > 2_000) issues.push({ path: 'definition.thankYou', message: 'Keep the thank-you text under 2,000 characters' });
  return issues;
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
