/** New questions, changes of type and copies: the builder's pure operations on one question. */
import type { Question, QuestionType, Scale } from '../../../core/survey-definition.ts';

export interface TypeInfo {
  type: QuestionType;
  label: string;
  group: 'Scores' | 'Choices' | 'Open answers' | 'Other';
  /** The id a new question of this type starts from. */
  idBase: string;
}

/** Every type the builder offers, in the order of its menus. */
export const QUESTION_TYPES: readonly TypeInfo[] = [
  { type: 'nps', label: 'NPS (0–10)', group: 'Scores', idBase: 'nps' },
  { type: 'csat', label: 'CSAT (1–5)', group: 'Scores', idBase: 'csat' },
  { type: 'ces', label: 'Customer effort (1–7)', group: 'Scores', idBase: 'ces' },
  { type: 'rating', label: 'Rating scale', group: 'Scores', idBase: 'rating' },
  { type: 'matrix', label: 'Matrix (rows on one scale)', group: 'Scores', idBase: 'matrix' },
  { type: 'gap', label: 'Expectation and experience', group: 'Scores', idBase: 'gap' },
  { type: 'single', label: 'Single choice', group: 'Choices', idBase: 'choice' },
  { type: 'multi', label: 'Multiple choice', group: 'Choices', idBase: 'choices' },
  { type: 'dropdown', label: 'Dropdown', group: 'Choices', idBase: 'dropdown' },
  { type: 'ranking', label: 'Ranking', group: 'Choices', idBase: 'ranking' },
  { type: 'text', label: 'Free text', group: 'Open answers', idBase: 'comment' },
  { type: 'number', label: 'Number', group: 'Open answers', idBase: 'number' },
  { type: 'date', label: 'Date', group: 'Open answers', idBase: 'date' },
  { type: 'email', label: 'E-mail address', group: 'Open answers', idBase: 'email' },
  { type: 'consent', label: 'Consent (a box to tick)', group: 'Other', idBase: 'consent' },
  { type: 'hidden', label: 'Hidden field (from the link)', group: 'Other', idBase: 'source' },
];

export const TYPE_GROUPS = ['Scores', 'Choices', 'Open answers', 'Other'] as const;

export function typeInfo(type: QuestionType): TypeInfo {
  const info = QUESTION_TYPES.find((t) => t.type === type);
  if (!info) throw new Error(`unknown question type ${type}`);
  return info;
}

/** The first free id from a base: base, base_2, base_3 … (ids are at most 40 characters). */
export function freeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const b = base.slice(0, 36);
  if (!used.has(b)) return b;
  for (let i = 2; ; i++) {
    const id = `${b}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** An id made from a text ("E-mail" → "e_mail"), as question ids must be: a–z, 0–9 and _. */
export function idFromText(text: string, fallback: string): string {
  const id = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30)
    .replace(/_+$/, '');
  if (!id) return fallback;
  return /^[a-z]/.test(id) ? id : `o_${id}`;
}

const TEXTS: Record<QuestionType, string> = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  csat: 'How satisfied are you with our service?',
  ces: 'The company made it easy for me to handle my issue.',
  rating: 'How would you rate …?',
  matrix: 'How would you rate us on each of these?',
  gap: 'Answering your questions quickly',
  single: 'Which of these fits best?',
  multi: 'Which of these apply?',
  dropdown: 'Which one?',
  ranking: 'Put these in order of importance to you',
  text: 'What is the main reason for your score?',
  number: 'How many …?',
  date: 'When did it happen?',
  email: 'Your e-mail address, if we may reply',
  consent: 'I agree that you contact me about my answers.',
  hidden: 'Where the link was sent (from ?source=… in the link)',
};

const options = (...texts: string[]) => texts.map((text, i) => ({ id: idFromText(text, `option_${i + 1}`), text }));

/** A new question of a type with sensible defaults, and an id not yet used. */
export function newQuestion(type: QuestionType, questions: readonly Question[]): Question {
  const id = freeId(typeInfo(type).idBase, questions.map((q) => q.id));
  const text = type === 'text' && questions.some((q) => q.type === 'text') ? 'Is there anything else you would like to tell us?' : TEXTS[type];
  const base = { id, text, required: false };
  switch (type) {
    case 'nps':
      return { ...base, type, required: true, lowLabel: 'Not at all likely', highLabel: 'Extremely likely' };
    case 'csat':
      return { ...base, type, lowLabel: 'Very dissatisfied', highLabel: 'Very satisfied' };
    case 'ces':
      return { ...base, type, lowLabel: 'Strongly disagree', highLabel: 'Strongly agree' };
    case 'rating':
      return { ...base, type, min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' };
    case 'matrix':
      return { ...base, type, rows: options('Speed', 'Friendliness'), scale: { min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' } };
    case 'gap':
      return {
        ...base,
        type,
        expectationText: 'How important is this to you?',
        experienceText: 'How well did we deliver it?',
        scale: { min: 1, max: 7, lowLabel: 'Not at all', highLabel: 'Extremely' },
      };
    case 'single':
    case 'dropdown':
      return { ...base, type, options: options('Yes', 'No'), allowOther: false };
    case 'multi':
      return { ...base, type, options: options('Price', 'Quality', 'Service'), allowOther: false };
    case 'ranking':
      return { ...base, type, options: options('Price', 'Quality', 'Speed') };
    case 'text':
      return { ...base, type, multiline: true, maxLength: 2_000 };
    case 'number':
      return { ...base, type, integer: false };
    case 'date':
    case 'email':
    case 'consent':
      return { ...base, type };
    case 'hidden':
      return { ...base, type };
  }
}

function isGeneratedId(q: Question): boolean {
  return new RegExp(`^${typeInfo(q.type).idBase}(_\\d+)?$`).test(q.id);
}

type Shared = Pick<Question, 'id' | 'text' | 'help' | 'required' | 'touchPoints'>;

/** The same question as another type: wording, help, required and touch points stay, and so do options or a scale the new type has too. */
export function changeType(q: Question, type: QuestionType, questions: readonly Question[]): Question {
  if (q.type === type) return q;
  const fresh = newQuestion(type, questions.filter((x) => x !== q));
  const id = isGeneratedId(q) ? fresh.id : q.id;
  const shared: Shared = { id, text: q.type === 'hidden' || !q.text.trim() ? fresh.text : q.text, required: type === 'hidden' ? false : q.required };
  if (q.help !== undefined) shared.help = q.help;
  if (q.touchPoints !== undefined) shared.touchPoints = q.touchPoints;
  const next = { ...fresh, ...shared } as Question;
  const oldOptions = 'options' in q ? q.options : q.type === 'matrix' ? q.rows.map((r) => ({ id: r.id, text: r.text })) : undefined;
  if (oldOptions && 'options' in next) next.options = oldOptions;
  if (oldOptions && next.type === 'matrix') next.rows = oldOptions;
  if ('allowOther' in q && 'allowOther' in next) next.allowOther = q.allowOther;
  const oldScale: Scale | undefined = 'scale' in q ? q.scale : q.type === 'rating' ? { min: q.min, max: q.max, lowLabel: q.lowLabel, highLabel: q.highLabel } : undefined;
  if (oldScale && 'scale' in next) next.scale = oldScale;
  if (oldScale && next.type === 'rating') Object.assign(next, oldScale);
  return next;
}

/** A copy of a question with the next free id after its own (nps → nps_2). */
export function duplicateQuestion(q: Question, questions: readonly Question[]): Question {
  const copy = structuredClone(q);
  copy.id = freeId(q.id.replace(/_\d+$/, ''), questions.map((x) => x.id));
  return copy;
}
