import { INTERVALS, type Interval } from '../../../contract/analytics.ts';
import { METRIC_KINDS, type MetricKind } from '../../../core/metrics.ts';

/** The explorer's query as the address keeps it, so that a view can be shared. */
export interface ExplorerSearch {
  /** Survey ids, comma-separated. */
  surveys?: string | undefined;
  question?: string | undefined;
  metric?: MetricKind | undefined;
  groupBy?: string | undefined;
  crossBy?: string | undefined;
  interval?: Interval | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Filters: `dimension=value|value;dimension=value`, each part URI-encoded. */
  filter?: string | undefined;
  /** The dimension whose values the filter row shows. */
  filterBy?: string | undefined;
}

const text = (v: unknown, max = 4000) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

export function validateExplorerSearch(search: Record<string, unknown>): ExplorerSearch {
  const out: ExplorerSearch = {
    surveys: text(search['surveys']),
    question: text(search['question'], 200),
    metric: METRIC_KINDS.includes(search['metric'] as MetricKind) ? (search['metric'] as MetricKind) : undefined,
    groupBy: text(search['groupBy'], 70),
    crossBy: text(search['crossBy'], 70),
    interval: INTERVALS.includes(search['interval'] as Interval) ? (search['interval'] as Interval) : undefined,
    from: day(search['from']),
    to: day(search['to']),
    filter: text(search['filter']),
    filterBy: text(search['filterBy'], 70),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ExplorerSearch;
}

export function filtersOf(filter: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (filter ?? '').split(';')) {
    const [d, values] = part.split('=');
    if (!d || !values) continue;
    out.set(decodeURIComponent(d), values.split('|').filter(Boolean).map(decodeURIComponent));
  }
  return out;
}

export function filterText(filters: ReadonlyMap<string, readonly string[]>): string {
  return [...filters].map(([d, values]) => `${encodeURIComponent(d)}=${values.map(encodeURIComponent).join('|')}`).join(';');
}
