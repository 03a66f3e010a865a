import type { Question, SurveyDefinition } from './survey-definition.ts';

/**
 * How long a survey takes: an estimate from the question types, shown while building so that a survey
 * does not become a bad experience itself (PRODUCT.md: "keep them brief").
 *
 * The figures are seconds of a typical respondent on a phone, reading the question and answering it.
 * They are deliberately round and rest on three published observations rather than on one study:
 * - Silent reading runs at about 240 words a minute (Brysbaert 2019, "How many words do we read per
 *   minute?", a meta-analysis: 238 wpm for non-fiction), so a CX question of 10–15 words takes 3–4 s
 *   to read; a tap on a familiar scale adds 1–2 s. Hence 5 s for a scale question.
 * - Pew Research Center budgets its online panel by question format (Pew "Decoded", 2022, "How we keep
 *   our online surveys from running too long"): an ordinary stand-alone question about 10 s, an item of
 *   a battery less, an open-ended question much more. Their questions are longer opinion items than
 *   ours, so our closed questions sit below their 10 s, and an open comment at 25 s.
 * - Market-research practice counts a grid of short rows on a 5-point scale at about 10 rows a minute
 *   (6 s) and plain questions at three a minute; a matrix row here is a short statement on a scale
 *   already read: 4 s. Each option to read adds about 1 s.
 * Hidden fields take no time. The intro and thank-you are not counted.
 */
export const SECONDS = {
  /** nps, csat, ces and rating: read, tap. */
  scale: 5,
  /** A matrix: reading the scale once, then each row. */
  matrixBase: 3,
  matrixRow: 4,
  /** Gap: one statement, asked on the scale twice. */
  gap: 10,
  /** single and dropdown: reading the question, then each option. */
  choiceBase: 3,
  choiceOption: 1,
  /** multi: the same, and weighing each option rather than stopping at the first that fits. */
  multiBase: 4,
  multiOption: 1.5,
  /** ranking: every option has to be placed against the others. */
  rankingBase: 4,
  rankingOption: 3,
  /** text: a comment box; one line is a name or a word. */
  textMultiline: 25,
  textLine: 10,
  number: 6,
  date: 8,
  email: 8,
  consent: 4,
  hidden: 0,
} as const;

/** The estimated seconds of one question (see SECONDS for the figures and their reasons). */
export function questionSeconds(q: Question): number {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return SECONDS.scale;
    case 'matrix':
      return SECONDS.matrixBase + SECONDS.matrixRow * q.rows.length;
    case 'gap':
      return SECONDS.gap;
    case 'single':
    case 'dropdown':
      return SECONDS.choiceBase + SECONDS.choiceOption * (q.options.length + (q.allowOther ? 1 : 0));
    case 'multi':
      return SECONDS.multiBase + SECONDS.multiOption * (q.options.length + (q.allowOther ? 1 : 0));
    case 'ranking':
      return SECONDS.rankingBase + SECONDS.rankingOption * q.options.length;
    case 'text':
      return q.multiline ? SECONDS.textMultiline : SECONDS.textLine;
    case 'number':
      return SECONDS.number;
    case 'date':
      return SECONDS.date;
    case 'email':
      return SECONDS.email;
    case 'consent':
      return SECONDS.consent;
    case 'hidden':
      return SECONDS.hidden;
  }
}

export interface Brevity {
  /** Questions the respondent sees (hidden fields are not asked). */
  questions: number;
  /** Estimated completion time, whole seconds (rounded up). */
  seconds: number;
  /** The estimate of each question, in the definition's order. */
  perQuestion: { id: string; seconds: number }[];
}

/** The estimated completion time and number of asked questions of a definition. */
export function estimateBrevity(def: Pick<SurveyDefinition, 'questions'>): Brevity {
  const perQuestion = def.questions.map((q) => ({ id: q.id, seconds: questionSeconds(q) }));
  const total = perQuestion.reduce((sum, q) => sum + q.seconds, 0);
  return { questions: def.questions.filter((q) => q.type !== 'hidden').length, seconds: Math.ceil(total), perQuestion };
}

/**
 * How long a survey of a kind should take at most, in seconds. A transactional survey follows one
 * encounter and should be done in about a minute; pulses likewise; relationship and employee surveys
 * may take longer, but past ten minutes completion drops sharply.
 */
export function brevityLimit(kind: string): number {
  return kind === 'transactional' || kind === 'pulse' ? 60 : 600;
}

/** "45 s", "1 min 20 s", "12 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const min = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 || min >= 10 ? `${min} min` : `${min} min ${s} s`;
}

/** A warning when the estimate exceeds the limit of the survey's kind, or undefined. */
export function brevityWarning(kind: string, brevity: Brevity): string | undefined {
  const limit = brevityLimit(kind);
  if (brevity.seconds <= limit) return undefined;
  return `This ${kind} survey takes about ${formatDuration(brevity.seconds)}; keep it under ${formatDuration(limit)}, or fewer people finish it. Ask only what you do not know already.`;
}
