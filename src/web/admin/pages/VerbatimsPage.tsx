import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Card } from '../../ui/Card.tsx';
import { ChartCard } from '../../ui/ChartCard.tsx';
import { formatCount } from '../../ui/format.ts';
import { api } from '../api.ts';
import { touchPointsQuery, unitsQuery } from '../queries.ts';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import { FilterBar, type FilterOptions } from '../verbatims/FilterBar.tsx';
import { EffectCard, TrendingCard, type TrendMonth } from '../verbatims/ThemeInsights.tsx';
import { KIND_LABEL } from '../verbatims/VerbatimItem.tsx';
import { useVerbatimSearch, VerbatimResults } from '../verbatims/VerbatimResults.tsx';
import { canManageTopics, VerbatimsTabs } from '../verbatims/VerbatimsTabs.tsx';
import { themeTrendOption, themeTrendTable } from '../verbatims/verbatim-charts.ts';
import { effectsQuery, monthBefore, themesQuery, topicsQuery, trendingQuery, trendQuery } from '../verbatims/verbatims-api.ts';
import { filterOf, isFiltered, LIST_KEYS, ONE_KEYS, toggleIn, type FilterKey, type ListKey, type VerbatimsSearch } from '../verbatims/verbatims-search.ts';
import '../verbatims/verbatims.css';

const route = getRouteApi('/_app/verbatims');

const SENTIMENT_LABEL = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' } as const;
const BAND_LABEL: Record<string, string> = { detractor: 'Detractors', passive: 'Passives', promoter: 'Promoters' };

