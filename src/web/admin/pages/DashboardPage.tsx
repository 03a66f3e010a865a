import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Chart } from '../../ui/Chart.tsx';
import { ChartCard, type ChartCardColumn, type ChartCardTable } from '../../ui/ChartCard.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { ChartIcon, EditIcon } from '../../ui/icons.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';
import { SMALL_SAMPLE } from '../../../core/nps.ts';
import type { Period, SurveyDashboard } from '../api.ts';
import { distributionOption, trendOption } from '../charts.ts';
import { CommentList } from '../components/CommentList.tsx';
import { NpsSummary } from '../components/NpsSummary.tsx';
import { PageLoadError, TwoPanelSkeleton } from '../components/QueryState.tsx';
import { ChangesBadge, KIND_LABEL, StatusBadge } from '../components/SurveyBadges.tsx';
import { SurveyTabs } from '../components/SurveyTabs.tsx';
import { dashboardQuery } from '../queries.ts';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/_app/surveys/$id');

const PERIODS = [
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '12m', label: '12 months' },
  { value: 'all', label: 'All time' },
] as const satisfies readonly { value: Period; label: string }[];

const PERIOD_LABEL: Record<Period, string> = {
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12m': 'Last 12 months',
  all: 'All time',
};

const PERIOD_TEXT: Record<Period, string> = {
  '30d': 'in the last 30 days',
  '90d': 'in the last 90 days',
  '12m': 'in the last 12 months',
  all: 'yet',
};

const TREND_COLUMNS: readonly ChartCardColumn[] = [
  { key: 'week', label: 'Week starting' },
  { key: 'nps', label: 'NPS', numeric: true, format: (v) => (typeof v === 'number' ? formatNps(v) : '–') },
  { key: 'answers', label: 'Answers', numeric: true, format: (v) => (typeof v === 'number' ? formatCount(v) : '–') },
];

/** The weekly trend as table rows: the same numbers the chart draws. */
function trendTableOf(points: SurveyDashboard['trend']): ChartCardTable {
  return {
    columns: TREND_COLUMNS,
    rows: points.map((p) => ({ week: p.weekStart, nps: p.score === null ? null : Math.round(p.score * 10) / 10, answers: p.n })),
  };
}

function Charts({ data }: { data: SurveyDashboard }) {
  const distribution = useMemo(() => distributionOption(data.distribution), [data.distribution]);
  const trend = useMemo(() => trendOption(data.trend), [data.trend]);
  const trendTable = useMemo(() => trendTableOf(data.trend), [data.trend]);
  const smallWeeks = data.trend.filter((p) => p.n > 0 && p.n < SMALL_SAMPLE).length;
  return (
    <>
      <div className="dash-grid">
        <Card title="Net Promoter Score" actions={<span className="small muted card-hint">{PERIOD_LABEL[data.period]}</span>}>
          <div className="stack">
            <NpsSummary nps={data.nps} />
            {data.question && (
              <p className="small muted" title={`Question id: ${data.question.id}`}>
                Answers to “{data.question.text}”
              </p>
            )}
          </div>
        </Card>
        <Card title="Score distribution" actions={<span className="small muted card-hint">answers per score, 0–10</span>}>
          <Chart option={distribution} height={250} label="Number of answers for each score from 0 to 10" testId="distribution-chart" />
        </Card>
      </div>
      <div className="stack" style={{ gap: 18 }}>
        {data.trend.length === 0 ? (
          <Card title="Weekly trend">
            <EmptyState title="No weeks to show">The trend appears once answers come in.</EmptyState>
          </Card>
        ) : (
          <ChartCard
            title="Weekly trend"
            actions={<span className="small muted card-hint">NPS per week · bars: answers</span>}
            option={trend}
            height={280}
            chartLabel="NPS per week, with the number of answers per week"
            table={trendTable}
            filename={`nps-trend-${data.period}`}
            note={smallWeeks > 0 ? `${smallWeeks} of ${data.trend.length} weeks have fewer than ${SMALL_SAMPLE} answers: read their NPS as a small sample.` : undefined}
            testId="trend"
          />
        )}
        <Card title="Latest comments" flush>
          <CommentList comments={data.comments} emptyText={`Nobody has left a comment ${PERIOD_TEXT[data.period]}.`} />
        </Card>
      </div>
    </>
  );
}

