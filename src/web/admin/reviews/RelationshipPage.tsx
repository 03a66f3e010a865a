import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { RelationshipSummary } from '../../../contract/reviews.ts';
import { Card } from '../../ui/Card.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatNps, formatPoints } from '../../ui/format.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';
import { relationshipSummaryQuery } from './review-queries.ts';
import { AccountTable, PointsChange, UnitPicker } from './ReviewParts.tsx';
import './reviews.css';

const route = getRouteApi('/_app/reviews/relationship');

function Trend({ s, quarters }: { s: RelationshipSummary['surveys'][number]; quarters: string[] }) {
  return (
    <Table data-testid="relationship-trend">
      <thead>
        <tr>
          <th>{s.title}</th>
          {quarters.map((q) => (
            <th key={q} className="num">
              {q}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{s.metric === 'csat' ? 'CSAT' : 'NPS'}</td>
          {s.trend.map((t) => (
            <td key={t.quarter} className="num">
              {t.value === null ? '–' : s.metric === 'csat' ? `${Math.round(t.value)}%` : formatNps(t.value)}
              {t.marginOfError !== null && <div className="small muted">±{formatPoints(t.marginOfError)}</div>}
            </td>
          ))}
        </tr>
        <tr>
          <td className="muted">Answers</td>
          {s.trend.map((t) => (
            <td key={t.quarter} className="num muted">
              {formatCount(t.n)}
            </td>
          ))}
        </tr>
      </tbody>
    </Table>
  );
}

/** The rolling four-quarter summary of relationship issues, for the quarterly strategy discussion. */
export function RelationshipPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const summary = useQuery(relationshipSummaryQuery(search.unit));
  useTitle('Relationship summary');
  if (summary.isPending) return <PageSkeleton />;
  if (summary.isError) return <PageLoadError error={summary.error} what="the relationship summary" onRetry={() => void summary.refetch()} />;
  const r = summary.data;
  return (
    <div className="page review-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Relationship summary</div>
          <h1>{r.unit.name}</h1>
          <p className="page-sub">
            The last four quarters, {r.quarters[0]} to {r.quarters.at(-1)} ·{' '}
            <Link to="/reviews/monthly" search={{ unit: r.unit.id }} className="no-print">
              monthly review
            </Link>
          </p>
        </div>
        <div className="row no-print">
          <UnitPicker units={r.units} value={r.unit.id} onChange={(unit) => void navigate({ to: '/reviews/relationship', search: { unit } })} />
        </div>
      </header>
      {r.surveys.length === 0 && <EmptyState title="No relationship survey">No live relationship survey is readable for this unit.</EmptyState>}
      {r.surveys.map((s) => (
        <Card key={s.surveyId} title="Trend by quarter" flush>
          <Trend s={s} quarters={r.quarters} />
        </Card>
      ))}
      <Card title="The weakest items and how they moved" flush>
        <Table data-testid="relationship-weakest">
          <thead>
            <tr>
              <th>Item</th>
              {r.quarters.map((q) => (
                <th key={q} className="num">
                  {q}
                </th>
              ))}
              <th className="num">vs last quarter</th>
              <th className="num">over the year</th>
            </tr>
          </thead>
          <tbody>
            {r.weakest.map((i) => (
              <tr key={`${i.surveyId}:${i.key}`}>
                <td>{i.text}</td>
                {i.scores.map((s) => (
                  <td key={s.quarter} className="num">
                    {s.score === null ? '–' : Math.round(s.score)}
                  </td>
                ))}
                <td className="num">
                  <PointsChange difference={i.changeFromPrevious} />
                </td>
                <td className="num">
                  <PointsChange difference={i.changeOverYear} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {r.accounts && (
        <div className="review-columns">
          <Card title={`At-Risk (${r.accounts.atRisk.length})`} flush>
            <AccountTable accounts={r.accounts.atRisk} testId="relationship-at-risk" />
          </Card>
          <Card title={`Dangling (${r.accounts.dangling.length})`} flush>
            <AccountTable accounts={r.accounts.dangling} testId="relationship-dangling" />
          </Card>
        </div>
      )}
      {r.accounts && r.accounts.perceptionGaps.length > 0 && (
        <Card title="Where the account team sees it better than the customer" flush>
          <Table data-testid="relationship-gaps">
            <thead>
              <tr>
                <th>Account</th>
                <th>Team's view</th>
                <th className="num">Customers' index</th>
                <th className="num">Gap</th>
              </tr>
            </thead>
            <tbody>
              {r.accounts.perceptionGaps.map((g) => (
                <tr key={g.id}>
                  <td>{g.name}</td>
                  <td>{g.teamRating}</td>
                  <td className="num">{g.summaryIndex === null ? '–' : g.summaryIndex.toFixed(1)}</td>
                  <td className="num">{formatPoints(g.points)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      <Card title="Issues raised quarter after quarter">
        {r.recurringIssues.length === 0 ? (
          <p className="muted">No word recurs in low scorers' comments across quarters.</p>
        ) : (
          <ul className="review-issues" data-testid="relationship-issues">
            {r.recurringIssues.map((t) => (
              <li key={t.term}>
                <strong>{t.term}</strong> <span className="small muted">in {t.quarters} quarters, {t.mentions} comments</span>
                <blockquote className="review-quote">“{t.example}”</blockquote>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
