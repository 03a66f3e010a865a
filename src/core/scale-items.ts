import { isScaleQuestion, partKey, scaleOf } from './answer-keys.ts';
import type { DriverValue } from './drivers.ts';
import type { Question, SurveyDefinition } from './survey-definition.ts';

/**
 * The scored items of a survey — every answer key that holds a number on a scale — with their scale
 * and touch points, for driver analysis and the corridor view. A matrix row carries its own touch
 * points and the question's; a gap question gives two items, its expectation and its experience.
 */

export interface ScaleItem {
  key: string;
  questionId: string;
  /** The short name: the question, the matrix row, or the gap statement with its half. */
  label: string;
  /** What a report calls it in full: the question's text, with the matrix row or the gap half after a dash. */
  text: string;
  type: Question['type'];
  /** The metric it is read by: NPS, CSAT and CES for their questions, the mean for every other scale. */
  metric: 'nps' | 'csat' | 'ces' | 'mean';
  scale: { min: number; max: number };
  touchPoints: string[];
  /** 'expectation' and 'experience' are the two halves of a gap question; every other item is 'rating'. */
  part: 'rating' | 'expectation' | 'experience';
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** Every scored item of a definition, in question order. */
export function listScaleItems(def: SurveyDefinition): ScaleItem[] {
  const items: ScaleItem[] = [];
  for (const q of def.questions) {
    const own = q.touchPoints ?? [];
    if (isScaleQuestion(q)) {
      const { min, max } = scaleOf(q);
      const metric = q.type === 'rating' ? 'mean' : q.type;
      items.push({ key: q.id, questionId: q.id, label: q.text, text: q.text, type: q.type, metric, scale: { min, max }, touchPoints: own, part: 'rating' });
    } else if (q.type === 'matrix') {
      for (const row of q.rows) {
        items.push({ key: partKey(q.id, row.id), questionId: q.id, label: row.text, text: `${q.text} — ${row.text}`, type: q.type, metric: 'mean', scale: { min: q.scale.min, max: q.scale.max }, touchPoints: unique([...own, ...(row.touchPoints ?? [])]), part: 'rating' });
      }
    } else if (q.type === 'gap') {
      for (const part of ['expectation', 'experience'] as const) {
        const half = part === 'expectation' ? q.expectationText : q.experienceText;
        items.push({ key: partKey(q.id, part), questionId: q.id, label: `${q.text} (${part})`, text: `${q.text} — ${half}`, type: q.type, metric: 'mean', scale: { min: q.scale.min, max: q.scale.max }, touchPoints: own, part });
      }
    }
  }
  return items;
}

/** The items that judge the company: all but the expectation half of a gap question (what matters, not how we did). */
export function listJudgedItems(def: SurveyDefinition): ScaleItem[] {
  return listScaleItems(def).filter((i) => i.part !== 'expectation');
}

/** An answer as a score: a number, "na" for not applicable, null for anything else (unanswered). */
export function scoreOfAnswer(value: unknown): DriverValue {
  if (value === 'na') return 'na';
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** An item's answer rescaled to 0–100 on its scale. */
export function rescaleToHundred(value: number, scale: { min: number; max: number }): number {
  return ((value - scale.min) / (scale.max - scale.min)) * 100;
}

/**
 * A touch point's value in one response: the mean of its answered items, each rescaled to 0–100 so that
 * items on different scales can be averaged; "na" when every item given was not applicable; else null.
 */
export function touchPointScore(items: readonly ScaleItem[], answers: Readonly<Record<string, unknown>>): DriverValue {
  let total = 0;
  let n = 0;
  let na = false;
  for (const item of items) {
    const v = scoreOfAnswer(answers[item.key]);
    if (v === 'na') na = true;
    else if (typeof v === 'number') {
      total += rescaleToHundred(v, item.scale);
      n++;
    }
  }
  if (n > 0) return total / n;
  return na ? 'na' : null;
}

/** Items grouped by touch point key, in the order the touch points first appear. */
export function groupItemsByTouchPoint(items: readonly ScaleItem[]): Map<string, ScaleItem[]> {
  const groups = new Map<string, ScaleItem[]>();
  for (const item of items) for (const tp of item.touchPoints) groups.set(tp, [...(groups.get(tp) ?? []), item]);
  return groups;
}