/** The verbatim explorer: search customers' own words and feedback, filter, see themes and their trend. */
export function VerbatimsPage() {
  useTitle('Verbatims');
  const user = useUser();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/verbatims' });
  const set = (patch: VerbatimsSearch) => void navigate({ search: (prev: VerbatimsSearch) => Object.fromEntries(Object.entries({ ...prev, ...patch }).filter(([, v]) => v !== undefined)), replace: false });
  const filter = useMemo(() => filterOf(search), [search]);
  const results = useVerbatimSearch(filter);
  const trend = useQuery(trendQuery(filter));
  const [trendMonth, setTrendMonth] = useState<TrendMonth>('this');
  const trending = useQuery(trendingQuery(filter, trendMonth === 'last' ? monthBefore(new Date()) : undefined));
  const effects = useQuery(effectsQuery(filter));
  const themes = useQuery(themesQuery);
  const topics = useQuery(topicsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const units = useQuery(unitsQuery);
  const accounts = useQuery({ queryKey: ['accounts', 'options'], queryFn: () => api.accounts({ limit: 200 }), enabled: user.role !== 'viewer', staleTime: 60_000 });
  const counts = results.data?.pages[0]?.counts;

  const options: FilterOptions = {
    themes: (themes.data?.themes ?? []).map((t) => ({ value: t.key, label: t.name, count: counts?.themes.find((c) => c.key === t.key)?.count })),
    topics: (topics.data?.topics ?? []).map((t) => ({ value: t.id, label: t.name, count: counts?.topics.find((c) => c.id === t.id)?.count })),
    touchPoints: (touchPoints.data?.touchPoints ?? []).map((t) => ({ value: t.id, label: t.name })),
    accounts: (accounts.data?.accounts ?? []).map((a) => ({ value: a.id, label: a.name })),
    units: units.data?.units ?? [],
  };
  const labelOf = (key: FilterKey, value: string): string => {
    const find = (list: { value: string; label: string }[]) => list.find((o) => o.value === value)?.label ?? value;
    if (key === 'theme') return counts?.themes.find((t) => t.key === value)?.name ?? find(options.themes);
    if (key === 'topic') return find(options.topics);
    if (key === 'touchPointId') return find(options.touchPoints);
    if (key === 'accountId') return find(options.accounts);
    if (key === 'unitId') return options.units.find((u) => u.id === value)?.name ?? value;
    if (key === 'kind') return KIND_LABEL[value] ?? value;
    if (key === 'sentiment') return SENTIMENT_LABEL[value as keyof typeof SENTIMENT_LABEL] ?? value;
    if (key === 'band') return BAND_LABEL[value] ?? value;
    return value;
  };
  const onFilter = (key: ListKey, value: string) => {
    // A click on a tag narrows to it; it never removes a filter already set.
    if (!(search[key] ?? '').split(',').includes(value)) set({ [key]: toggleIn(search, key, value) });
  };
  const clear = () => set(Object.fromEntries([...LIST_KEYS, ...ONE_KEYS].map((k) => [k, undefined])));
  const trendOption = useMemo(() => (trend.data ? themeTrendOption(trend.data) : undefined), [trend.data]);
  const trendTable = useMemo(() => (trend.data ? themeTrendTable(trend.data) : undefined), [trend.data]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Verbatims</h1>
          <p className="page-sub">What customers say in their own words: comments, interviews, forum posts and letters, with sentiment per sentence and the themes they mention. The address keeps the view: share it.</p>
        </div>
      </header>
      <VerbatimsTabs canTopics={canManageTopics(user.role)} />
      <Card>
        <FilterBar search={search} options={options} set={set} labelOf={labelOf} />
      </Card>
      {counts && (
        <div className="row" style={{ justifyContent: 'space-between', gap: 12 }}>
          <div className="vx-counts" data-testid="verbatim-counts" aria-live="polite">
            <span>
              <strong data-testid="verbatim-total">{formatCount(counts.total)}</strong> verbatim{counts.total === 1 ? '' : 's'}
            </span>
            <span>
              <strong>{formatCount(counts.sentiment.negative)}</strong> negative
            </span>
            <span>
              <strong>{formatCount(counts.sentiment.neutral)}</strong> neutral
            </span>
            <span>
              <strong>{formatCount(counts.sentiment.positive)}</strong> positive
            </span>
          </div>
          <div className="vx-legend" aria-hidden="true">
            Sentences: <span className="sentence sentence-negative">negative</span>
            <span className="sentence sentence-positive">positive</span>
            <span>neutral untinted</span>
            <mark>matched words</mark>
          </div>
        </div>
      )}
      {trend.data && trendOption && trendTable && trend.data.series.length > 0 && (
        <ChartCard title="Themes over time: share of each month’s verbatims" option={trendOption} table={trendTable} filename="verbatim-themes-by-month" height={300} testId="theme-trend" note="The leading themes under the current search and filters, as a share of the month’s verbatims; the table has the counts." />
      )}
      <div className="vx-grid">
        <VerbatimResults search={results} filtered={isFiltered(search)} canQuote={user.role === 'admin' || user.role === 'manager' || user.role === 'agent'} onFilter={onFilter} onClear={clear} />
        <div className="vx-side">
          <Card title="Themes here" data-testid="theme-counts">
            {!counts ? (
              <p className="small muted">Counting…</p>
            ) : counts.themes.length === 0 ? (
              <p className="small muted">No theme in these verbatims.</p>
            ) : (
              <ul className="vx-trending">
                {counts.themes.slice(0, 10).map((t) => (
                  <li key={t.key} className="vx-count">
                    <button type="button" className="link-button" onClick={() => onFilter('theme', t.key)} data-testid="theme-count">
                      {t.name}
                    </button>
                    <span className="num small">
                      {formatCount(t.count)} · {counts.total > 0 ? Math.round((t.count / counts.total) * 100) : 0}%
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {counts && counts.topics.length > 0 && (
              <>
                <h3 className="case-subhead">Topics</h3>
                <ul className="vx-trending">
                  {counts.topics.map((t) => (
                    <li key={t.id} className="vx-count">
                      <button type="button" className="link-button" onClick={() => onFilter('topic', t.id)} data-testid="topic-count">
                        # {t.name}
                      </button>
                      <span className="num small">{formatCount(t.count)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
          <TrendingCard q={trending} onTheme={(k) => onFilter('theme', k)} month={trendMonth} onMonth={setTrendMonth} />
          <EffectCard q={effects} onTheme={(k) => onFilter('theme', k)} />
        </div>
      </div>
    </div>
  );
}
