import { OTHER } from './patterns.ts';
import type { Question, Scale, SurveyDefinition } from './survey-definition.ts';

/**
 * Where each question's answer lives in the flat answers object of a response. Ids cannot contain a
 * dot, so derived keys ("<question>.<row>", "<question>.other", ...) never clash with a question id.
 */

/** The stored answer of a scale part the respondent marked "not applicable" (where the question offers it). */
export const NOT_APPLICABLE = 'na';

/** The questions that may offer "not applicable" beside their scale. */
export type NotApplicableQuestion = Extract<Question, { type: 'csat' | 'ces' | 'rating' | 'matrix' }>;

/** Whether a question offers "not applicable" beside its scale. */
export function offersNotApplicable(q: Question): q is NotApplicableQuestion {
  return (q.type === 'csat' || q.type === 'ces' || q.type === 'rating' || q.type === 'matrix') && q.notApplicable === true;
}

export type ScaleQuestion = Extract<Question, { type: 'nps' | 'csat' | 'ces' | 'rating' }>;

/** The scale of a scale question: NPS 0–10, CSAT 1–5, CES 1–7, a rating its own. */
export function scaleOf(q: ScaleQuestion): Scale {
  switch (q.type) {
    case 'nps':
      return { min: 0, max: 10, lowLabel: q.lowLabel, highLabel: q.highLabel };
    case 'csat':
      return { min: 1, max: 5, lowLabel: q.lowLabel, highLabel: q.highLabel };
    case 'ces':
      return { min: 1, max: 7, lowLabel: q.lowLabel, highLabel: q.highLabel };
    case 'rating':
      return { min: q.min, max: q.max, lowLabel: q.lowLabel, highLabel: q.highLabel };
  }
}

export function isScaleQuestion(q: Question): q is ScaleQuestion {
  return q.type === 'nps' || q.type === 'csat' || q.type === 'ces' || q.type === 'rating';
}

/** The key of a derived part of a question's answer: "<question>.<part>". */
export function partKey(questionId: string, part: string): string {
  return `${questionId}.${part}`;
}

/** The keys under which a question's answer is scored on a scale (one number each). */
export function scaleKeys(q: Question): string[] {
  if (isScaleQuestion(q)) return [q.id];
  if (q.type === 'matrix') return q.rows.map((r) => partKey(q.id, r.id));
  if (q.type === 'gap') return [partKey(q.id, 'expectation'), partKey(q.id, 'experience')];
  return [];
}

/** Every key a question may store in a response. */
export function storedKeys(q: Question): string[] {
  switch (q.type) {
    case 'matrix':
    case 'gap':
      return scaleKeys(q);
    case 'single':
    case 'multi':
    case 'dropdown':
      return q.allowOther ? [q.id, partKey(q.id, OTHER)] : [q.id];
    default:
      return [q.id];
  }
}

/** The keys of a definition whose answers the daily rollup histograms: every scale answer, never free numbers. */
export function rollupKeys(def: SurveyDefinition): string[] {
  return def.questions.flatMap(scaleKeys);
}

