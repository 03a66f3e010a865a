import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { Headline, MonthlyReview, ReviewCases, ReviewProblem } from '../../../contract/reviews.ts';
import { Card } from '../../ui/Card.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { formatCount, formatDate, formatNps, formatPoints, formatShare } from '../../ui/format.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { GoalCard } from '../goals/GoalCard.tsx';
import '../goals/goals.css';
import { useTitle } from '../use-title.ts';
import { monthlyReviewQuery } from './review-queries.ts';
import { AccountTable, PointsChange, UnitPicker } from './ReviewParts.tsx';
import './reviews.css';

const route = getRouteApi('/_app/reviews/monthly');
const monthName = (month: string) => new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
const valueOf = (h: Headline, v: number | null) => (v === null ? '–' : h.metric === 'nps' ? formatNps(v) : `${Math.round(v)}%`);

function HeadlineCard({ h }: { h: Headline }) {
  const unit = h.metric === 'nps' ? 'pts' : 'pp';
  return (
    <Card>
      <Stat
        label={`${h.metric === 'nps' ? 'NPS' : 'CSAT'} · ${h.surveyTitle}`}
        value={
          <>
            {valueOf(h, h.value)}
            {h.marginOfError !== null && <span className="small muted"> ±{formatPoints(h.marginOfError)}</span>}
          </>
        }
        testId={`headline-${h.surveyId}`}
        meta={
          <span className="review-compare">
            <span>n = {formatCount(h.n)}</span>
            <span>
              vs last month <PointsChange difference={h.previousMonth.difference} significant={h.previousMonth.significant} unit={unit} />
            </span>
            <span>
              vs a year ago <PointsChange difference={h.yearAgo.difference} significant={h.yearAgo.significant} unit={unit} />
            </span>
          </span>
        }
      />
    </Card>
  );
}

function Problem({ p, rank }: { p: ReviewProblem; rank: number }) {
  return (
    <li data-key={p.key}>
      <div className="review-rank" aria-hidden="true">
        {rank}
      </div>
      <div className="review-problem">
        <div className="review-problem-head">
          <strong>{p.text}</strong>
          {p.reasons.map((r) => (
            <span key={r} className={`badge ${r === 'declined' ? 'badge-danger' : 'badge-warning'}`}>
              {r === 'declined' ? 'got worse' : 'among the weakest'}
            </span>
          ))}
          {p.smallSample && <span className="badge">small sample</span>}
        </div>
        <div className="small muted">
          {p.surveyTitle}
          {p.touchPoints.length > 0 && ` · ${p.touchPoints.join(', ')}`}
        </div>
        <div className="review-figures">
          <span>
            <strong>{p.score === null ? '–' : Math.round(p.score)}</strong>
            <span className="small muted">/100</span>
          </span>
          <PointsChange difference={p.score === null || p.previousScore === null ? null : p.score - p.previousScore} significant={p.significant} />
          <span className="small">n = {formatCount(p.n)}</span>
          <span className="small">{formatShare(p.detractorShare)} low scores</span>
        </div>
        {p.comments.map((c, i) => (
          <blockquote key={i} className="review-quote">
            “{c.text}”<span className="small muted"> — scored {c.score ?? '–'}, {formatDate(c.submittedAt)}</span>
          </blockquote>
        ))}
      </div>
    </li>
  );
}

function Problems({ review }: { review: MonthlyReview }) {
  if (review.problems.length === 0) return <EmptyState title="No key problems">Nothing got significantly worse, and no item has enough answers to rank.</EmptyState>;
  return (
    <ol className="review-problems" data-testid="review-problems">
      {review.problems.map((p, i) => (
        <Problem key={`${p.surveyId}:${p.key}`} p={p} rank={i + 1} />
      ))}
    </ol>
  );
}