function NoAnswers({ data, period, canEdit }: { data: SurveyDashboard; period: Period; canEdit: boolean }) {
  const { survey } = data;
  const navigate = useNavigate();
  if (survey.status === 'draft' || !survey.publicUrl) {
    return (
      <EmptyState
        icon={<ChartIcon size={28} />}
        title="Not published yet"
        action={
          canEdit && (
            <Link to="/surveys/$id/edit" params={{ id: survey.id }} className={buttonClass('primary')}>
              Open the builder
            </Link>
          )
        }
      >
        Publish the survey to get its public link. Scores and comments show here within seconds of each answer.
      </EmptyState>
    );
  }
  if (survey.responseCount > 0 && period !== 'all') {
    return (
      <EmptyState
        icon={<ChartIcon size={28} />}
        title={`No answers ${PERIOD_TEXT[period]}`}
        action={
          <button type="button" className={buttonClass()} onClick={() => void navigate({ to: '.', search: { period: 'all' } })}>
            Show all time ({formatCount(survey.responseCount)})
          </button>
        }
      >
        This survey has older answers.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<ChartIcon size={28} />} title="No responses yet">
      <p>
        {survey.status === 'closed'
          ? 'The survey is closed and received no answers. Reopen it to collect some.'
          : 'Share the public link with your customers. This page refreshes on its own: the first answer shows up within seconds.'}
      </p>
      {survey.status === 'live' && (
        <div style={{ marginTop: 14, width: 'min(520px, 80vw)', textAlign: 'left' }}>
          <CopyField value={survey.publicUrl} />
        </div>
      )}
    </EmptyState>
  );
}

export function DashboardPage() {
  const { id } = route.useParams();
  const search = route.useSearch();
  const period: Period = search.period ?? '12m';
  const navigate = useNavigate();
  const user = useUser();
  const canEdit = canEditSurveys(user.role);
  const dashboard = useQuery(dashboardQuery(id, period));
  useTitle(dashboard.data?.survey.title ?? 'Survey');

  if (dashboard.isPending) return <TwoPanelSkeleton grid="dash-grid" height={300} />;
  if (dashboard.isError) return <PageLoadError error={dashboard.error} what="survey" onRetry={() => void dashboard.refetch()} />;

  const data = dashboard.data;
  const { survey } = data;
  const updated = new Date(dashboard.dataUpdatedAt).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/surveys">Surveys</Link>
            <span aria-hidden="true">/</span>
            <span>Dashboard</span>
          </nav>
          <h1 data-testid="survey-title">{survey.title}</h1>
          <div className="page-sub">
            <StatusBadge status={survey.status} />
            <ChangesBadge survey={survey} />
            <span>
              {KIND_LABEL[survey.kind]} · {survey.unitName}
              {survey.version !== null && <> · v{survey.version}</>} · {formatCount(survey.responseCount)} {survey.responseCount === 1 ? 'response' : 'responses'} in total
            </span>
          </div>
        </div>
        <div className="row">
          <Segmented
            label="Period"
            options={PERIODS}
            value={period}
            onChange={(p) => void navigate({ to: '.', search: { period: p }, replace: true })}
            testId="period"
          />
          {canEdit && (
            <Link to="/surveys/$id/edit" params={{ id: survey.id }} className={buttonClass()} data-testid="edit-survey">
              <EditIcon size={16} /> Edit
            </Link>
          )}
        </div>
      </header>
      <SurveyTabs surveyId={survey.id} />

      <div className="row" style={{ justifyContent: 'space-between', gap: 12 }}>
        {survey.publicUrl && survey.status !== 'draft' ? (
          <div className="header-link">
            <CopyField value={survey.publicUrl} testId="public-url" />
          </div>
        ) : (
          <span className="small muted">Not published yet: there is no public link.</span>
        )}
        <span className="live-dot" title="The dashboard refreshes every 5 seconds">
          Updated {updated}
        </span>
      </div>

      {data.question === null ? (
        <Card>
          <EmptyState icon={<ChartIcon size={28} />} title="This survey has no NPS question">
            The dashboard reports on the first NPS question. Add one in the builder to see a score.
          </EmptyState>
        </Card>
      ) : data.nps.n === 0 ? (
        <Card>
          <NoAnswers data={data} period={period} canEdit={canEdit} />
        </Card>
      ) : (
        <Charts data={data} />
      )}
    </div>
  );
}
