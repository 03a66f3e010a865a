import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Card } from '../../ui/Card.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';
import { CommentList } from '../components/CommentList.tsx';
import { formatIndex, PerceptionGapCard, QuadrantBadge, QuadrantChartCard } from '../analytics/AccountCards.tsx';
import { accountCommentsQuery, accountQuadrantsQuery, perceptionGapQuery, type AccountPlacement } from '../analytics/accounts-queries.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';

const MINE = { owner: 'me' } as const;

function Trend({ a }: { a: AccountPlacement }) {
  if (a.summaryIndex === null || a.previousSummaryIndex === null) return <span className="muted small">{a.summaryIndex === null ? 'no responses this year' : 'new this quarter'}</span>;
  const change = a.summaryIndex - a.previousSummaryIndex;
  const dir = Math.abs(change) < 0.5 ? 'flat' : change > 0 ? 'up' : 'down';
  return (
    <span className={`delta delta-${dir}`} title="Summary index against the window ending at the previous quarter's end">
      <span aria-hidden="true">{dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} </span>
      {change > 0 ? '+' : change < 0 ? '−' : ''}
      {Math.abs(change).toFixed(1)} since last quarter
    </span>
  );
}

function AccountTile({ a }: { a: AccountPlacement }) {
  return (
    <li className="my-account" data-testid="my-account">
      <div className="row" style={{ gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Link to="/accounts/$id" params={{ id: a.id }} className="table-link">
          {a.name}
        </Link>
        {a.code && <span className="mono muted small">{a.code}</span>}
        <span className="spacer" />
        <QuadrantBadge quadrant={a.quadrant} />
      </div>
      <div className="my-account-facts small">
        <span>Index {formatIndex(a.summaryIndex)}</span>
        <span>NPS {formatNps(a.nps.score)} · mean {formatIndex(a.nps.mean)}</span>
        <span>
          n = {formatCount(a.n)}
          {a.smallSample && a.n > 0 && <span className="muted"> (small sample)</span>}
        </span>
        <Trend a={a} />
      </div>
      {a.intoAtRisk && <div className="small alert-error-text">Moved into At-Risk this quarter.</div>}
      {a.perceptionGap && Math.abs(a.perceptionGap.steps) >= 1 && <div className="small muted">{a.perceptionGap.sentence}</div>}
    </li>
  );
}

/** The account executive's dashboard: their accounts with quadrant and trend, their contacts' comments, the perception gap. */
export function MyAccountsPage() {
  useTitle('My accounts');
  const quadrants = useQuery(accountQuadrantsQuery(MINE));
  const comments = useQuery(accountCommentsQuery(MINE));
  const gap = useQuery(perceptionGapQuery(MINE));
  if (quadrants.isPending) return <PageSkeleton />;
  if (quadrants.isError) return <PageLoadError error={quadrants.error} what="your accounts" onRetry={() => void quadrants.refetch()} />;
  const data = quadrants.data;
  const attention = [...data.accounts].sort((x, y) => Number(y.intoAtRisk) - Number(x.intoAtRisk) || Number(y.quadrant === 'at_risk') - Number(x.quadrant === 'at_risk') || (y.billedRevenue ?? 0) - (x.billedRevenue ?? 0));
  return (
    <div className="page" data-testid="my-accounts-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Accounts</div>
          <h1>My accounts</h1>
          <p className="page-sub">
            {formatCount(data.accounts.length)} accounts you own · revenue at risk {formatCount(data.revenueAtRisk)}
          </p>
        </div>
      </header>
      {data.accounts.length === 0 ? (
        <EmptyState title="You own no accounts">Accounts name their owner in the CRM import (ownerEmail); yours show here.</EmptyState>
      ) : (
        <>
          <QuadrantChartCard data={data} compact title="Your accounts in four quadrants" />
          <div className="analytics-two">
            <Card title="Your accounts" flush>
              <ul className="my-account-list">
                {attention.map((a) => (
                  <AccountTile key={a.id} a={a} />
                ))}
              </ul>
            </Card>
            <Card title="Recent comments from your contacts" flush>
              {comments.data ? (
                <div className="my-comments">
                  <CommentList
                    testId="my-comments"
                    comments={comments.data.comments.map((c) => ({ responseId: c.responseId, submittedAt: c.submittedAt, score: c.nps, text: c.text, accountId: c.accountId, accountName: c.accountName, contactName: c.contactName }))}
                    emptyText="No comments from your contacts yet."
                  />
                </div>
              ) : (
                <p className="muted" style={{ padding: 18 }}>
                  Loading…
                </p>
              )}
            </Card>
          </div>
          {gap.data && <PerceptionGapCard data={gap.data} />}
        </>
      )}
    </div>
  );
}
