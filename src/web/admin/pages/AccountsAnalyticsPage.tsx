import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { SelectField } from '../../ui/Field.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { formatCount, formatDate, formatShare } from '../../ui/format.ts';
import { MoversCard, PerceptionGapCard, QuadrantChartCard, QuadrantTotalsCard, SilentAccountsCard, SilentAspectsCard } from '../analytics/AccountCards.tsx';
import { accountQuadrantsQuery, perceptionGapQuery, silenceQuery, type AccountQuadrants } from '../analytics/accounts-queries.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { unitsQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';

/** Headline figures of the quadrant view: revenue at risk, its share, and the movers. */
export function QuadrantKpis({ data }: { data: AccountQuadrants }) {
  const billed = data.totals.reduce((s, t) => s + t.billedRevenue, 0);
  const count = (q: string) => data.totals.find((t) => t.quadrant === q)?.count ?? 0;
  return (
    <div className="kpi-grid">
      <Stat label="Revenue at risk" value={formatCount(data.revenueAtRisk)} meta={`${billed > 0 ? formatShare(data.revenueAtRisk / billed) : '–'} of scored billed revenue`} testId="revenue-at-risk" />
      <Stat label="At-Risk accounts" value={formatCount(count('at_risk'))} meta={`of ${formatCount(data.accounts.length - data.unscored)} scored`} />
      <Stat label="Moved into At-Risk" value={formatCount(data.movers.length)} meta="this quarter" testId="movers-count" />
      <Stat label="Model accounts" value={formatCount(count('model'))} meta={`${formatCount(count('growth'))} in Growth, ${formatCount(count('dangling'))} Dangling`} />
    </div>
  );
}

export function AccountsAnalyticsPage() {
  useTitle('Account quadrants');
  const [unit, setUnit] = useState('');
  const filter = { unit: unit || undefined };
  const quadrants = useQuery(accountQuadrantsQuery(filter));
  const gap = useQuery(perceptionGapQuery(filter));
  const silence = useQuery(silenceQuery(filter));
  const units = useQuery(unitsQuery);
  if (quadrants.isPending) return <PageSkeleton />;
  if (quadrants.isError) return <PageLoadError error={quadrants.error} what="account quadrants" onRetry={() => void quadrants.refetch()} />;
  const data = quadrants.data;
  return (
    <div className="page" data-testid="accounts-analytics-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Account quadrants</h1>
          <p className="page-sub">
            {formatCount(data.accounts.length)} accounts · responses {formatDate(data.window.from)} – {formatDate(data.window.to)}
            {data.surveys.length > 0 && ` · from ${data.surveys.map((s) => s.title).join(', ')}`}
          </p>
        </div>
        <span className="spacer" />
        {units.data && units.data.units.length > 1 && (
          <SelectField label="Unit" value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="unit-filter">
            <option value="">All my units</option>
            {units.data.units.map((u) => (
              <option key={u.id} value={u.id}>
                {'\u00a0'.repeat(u.depth * 2)}
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
      </header>
      {!data.scored ? (
        <EmptyState title="Nothing scores accounts yet">Publish a relationship survey, or choose the surveys that feed accounts in the account settings.</EmptyState>
      ) : (
        <>
          <QuadrantKpis data={data} />
          <QuadrantChartCard data={data} />
          <div className="analytics-two">
            <QuadrantTotalsCard data={data} />
            {silence.data && <SilentAccountsCard data={silence.data} />}
          </div>
          <MoversCard data={data} />
          {gap.data && <PerceptionGapCard data={gap.data} />}
          {silence.data && <SilentAspectsCard data={silence.data} />}
        </>
      )}
    </div>
  );
}
