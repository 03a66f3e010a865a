import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { ExperienceItem, MarketPeriod, MarketReview } from '../../../contract/market.ts';
import { Card } from '../../ui/Card.tsx';
import { ChartCard, type ChartCardColumn } from '../../ui/ChartCard.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatDate, formatNps, formatPoints } from '../../ui/format.ts';
import { marketReviewQuery } from '../analytics/market-queries.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';
import { DriverMapCard } from './DriversPage.tsx';
import '../analytics/drivers.css';
import { GoalCards } from '../goals/GoalCard.tsx';

const route = getRouteApi('/_app/analytics/market');

const PERIODS = [
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '12m', label: '12 months' },
] as const;

/** A change against the previous period: ▲/▼ with its size, bold when significant at 95 %. */
function Change({ change, unit }: { change: ExperienceItem['change'] | null; unit: string }) {
  if (!change || change.difference === null) return <span className="muted">–</span>;
  const d = change.difference;
  const dir = Math.abs(d) < 0.05 ? 'flat' : d > 0 ? 'up' : 'down';
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
  const title = change.smallSample
    ? 'Too few answers to tell'
    : change.significant
      ? `A real change (p = ${change.pValue?.toFixed(3)})`
      : `Within chance (p = ${change.pValue?.toFixed(2)})`;
  return (
    <span className={`delta delta-${dir}${change.significant ? ' delta-significant' : ''}`} title={title} data-significant={change.significant}>
      <span aria-hidden="true">{arrow} </span>
      {d > 0 ? '+' : ''}
      {formatPoints(d)} {unit}
      {change.significant && <span className="sr-only"> (significant)</span>}
    </span>
  );
}

const changeUnit = (i: ExperienceItem) => (i.current.metric.kind === 'nps' ? 'pts' : i.current.metric.kind === 'mean' ? '' : 'pp');

function headline(i: ExperienceItem): string {
  const v = i.current.metric.value;
  if (v === null) return '–';
  return i.current.metric.kind === 'mean' ? formatPoints(v) : i.current.metric.kind === 'nps' ? formatNps(v) : `${Math.round(v)}%`;
}