/** The monthly operations review: short and ranked, read before the financials. */
export function MonthlyReviewPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const review = useQuery(monthlyReviewQuery(search.unit, search.month));
  useTitle(review.data ? `${review.data.unit.name} — monthly review` : 'Monthly review');
  if (review.isPending) return <PageSkeleton />;
  if (review.isError) return <PageLoadError error={review.error} what="the monthly review" onRetry={() => void review.refetch()} />;
  const r = review.data;
  const setSearch = (next: { unit?: string; month?: string }) => void navigate({ to: '/reviews/monthly', search: { ...search, ...next } });
  return (
    <div className="page review-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Monthly operations review</div>
          <h1 data-testid="review-unit-name">
            {r.unit.name} · {monthName(r.month)}
          </h1>
          <p className="page-sub">
            {formatDate(r.from)} – {formatDate(r.to)}, against the month before and the same month a year ago ·{' '}
            <Link to="/reviews/relationship" search={{ unit: r.unit.id }} className="no-print">
              relationship summary
            </Link>
            {' · '}
            <Link to="/reviews/digests" className="no-print">
              email digests
            </Link>
          </p>
        </div>
        <div className="row no-print" style={{ gap: 10, flexWrap: 'wrap' }}>
          <UnitPicker units={r.units} value={r.unit.id} onChange={(unit) => setSearch({ unit })} />
          <label className="field-inline">
            <span className="small muted">Month</span>
            <input className="input" type="month" value={r.month} onChange={(e) => e.target.value && setSearch({ month: e.target.value })} data-testid="review-month" />
          </label>
        </div>
      </header>
      {r.headlines.length > 0 ? (
        <div className="kpi-grid">
          {r.headlines.map((h) => (
            <HeadlineCard key={h.surveyId} h={h} />
          ))}
        </div>
      ) : (
        <EmptyState title="No scores this month">No survey with an NPS or CSAT question had answers from this unit.</EmptyState>
      )}
      <Card title="Key experience problems" actions={<span className="small muted card-hint">worst first</span>}>
        <Problems review={r} />
      </Card>
      {r.accounts && (
        <Card
          title="Accounts that moved into At-Risk"
          actions={<span className="small muted card-hint">{r.accounts.atRisk} At-Risk · revenue at risk {formatCount(r.accounts.revenueAtRisk)}</span>}
          flush={r.accounts.intoAtRisk.length > 0}
        >
          {r.accounts.intoAtRisk.length > 0 ? (
            <AccountTable accounts={r.accounts.intoAtRisk} testId="review-into-at-risk" />
          ) : (
            <p className="muted">No account of this unit moved into At-Risk this quarter.</p>
          )}
        </Card>
      )}
      {r.cases && <CasesCard cases={r.cases} />}
      {r.goals.length > 0 && (
        <section aria-labelledby="review-goals-title" data-testid="review-goals" className="goal-section">
          <div className="section-title">
            <h2 id="review-goals-title">Goals</h2>
            <Link to="/goals" className="small">All goals</Link>
          </div>
          <div className="survey-grid">
            {r.goals.map((g) => <GoalCard key={g.id} goal={g} />)}
          </div>
        </section>
      )}
    </div>
  );
}

const hoursOf = (minutes: number | null) => (minutes === null ? '–' : minutes < 120 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`);

/** What was found and what was done: the month's cases, and the closed ones the customer was told of. */
function CasesCard({ cases }: { cases: ReviewCases }) {
  return (
    <Card title="Cases opened this month" actions={<Link to="/cases" className="small">All cases</Link>}>
      <div className="review-case-stats" data-testid="review-cases">
        <Stat label="Opened" value={formatCount(cases.opened)} />
        <Stat label="Closed" value={formatCount(cases.closed)} />
        <Stat label="Closed in time" value={formatShare(cases.withinDeadlineShare)} />
        <Stat label="First action (median)" value={hoursOf(cases.ackMedianMinutes)} meta="business hours" />
        <Stat label="To close (median)" value={hoursOf(cases.closeMedianMinutes)} meta="business hours" />
      </div>
      {cases.topRootCauses.length > 0 && (
        <p className="small">
          <strong>Root causes:</strong> {cases.topRootCauses.map((c) => `${c.label} (${c.count})`).join(', ')}
        </p>
      )}
      {cases.notable.length > 0 ? (
        <ul className="review-actions" data-testid="review-case-actions">
          {cases.notable.map((c, i) => (
            <li key={i}>
              <strong>{c.title}</strong>
              {c.resolution && <> — {c.resolution}</>}
              <span className="small muted"> · closed {formatDate(c.closedAt)}{c.customerToldAt ? `, customer told ${formatDate(c.customerToldAt)}` : ', customer not told yet'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No case opened this month is closed yet.</p>
      )}
    </Card>
  );
}
