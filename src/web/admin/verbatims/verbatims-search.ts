/**
 * The verbatim explorer's query as the address keeps it, so that a view can be shared. The keys are the
 * API's filter names; lists are comma-separated, as the API reads them.
 */
import type { VerbatimFilter } from '../../../contract/verbatims.ts';

export const LIST_KEYS = ['theme', 'topic', 'sentiment', 'band', 'touchPointId', 'kind'] as const;
export const ONE_KEYS = ['q', 'segment', 'accountId', 'unitId', 'surveyId', 'from', 'to'] as const;
export type ListKey = (typeof LIST_KEYS)[number];
export type OneKey = (typeof ONE_KEYS)[number];
export type FilterKey = ListKey | OneKey;

export type VerbatimsSearch = Partial<Record<FilterKey, string>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The search part of the address, cleaned: unknown keys, empty and malformed values are dropped. */
export function validateVerbatimsSearch(search: Record<string, unknown>): VerbatimsSearch {
  const out: VerbatimsSearch = {};
  for (const key of [...LIST_KEYS, ...ONE_KEYS]) {
    const v = search[key];
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2_000) continue;
    if ((key === 'from' || key === 'to') && !DAY.test(v)) continue;
    out[key] = v;
  }
  return out;
}

/** The values of a list filter. */
export function listOf(search: VerbatimsSearch, key: ListKey): string[] {
  return (search[key] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The list with `value` added, or removed when it was there; undefined when nothing is left. */
export function toggleIn(search: VerbatimsSearch, key: ListKey, value: string): string | undefined {
  const list = listOf(search, key);
  const next = list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
  return next.length ? next.join(',') : undefined;
}

/** The address's search as the API's filter (its query string, as strings). */
export function filterOf(search: VerbatimsSearch): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
}

/** Whether the search filters anything (an empty explorer shows everything). */
export function isFiltered(search: VerbatimsSearch): boolean {
  return Object.keys(filterOf(search)).length > 0;
}

export type { VerbatimFilter };
