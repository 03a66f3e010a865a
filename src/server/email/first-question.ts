import { knownAnswers } from '../../core/answers.ts';
import { isQuestionShown, nextStep, type Respondent } from '../../core/logic.ts';
import type { CsatQuestion, NpsQuestion, SurveyDefinition } from '../../core/survey-definition.ts';
import { localize, pipeText } from '../../core/texts.ts';

/**
 * The question an invitation asks inside the email: the survey's first shown question, when it is an
 * NPS (0–10) or CSAT (1–5) question. Each number in the email links to the survey with `?pick=<n>`,
 * and the survey's first page opens with that answer chosen, so the respondent confirms in one tap.
 */

export interface EmailQuestion {
  id: string;
  type: 'nps' | 'csat';
  /** The question's text, localized and piped for the respondent. */
  text: string;
  lowLabel: string;
  highLabel: string;
  min: number;
  max: number;
}

/** The respondent's first page's first shown question, if it is one the email can ask; else null. */
export function emailQuestionOf(def: SurveyDefinition, r: Respondent): EmailQuestion | null {
  const shown = localize(def, r.language, r.audience);
  const known = knownAnswers(shown, r);
  const step = nextStep(shown, -1, known.answers, r, known.ids);
  if (!('page' in step)) return null;
  const first = step.page.questions.find((q) => isQuestionShown(q, known.answers, r, known.ids));
  if (!first || (first.type !== 'nps' && first.type !== 'csat')) return null;
  const q: NpsQuestion | CsatQuestion = first;
  const [min, max] = q.type === 'nps' ? [0, 10] : [1, 5];
  return { id: q.id, type: q.type, text: pipeText(q.text, shown, known.answers, r), lowLabel: q.lowLabel, highLabel: q.highLabel, min, max };
}

/** A picked value for the email's question, or null when it is not a whole number on its scale. */
export function pickedValue(q: EmailQuestion, raw: string | undefined): number | null {
  if (raw === undefined || !/^\d{1,2}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= q.min && n <= q.max ? n : null;
}
