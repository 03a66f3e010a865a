import { z } from 'zod';
import { listJudgedItems, rescaleToHundred } from './scale-items.ts';
import type { SurveyDefinition } from './survey-definition.ts';

/**
 * The summary index: a weighted mean of several items, each rescaled to 0–100 first,
 * (v − min) / (max − min) · 100, so a 0–10 recommendation and a 1–5 rating count alike. An item a
 * respondent did not answer (or answered "not applicable") leaves the mean over the others: the
 * weights of the answered items are renormalised. A composite index of this kind is how relationship
 * programmes score accounts (e.g. the ACSI's 0–100 indexes; weights are the programme's choice).
 */

export const SummaryIndexItemSchema = z
  .object({
    key: z.string().min(1).max(200),
    weight: z.number().positive().max(1000),
    min: z.number().finite(),
    max: z.number().finite(),
  })
  .refine((i) => i.max > i.min, { message: 'An item’s max must be above its min', path: ['max'] });

export const SummaryIndexSchema = z.object({ items: z.array(SummaryIndexItemSchema).min(1).max(50) });
export type SummaryIndex = z.infer<typeof SummaryIndexSchema>;
export type SummaryIndexItem = SummaryIndex['items'][number];

const rescale = (item: SummaryIndexItem, v: number) => rescaleToHundred(v, item);

function weightedMean(parts: Iterable<[weight: number, value: number]>): number | null {
  let w = 0;
  let total = 0;
  for (const [weight, value] of parts) {
    w += weight;
    total += weight * value;
  }
  return w === 0 ? null : total / w;
}

/** One response's index: the weighted mean of its answered items on 0–100; null when none is answered. */
export function indexOfAnswers(index: SummaryIndex, answers: Readonly<Record<string, unknown>>): number | null {
  function* parts(): Generator<[number, number]> {
    for (const item of index.items) {
      const v = answers[item.key];
      if (typeof v === 'number' && Number.isFinite(v)) yield [item.weight, rescale(item, v)];
    }
  }
  return weightedMean(parts());
}

/**
 * The index from item means (as rollups give them): the weighted mean of the rescaled means of the
 * items with answers. Equal to the mean of indexOfAnswers only when every response answered every
 * item; with gaps, it weights each item by its own answers — say which one a screen shows.
 */
export function indexOfMeans(index: SummaryIndex, means: Readonly<Record<string, { mean: number | null; n: number }>>): number | null {
  function* parts(): Generator<[number, number]> {
    for (const item of index.items) {
      const m = means[item.key];
      if (m && m.n > 0 && m.mean !== null) yield [item.weight, rescale(item, m.mean)];
    }
  }
  return weightedMean(parts());
}

/** A starting index for a survey: every answer that judges the company, weight 1, on its own scale. */
export function defaultSummaryIndex(def: SurveyDefinition): SummaryIndex | null {
  // Of a gap pair only the experience counts: the expectation is not a judgement of the company.
  const items = listJudgedItems(def).map((i) => ({ key: i.key, weight: 1, min: i.scale.min, max: i.scale.max }));
  return items.length === 0 ? null : { items };
}
