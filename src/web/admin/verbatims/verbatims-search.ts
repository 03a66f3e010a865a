/** The verbatim explorer's query as the address keeps it, so that a view can be shared. */

export const FILTER_KEYS = ['theme', 'topic', 'sentiment', 'band', 'segment', 'touchPoint', 'account', 'unit', 'kind'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface VerbatimsSearch {
  q?: string | undefined;
  theme?: string | undefined;
  topic?: string | undefined;
  sentiment?: 'negative' | 'neutral' | 'positive' | undefined;
  band?: 'detractor' | 'passive' | 'promoter' | undefined;
  segment?: string | undefined;
  touchPoint?: string | undefined;
  account?: string | undefined;
  unit?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
const BANDS = ['detractor', 'passive', 'promoter'] as const;

const text = (v: unknown, max = 200) => (typeof v === 'string' && v.trim().length > 0 && v.length <= max ? v : undefined);
const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list.includes(v as T) ? (v as T) : undefined);

/** The search part of the address, cleaned: unknown keys and malformed values are dropped. */
export function validateVerbatimsSearch(search: Record<string, unknown>): VerbatimsSearch {
  const out: VerbatimsSearch = {
    q: text(search['q'], 500),
    theme: text(search['theme']),
    topic: text(search['topic']),
    sentiment: oneOf(SENTIMENTS, search['sentiment']),
    band: oneOf(BANDS, search['band']),
    segment: text(search['segment']),
    touchPoint: text(search['touchPoint']),
    account: text(search['account']),
    unit: text(search['unit']),
    kind: text(search['kind'], 40),
    from: day(search['from']),
    to: day(search['to']),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as VerbatimsSearch;
}
