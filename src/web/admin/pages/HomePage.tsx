import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { NpsStats, Overview } from '../../../contract/dashboard.ts';
import { buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Chart } from '../../ui/Chart.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Delta, Stat } from '../../ui/Stat.tsx';
import { SurveysIcon } from '../../ui/icons.tsx';
import { formatCount, formatNps, formatPoints, relativeChange } from '../../ui/format.ts';
import { sparklineOption } from '../charts.ts';
import { CommentList } from '../components/CommentList.tsx';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { KIND_LABEL, StatusBadge } from '../components/SurveyBadges.tsx';
import { GoalCards } from '../goals/GoalCard.tsx';
import { overviewQuery } from '../queries.ts';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

type OverviewSurvey = Overview['surveys'][number];

function SurveyCard({ item }: { item: OverviewSurvey }) {
  const { survey, nps, trend } = item;
  const option = useMemo(() => sparklineOption(trend), [trend]);
  const hasTrend = trend.filter((p) => p.score !== null).length >= 2;
  return (
    <Link to="/surveys/$id" params={{ id: survey.id }} className="card survey-card" data-testid="survey-card">
      <div className="row" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
        <div className="survey-card-title" title={survey.title}>
          {survey.title}
        </div>
        <span className="spacer" />
        <StatusBadge status={survey.status} />
      </div>
      <div className="survey-card-meta">
        {KIND_LABEL[survey.kind]} · {survey.unitName}
      </div>
      <NpsMini nps={nps} />
      <div style={{ height: 48 }}>
        {hasTrend ? (
          <Chart option={option} height={48} label={`Weekly NPS of ${survey.title} over the last 12 weeks`} />
        ) : (
          <div className="small muted" style={{ paddingTop: 14 }}>
            {nps.n === 0 ? 'The weekly trend starts with the first answers.' : 'The trend shows after two weeks of answers.'}
          </div>
        )}
      </div>
    </Link>
  );
}

function NpsMini({ nps }: { nps: NpsStats }) {
  const empty = nps.n === 0 || nps.score === null;
  return (
    <div>
      <div className="nps-mini-label">NPS · 12 months</div>
      <div className="nps-mini">
        <span
          className={empty || nps.smallSample ? 'nps-mini-value tentative' : 'nps-mini-value'}
          title={nps.smallSample && !empty ? 'Fewer than 30 answers: not yet reliable' : undefined}
        >
          {empty ? '–' : formatNps(nps.score)}
        </span>
        <span className="small muted num">
          {empty ? (
            'no answers'
          ) : (
            <>
              n = {formatCount(nps.n)}
              {nps.marginOfError !== null && !nps.smallSample && <> · ± {formatPoints(nps.marginOfError)}</>}
              {nps.smallSample && <> · small sample</>}
            </>
          )}
        </span>
      </div>
    </div>
  );
}

export function HomePage() {
  const user = useUser();
  const overview = useQuery(overviewQuery);
  useTitle('Overview');

  if (overview.isPending) return <PageSkeleton />;
  if (overview.isError) return <PageLoadError error={overview.error} what="overview" onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const live = data.surveys.filter((s) => s.survey.status === 'live').length;
  const total = data.surveys.reduce((sum, s) => sum + s.survey.responseCount, 0);
  const change = relativeChange(data.responses30d, data.responsesPrevious30d);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Overview</div>
          <h1 data-testid="company-name">{data.companyName}</h1>
          <p className="page-sub">
            Welcome back, {user.name.split(' ')[0]}. Here is how customers feel across {user.unitName}.
          </p>
        </div>
        {canEditSurveys(user.role) && (
          <Link to="/surveys/new" className={buttonClass('primary')}>
            New survey
          </Link>
        )}
      </header>

      <div className="kpi-grid">
        <Card>
          <Stat
            label="Responses · 30 days"
            value={formatCount(data.responses30d)}
            testId="kpi-responses-30d"
            meta={
              <>
                <Delta change={change} label="Change from the previous 30 days" /> vs previous 30 days
              </>
            }
          />
        </Card>
        <Card>
          <Stat label="Previous 30 days" value={formatCount(data.responsesPrevious30d)} meta="Responses, days 31–60 ago" />
        </Card>
        <Card>
          <Stat label="Live surveys" value={formatCount(live)} meta={`of ${formatCount(data.surveys.length)} published`} />
        </Card>
        <Card>
          <Stat label="All responses" value={formatCount(total)} meta="Since each survey went live" />
        </Card>
      </div>

      <GoalCards filter={{ mine: true }} title="Your goals" testId="home-goals" />

      <div className="home-grid">
        <section aria-labelledby="home-surveys">
          <div className="section-title">
            <h2 id="home-surveys">Surveys</h2>
            <Link to="/surveys" className="small">
              View all
            </Link>
          </div>
          {data.surveys.length === 0 ? (
            <Card>
              <EmptyState
                icon={<SurveysIcon size={26} />}
                title="No surveys yet"
                action={
                  canEditSurveys(user.role) && (
                    <Link to="/surveys/new" className={buttonClass('primary')}>
                      Create your first survey
                    </Link>
                  )
                }
              >
                Create a survey, publish it and share its link: scores and comments appear here as they come in.
              </EmptyState>
            </Card>
          ) : (
            <div className="survey-grid">
              {data.surveys.map((item) => (
                <SurveyCard key={item.survey.id} item={item} />
              ))}
            </div>
          )}
        </section>
        <Card title="Latest comments" flush>
          <CommentList comments={data.comments} emptyText="Comments respondents leave on any survey show up here." />
        </Card>
      </div>
    </div>
  );
}
