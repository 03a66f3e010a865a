import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { QUADRANT_LABELS } from '../../../core/quadrants.ts';
import { ChartCard } from '../../ui/ChartCard.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';
import { formatIndex, QuadrantChartCard } from '../analytics/AccountCards.tsx';
import { accountTrendOption } from '../analytics/account-trend-chart.ts';
import { accountQuadrantsQuery, accountTrendQuery, type AccountQuadrants, type AccountTrend } from '../analytics/accounts-queries.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { GoalCards } from '../goals/GoalCard.tsx';
import { useTitle } from '../use-title.ts';
import { QuadrantKpis } from './AccountsAnalyticsPage.tsx';

function TrendCard({ trend }: { trend: AccountTrend }) {
  const option = useMemo(() => accountTrendOption(trend.quarters), [trend.quarters]);
  const small = trend.quarters.filter((q) => q.smallSample && q.n > 0).map((q) => q.quarter);
  return (
    <ChartCard
      title="NPS and summary index by quarter"
      option={option}
      height={300}
      filename="account-trend"
      testId="executive-trend"
      table={{
        columns: [
          { key: 'quarter', label: 'Quarter' },
          { key: 'nps', label: 'NPS', numeric: true, format: (v) => (typeof v === 'number' ? formatNps(v) : '–') },
          { key: 'npsMean', label: 'Mean 0–10', numeric: true, format: formatIndex },
          { key: 'index', label: 'Summary index', numeric: true, format: formatIndex },
          { key: 'n', label: 'Responses', numeric: true },
          { key: 'sample', label: 'Sample' },
        ],
        rows: trend.quarters.map((q) => ({ quarter: q.quarter, nps: q.nps, npsMean: q.npsMean, index: q.summaryIndex, n: q.n, sample: q.smallSample ? 'small' : '' })),
      }}
      note={`The responses that feed accounts, with the account settings' role weights.${small.length > 0 ? ` Small samples (under 30): ${small.join(', ')}.` : ''}`}
    />
  );
}

function BiggestMoversCard({ data }: { data: AccountQuadrants }) {
  const byId = new Map(data.accounts.map((a) => [a.id, a]));
  const rows = [...data.biggestMovers.up.map((m) => ({ ...m, way: 'up' })), ...data.biggestMovers.down.map((m) => ({ ...m, way: 'down' }))].flatMap((m) => {
    const a = byId.get(m.id);
    if (!a) return [];
    return [{ way: m.way === 'up' ? 'Up' : 'Down', code: a.code, name: a.name, change: m.change, before: a.previousSummaryIndex, now: a.summaryIndex, then: a.previousQuadrant ? QUADRANT_LABELS[a.previousQuadrant] : '–', quadrant: a.quadrant ? QUADRANT_LABELS[a.quadrant] : '–', billed: a.billedRevenue }];
  });
  return (
    <ChartCard
      title="Biggest movers"
      filename="biggest-movers"
      testId="biggest-movers"
      table={{
        columns: [
          { key: 'way', label: 'Way' },
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Account' },
          { key: 'change', label: 'Change (points)', numeric: true, format: (v) => (typeof v === 'number' ? `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}` : '–') },
          { key: 'before', label: 'Index then', numeric: true, format: formatIndex },
          { key: 'now', label: 'Index now', numeric: true, format: formatIndex },
          { key: 'then', label: 'Was' },
          { key: 'quadrant', label: 'Is' },
          { key: 'billed', label: 'Billed revenue', numeric: true, format: (v) => (typeof v === 'number' ? formatCount(v) : '–') },
        ],
        rows,
      }}
      note="The five largest rises and falls of the summary index against the window ending at the previous quarter's end."
    />
  );
}

/** The executive's one honest picture: the trend, the quadrants, revenue at risk and the biggest movers. */
export function ExecutivePage() {
  useTitle('Executive dashboard');
  const quadrants = useQuery(accountQuadrantsQuery());
  const trend = useQuery(accountTrendQuery());
  if (quadrants.isPending || trend.isPending) return <PageSkeleton />;
  if (quadrants.isError) return <PageLoadError error={quadrants.error} what="account quadrants" onRetry={() => void quadrants.refetch()} />;
  if (trend.isError) return <PageLoadError error={trend.error} what="trend" onRetry={() => void trend.refetch()} />;
  const last = [...trend.data.quarters].reverse().find((q) => q.n > 0);
  return (
    <div className="page" data-testid="executive-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Executive dashboard</h1>
          <p className="page-sub">
            {last ? `${last.quarter}: NPS ${formatNps(last.nps)}, summary index ${formatIndex(last.summaryIndex)} from ${formatCount(last.n)} responses${last.smallSample ? ' (small sample)' : ''}` : 'No responses feed accounts yet.'}
          </p>
        </div>
      </header>
      <QuadrantKpis data={quadrants.data} />
      <GoalCards filter={{}} title="Goals" testId="executive-goals" />
      <TrendCard trend={trend.data} />
      <QuadrantChartCard data={quadrants.data} compact title="Accounts in four quadrants" />
      <BiggestMoversCard data={quadrants.data} />
    </div>
  );
}
