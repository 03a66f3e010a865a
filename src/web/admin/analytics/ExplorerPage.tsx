import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { AnalyticsQuery, AnalyticsResult, Interval } from '../../../contract/analytics.ts';
import type { MetricKind } from '../../../core/metrics.ts';
import { Badge } from '../../ui/Badge.tsx';
import { buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { ChartCard, type ChartCardColumn, type ChartCardTable } from '../../ui/ChartCard.tsx';
import { Alert, EmptyState, Spinner } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { formatCount } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { surveysQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';
import { explorerBarOption, explorerHeatmapOption, explorerLineOption, formatMetric, significanceMark } from './explorer-charts.ts';
import { analyticsQuery, dimensionsQuery } from './explorer-queries.ts';
import { filtersOf, filterText, type ExplorerSearch } from './explorer-search.ts';

const route = getRouteApi('/_app/analytics/explorer');

const METRICS: readonly { value: MetricKind; label: string }[] = [
  { value: 'nps', label: 'NPS' },
  { value: 'csat', label: 'CSAT (4–5 of 5)' },
  { value: 'ces', label: 'CES (agree, 5–7 of 7)' },
  { value: 'mean', label: 'Mean' },
  { value: 'top-box', label: 'Top box' },
  { value: 'top-two-box', label: 'Top two boxes' },
];
const INTERVALS: readonly { value: Interval | ''; label: string }[] = [
  { value: '', label: 'No time axis' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
];

/** The result as table rows: what the chart draws, with n, interval and the comparison with the rest. */
function tableOf(r: AnalyticsResult): ChartCardTable {
  const label = (list: AnalyticsResult['groups'], v: string | null) => list.find((g) => g.value === v)?.label ?? v ?? '';
  const fmt = (v: string | number | null) => (typeof v === 'number' ? formatMetric(r.metric, v) : '–');
  const columns: ChartCardColumn[] = [
    ...(r.interval ? [{ key: 'period', label: 'Period' }] : []),
    ...(r.groupBy ? [{ key: 'group', label: 'Group' }] : []),
    ...(r.crossBy ? [{ key: 'cross', label: 'Cross' }] : []),
    { key: 'value', label: 'Value', numeric: true, format: fmt },
    { key: 'mark', label: 'vs rest' },
    { key: 'n', label: 'Answers', numeric: true, format: (v) => (typeof v === 'number' ? formatCount(v) : '–') },
    { key: 'low', label: '95 % low', numeric: true, format: fmt },
    { key: 'high', label: '95 % high', numeric: true, format: fmt },
    { key: 'p', label: 'p vs rest', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(3) : '–') },
    { key: 'sample', label: 'Sample' },
  ];
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
  return {
    columns,
    rows: r.cells.map((c) => ({
      period: c.period,
      group: label(r.groups, c.group),
      cross: label(r.crosses, c.cross),
      value: round(c.value),
      mark: significanceMark(c),
      n: c.n,
      low: round(c.interval?.[0]),
      high: round(c.interval?.[1]),
      p: c.comparison?.pValue === null || c.comparison?.pValue === undefined ? null : Math.round(c.comparison.pValue * 1000) / 1000,
      sample: c.smallSample ? 'small sample' : '',
    })),
  };
}

function Result({ r, labelOf }: { r: AnalyticsResult; labelOf: (dimension: string) => string }) {
  const kind = r.crossBy ? 'heatmap' : r.interval ? 'line' : 'bar';
  const option = useMemo(() => (kind === 'heatmap' ? explorerHeatmapOption(r) : kind === 'line' ? explorerLineOption(r) : explorerBarOption(r)), [r, kind]);
  const table = useMemo(() => tableOf(r), [r]);
  const small = r.cells.filter((c) => c.smallSample).length;
  const metric = METRICS.find((m) => m.value === r.metric)?.label ?? r.metric;
  const title = `${metric}${r.groupBy ? ` by ${labelOf(r.groupBy).toLowerCase()}` : ''}${r.crossBy ? ` × ${labelOf(r.crossBy).toLowerCase()}` : ''}${r.interval ? ` per ${r.interval}` : ''}`;
  const height = kind === 'bar' ? Math.max(160, 40 * Math.max(1, r.groups.length) + 30) : kind === 'heatmap' ? Math.max(220, 44 * r.crosses.length + 90) : 320;
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="row small" data-testid="explorer-summary">
        <strong style={{ fontSize: 20 }}>{formatMetric(r.metric, r.overall.value)}</strong>
        <span className="muted">
          {metric} over {formatCount(r.overall.n)} answers to “{r.question.text}” in {r.surveys.length} survey{r.surveys.length === 1 ? '' : 's'}
        </span>
        {r.overall.smallSample && <Badge tone="warning">small sample</Badge>}
        <Badge tone={r.source === 'rollup' ? 'success' : 'info'} title={r.rawReason ?? 'Read from the pre-aggregated segment rollups'}>
          {r.source === 'rollup' ? 'from rollups' : 'from responses'}
        </Badge>
      </div>
      {r.cells.length === 0 ? (
        <Card title={title}>
          <EmptyState title="No answers match">Widen the period or remove a filter.</EmptyState>
        </Card>
      ) : (
        <ChartCard
          key={`${kind}-${r.groups.map((g) => g.value).join('|')}-${r.crosses.length}`}
          title={title}
          option={option}
          height={height}
          chartLabel={`${metric} of ${r.question.text}`}
          table={table}
          filename={`explorer-${r.metric}${r.groupBy ? `-by-${r.groupBy.replace('attr:', '')}` : ''}`}
          testId="explorer-chart"
          note={
            <>
              ▲▼ a group differs from the rest at 95 % ({r.metric === 'nps' ? 'NPS z-test' : r.metric === 'mean' ? "Welch's t" : 'two-proportion z'}).{' '}
              {small > 0 && `${small} of ${r.cells.length} cells have fewer than 30 answers (marked small sample, hollow points, * on bars): read them with care. `}
              {r.rawReason && `Read from responses: ${r.rawReason}.`}
            </>
          }
        />
      )}
    </div>
  );
}

export function ExplorerPage() {
  useTitle('Explorer');
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/analytics/explorer' });
  const set = (patch: Partial<ExplorerSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const surveys = useQuery(surveysQuery);
  const live = (surveys.data?.surveys ?? []).filter((s) => s.version !== null);
  const chosen = search.surveys ? search.surveys.split(',').filter((id) => live.some((s) => s.id === id)) : live.slice(0, 1).map((s) => s.id);
  const dims = useQuery(dimensionsQuery(chosen));
  const filters = filtersOf(search.filter);
  const body: AnalyticsQuery = {
    surveys: chosen,
    metric: search.metric ?? 'nps',
    ...(search.question ? { question: search.question } : {}),
    ...(search.groupBy ? { groupBy: search.groupBy } : {}),
    ...(search.groupBy && search.crossBy ? { crossBy: search.crossBy } : {}),
    ...(search.interval && !search.crossBy ? { interval: search.interval } : {}),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
    filters: [...filters].map(([dimension, values]) => ({ dimension, values })),
  };
  const result = useQuery(analyticsQuery(body));
  const dimensions = dims.data?.dimensions ?? [];
  const filterDim = search.filterBy ? dimensions.find((d) => d.id === search.filterBy) : undefined;
  const toggleSurvey = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id];
    set({ surveys: next.join(','), question: undefined });
  };
  const toggleValue = (dimension: string, value: string) => {
    const next = new Map(filters);
    const values = new Set(next.get(dimension) ?? []);
    if (values.has(value)) values.delete(value);
    else values.add(value);
    if (values.size === 0) next.delete(dimension);
    else next.set(dimension, [...values]);
    set({ filter: filterText(next) || undefined });
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Explorer</h1>
          <p className="page-sub">Any metric by segment and time, across surveys, with significance. The address keeps the view: share it.</p>
        </div>
      </header>
      <Card title="Query">
        <div className="stack" style={{ gap: 14 }}>
          <fieldset className="explorer-surveys" data-testid="explorer-surveys">
            <legend className="small muted">Surveys</legend>
            {surveys.isPending ? (
              <Spinner />
            ) : (
              <div className="row" style={{ gap: '6px 16px' }}>
                {live.map((s) => (
                  <Checkbox key={s.id} label={s.title} checked={chosen.includes(s.id)} onChange={() => toggleSurvey(s.id)} />
                ))}
              </div>
            )}
          </fieldset>
          <div className="explorer-controls">
            <SelectField label="Question" value={search.question ?? ''} onChange={(e) => set({ question: e.target.value || undefined })} data-testid="explorer-question">
              <option value="">The NPS question</option>
              {(dims.data?.questions ?? []).map((q) => (
                <option key={q.key} value={q.key}>
                  {q.text}
                </option>
              ))}
            </SelectField>
            <SelectField label="Metric" value={search.metric ?? 'nps'} onChange={(e) => set({ metric: e.target.value as MetricKind })} data-testid="explorer-metric">
              {METRICS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Group by" value={search.groupBy ?? ''} onChange={(e) => set({ groupBy: e.target.value || undefined, ...(e.target.value ? {} : { crossBy: undefined }) })} data-testid="explorer-group">
              <option value="">Nothing</option>
              {dimensions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Cross by" value={search.crossBy ?? ''} disabled={!search.groupBy} onChange={(e) => set({ crossBy: e.target.value || undefined })} data-testid="explorer-cross">
              <option value="">Nothing</option>
              {dimensions.filter((d) => d.id !== search.groupBy).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Interval" value={search.crossBy ? '' : (search.interval ?? '')} disabled={Boolean(search.crossBy)} onChange={(e) => set({ interval: (e.target.value || undefined) as Interval | undefined })} data-testid="explorer-interval">
              {INTERVALS.map((i) => (
                <option key={i.value} value={i.value}>
                  {i.label}
                </option>
              ))}
            </SelectField>
            <TextField label="From" type="date" value={search.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
            <TextField label="To" type="date" value={search.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
            <SelectField label="Filter on" value={search.filterBy ?? ''} onChange={(e) => set({ filterBy: e.target.value || undefined })} data-testid="explorer-filter-by">
              <option value="">Choose a dimension</option>
              {dimensions.filter((d) => d.values.length > 0).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </SelectField>
          </div>
          {filterDim && (
            <div className="row small" data-testid="explorer-filter-values" style={{ gap: '6px 14px' }}>
              <span className="muted">{filterDim.label}:</span>
              {filterDim.values.map((v) => (
                <Checkbox key={v.value} label={v.label} checked={(filters.get(filterDim.id) ?? []).includes(v.value)} onChange={() => toggleValue(filterDim.id, v.value)} />
              ))}
            </div>
          )}
          {filters.size > 0 && (
            <div className="row small">
              <span className="muted">Filters:</span>
              {[...filters].map(([d, values]) => (
                <Badge key={d} tone="info">
                  {dimensions.find((x) => x.id === d)?.label ?? d}: {values.map((v) => dimensions.find((x) => x.id === d)?.values.find((y) => y.value === v)?.label ?? v).join(', ')}
                </Badge>
              ))}
              <button type="button" className={buttonClass('ghost', 'sm')} onClick={() => set({ filter: undefined })}>
                Clear filters
              </button>
            </div>
          )}
        </div>
      </Card>
      {chosen.length === 0 ? (
        <EmptyState title="Pick a survey">Choose one survey, or several to see the metric across them.</EmptyState>
      ) : result.isError ? (
        <Alert tone="error" title="This query cannot run">
          {errorMessage(result.error)}
        </Alert>
      ) : result.data ? (
        <Result r={result.data} labelOf={(d) => dimensions.find((x) => x.id === d)?.label ?? d} />
      ) : (
        <Spinner label="Counting answers" />
      )}
    </div>
  );
}
