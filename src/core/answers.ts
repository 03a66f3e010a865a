import type { Question, SurveyDefinition } from './survey-definition.ts';

/**
 * Validates a respondent's answers against a survey definition. Runs in the browser for instant
 * feedback and on the server as the authority. Input may come from a form post (strings) or JSON.
 */

export type AnswerValue = number | string;
export type Answers = Record<string, AnswerValue>;

export interface AnswerError {
  questionId: string;
  code: 'required' | 'out_of_range' | 'not_a_number' | 'too_long' | 'unknown_question' | 'wrong_type';
  message: string;
}

export type AnswerValidation =
  | { ok: true; answers: Answers }
  | { ok: false; errors: AnswerError[] };

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function validateOne(q: Question, raw: unknown): AnswerValue | AnswerError {
  switch (q.type) {
    case 'nps': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
      if (typeof raw !== 'number' && typeof raw !== 'string') {
        return { questionId: q.id, code: 'wrong_type', message: 'Choose a score from 0 to 10' };
      }
      if (!Number.isFinite(n)) {
        return { questionId: q.id, code: 'not_a_number', message: 'Choose a score from 0 to 10' };
      }
      if (!Number.isInteger(n) || n < 0 || n > 10) {
        return {
          questionId: q.id,
          code: 'out_of_range',
          message: `A score is a whole number from 0 to 10, not ${String(raw)}`,
        };
      }
      return n;
    }
    case 'text': {
      if (typeof raw !== 'string') {
        return { questionId: q.id, code: 'wrong_type', message: 'Answer with text' };
      }
      const text = raw.trim();
      if (text.length > q.maxLength) {
        return {
          questionId: q.id,
          code: 'too_long',
          message: `Keep the answer under ${q.maxLength} characters (it has ${text.length})`,
        };
      }
      return text;
    }
  }
}

/** Checks every answer; returns the cleaned answers or every error found. */
export function validateAnswers(def: SurveyDefinition, raw: Readonly<Record<string, unknown>>): AnswerValidation {
  const errors: AnswerError[] = [];
  const answers: Answers = {};
  const known = new Set(def.questions.map((q) => q.id));
  for (const id of Object.keys(raw)) {
    if (!known.has(id)) {
      errors.push({ questionId: id, code: 'unknown_question', message: `This survey has no question "${id}"` });
    }
  }
  for (const q of def.questions) {
    const value = raw[q.id];
    if (isBlank(value)) {
      if (q.required) errors.push({ questionId: q.id, code: 'required', message: 'Please answer this question' });
      continue;
    }
    const result = validateOne(q, value);
    if (typeof result === 'object') errors.push(result);
    else answers[q.id] = result;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}