function Problems({ review }: { review: MarketReview }) {
  if (review.problems.length === 0) {
    return <EmptyState title="No key problems">No aspect got significantly worse, and none has enough answers to rank yet.</EmptyState>;
  }
  return (
    <ol className="problem-list" data-testid="market-problems">
      {review.problems.map((p) => (
        <li key={`${p.surveyId}:${p.current.key}`} data-key={p.current.key}>
          <div className="problem-main">
            <strong>{p.current.text}</strong>
            <div className="small muted">{p.surveyTitle}</div>
          </div>
          <div className="problem-figures">
            <span className="problem-score" title="The mean on 0–100">
              {p.score === null ? '–' : Math.round(p.score)}
              <span className="small muted">/100</span>
            </span>
            <Change change={p.change} unit={changeUnit(p)} />
            {p.reasons.map((r) => (
              <span key={r} className={`badge ${r === 'declined' ? 'badge-danger' : 'badge-warning'}`}>
                {r === 'declined' ? 'got worse' : 'among the lowest'}
              </span>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Aspects({ items }: { items: ExperienceItem[] }) {
  return (
    <Table data-testid="market-aspects">
      <thead>
        <tr>
          <th>Aspect</th>
          <th className="num">Score</th>
          <th className="num">0–100</th>
          <th className="num">Before</th>
          <th className="num">Change</th>
          <th className="num">n</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={`${i.surveyId}:${i.current.key}`}>
            <td>
              {i.current.text}
              <div className="small muted">{i.surveyTitle}</div>
            </td>
            <td className="num">
              {headline(i)}
              {i.current.smallSample && <span className="badge badge-warning small-sample">small sample</span>}
            </td>
            <td className="num">{i.score === null ? '–' : Math.round(i.score)}</td>
            <td className="num muted">{i.previousScore === null ? '–' : Math.round(i.previousScore)}</td>
            <td className="num">
              <Change change={i.change} unit={changeUnit(i)} />
            </td>
            <td className="num">{formatCount(i.current.n)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const WHY_LABEL = { at_risk: 'At-Risk', into_at_risk: 'moved into At-Risk', perception_gap: 'team rates it higher' } as const;

const ACCOUNT_COLUMNS: ChartCardColumn[] = [
  { key: 'code', label: 'Code' },
  { key: 'name', label: 'Account' },
  { key: 'why', label: 'Why' },
  { key: 'index', label: 'Index', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(1) : '–') },
  { key: 'nps', label: 'NPS', numeric: true, format: (v) => (typeof v === 'number' ? formatNps(v) : '–') },
  { key: 'billed', label: 'Billed revenue', numeric: true, format: (v) => (typeof v === 'number' ? formatCount(v) : '–') },
  { key: 'owner', label: 'Owner' },
];

function AccountsNeedingAction({ accounts }: { accounts: NonNullable<MarketReview['accounts']> }) {
  const rows = accounts.needAction.map((a) => ({
    code: a.code,
    name: a.name,
    why: a.why.map((w) => WHY_LABEL[w]).join(', '),
    index: a.summaryIndex,
    nps: a.nps.score,
    billed: a.billedRevenue,
    owner: a.owner?.name ?? '',
  }));
  return (
    <ChartCard
      title="Accounts that need action"
      actions={<span className="small muted card-hint">revenue at risk {formatCount(accounts.revenueAtRisk)}</span>}
      table={{ columns: ACCOUNT_COLUMNS, rows }}
      filename="accounts-need-action"
      testId="market-accounts"
      note={rows.length === 0 ? 'No account of this market is At-Risk, moved into it, or rated far better by its team than by its contacts.' : `The ${rows.length} largest by billed revenue, of ${accounts.scored} scored accounts.`}
    />
  );
}

/** The general manager's monthly look at their market: what customers say got worse, and what to fix. */
export function MarketPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const period: MarketPeriod = search.period ?? '90d';
  const review = useQuery(marketReviewQuery(search.unit, period));
  useTitle(review.data ? `${review.data.unit.name} — market review` : 'Market review');
  if (review.isPending) return <PageSkeleton />;
  if (review.isError) return <PageLoadError error={review.error} what="the market review" onRetry={() => void review.refetch()} />;
  const r = review.data;
  const setSearch = (next: { unit?: string; period?: MarketPeriod }) => void navigate({ to: '/analytics/market', search: { ...search, ...next } });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Market review</div>
          <h1 data-testid="market-name">{r.unit.name}</h1>
          <p className="page-sub">
            {formatDate(r.from)} – {formatDate(r.to)}, against the {PERIODS.find((p) => p.value === period)?.label} before
          </p>
        </div>
        <div className="row" style={{ gap: 10, flexWrap: 'wrap' }}>
          {r.markets.length > 1 && (
            <Segmented label="Market" options={r.markets.map((m) => ({ value: m.id, label: m.name }))} value={r.unit.id} onChange={(unit) => setSearch({ unit })} testId="market-picker" />
          )}
          <Segmented label="Period" options={PERIODS} value={period} onChange={(p) => setSearch({ period: p })} testId="market-period" />
        </div>
      </header>
      <div className="kpi-grid">
        {r.surveys.map((s) => (
          <Card key={s.surveyId}>
            <Stat
              label={`NPS · ${s.title}`}
              value={formatNps(s.nps?.metric.value)}
              meta={
                <>
                  n = {formatCount(s.nps?.n ?? 0)} · before {formatNps(s.previousNps)} <Change change={s.change} unit="pts" />
                </>
              }
            />
          </Card>
        ))}
      </div>
      <GoalCards filter={{ unit: r.unit.id }} title={`Goals of ${r.unit.name}`} testId="market-goals" />
      <Card title="Key experience problems" actions={<span className="small muted card-hint">worse than before, or lowest</span>}>
        <Problems review={r} />
      </Card>
 {r.drivers && r.drivers.status === 'ok' && <DriverMapCard result={r.drivers} title="What drives NPS here (12 months)" testId="market-drivers" />}
      {r.drivers && r.drivers.status !== 'ok' && (
        <Card title="What drives NPS here">
          <p className="muted">{r.drivers.message}</p>
        </Card>
      )}
      {r.accounts && <AccountsNeedingAction accounts={r.accounts} />}
      <Card title="Every aspect" actions={<span className="small muted card-hint">this period against the one before</span>} flush>
        <Aspects items={r.items} />
      </Card>
    </div>
  );
}
