import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ScoreChip } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState, Skeleton } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { ListIcon } from '../../ui/icons.tsx';
import { formatCount, formatDate, formatDateTime, formatRelative } from '../../ui/format.ts';
import type { SurveyResponse } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ListCard } from '../components/QueryState.tsx';
import { StatusBadge } from '../components/SurveyBadges.tsx';
import { SurveyTabs } from '../components/SurveyTabs.tsx';
import { dashboardQuery, responsesQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/_app/surveys/$id/responses');

/** The answers of one response, split into the NPS score, free texts and other answers. */
function splitAnswers(response: SurveyResponse, npsId: string | null) {
  const score = npsId !== null && typeof response.answers[npsId] === 'number' ? response.answers[npsId] : null;
  const texts: { id: string; text: string }[] = [];
  const others: { id: string; value: string }[] = [];
  for (const [id, value] of Object.entries(response.answers)) {
    if (id === npsId) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') texts.push({ id, text: value });
    } else {
      others.push({ id, value: String(value) });
    }
  }
  return { score, texts, others };
}

function ResponseRow({ response, npsId }: { response: SurveyResponse; npsId: string | null }) {
  const { score, texts, others } = splitAnswers(response, npsId);
  // Sorted by name: stored attributes come back in no order people would recognise.
  const attributes = Object.entries(response.attributes).sort(([a], [b]) => a.localeCompare(b));
  // "2 h ago" helps for recent answers; older ones would only repeat the date.
  const relative = formatRelative(response.submittedAt);
  const recent = relative !== formatDate(response.submittedAt);
  return (
    <tr data-testid="response-row">
      <td className="resp-time">
        <time dateTime={response.submittedAt} title={formatDateTime(response.submittedAt)}>
          {formatDateTime(response.submittedAt)}
        </time>
        {recent && <div className="small muted">{relative}</div>}
      </td>
      <td className="resp-score">
        <ScoreChip score={score} />
      </td>
      <td className="resp-comment">
        {texts.length === 0 ? (
          <span className="muted small">No comment</span>
        ) : (
          texts.map((t) => (
            <div key={t.id} className="comment-text" data-testid="response-comment">
              {t.text}
            </div>
          ))
        )}
        {others.length > 0 && (
          <div className="resp-others small muted">
            {others.map((o) => (
              <span key={o.id}>
                {o.id}: <strong>{o.value}</strong>
              </span>
            ))}
          </div>
        )}
      </td>
      <td className="resp-tags">
        {attributes.length === 0 ? (
          <span className="muted small">–</span>
        ) : (
          <ul className="tag-list" aria-label="Segments">
            {attributes.map(([k, v]) => (
              <li key={k} className="tag" title={`${k}: ${v}`}>
                <span className="tag-key">{k}</span> {v}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="resp-version num">
        <span className="resp-version-label">Version </span>v{response.versionNumber}
      </td>
    </tr>
  );
}

export function ResponsesPage() {
  const { id } = route.useParams();
  // The survey header and NPS question id come from the dashboard (shared cache with the dashboard tab).
  const dashboard = useQuery({ ...dashboardQuery(id, '12m'), refetchInterval: false });
  const responses = useInfiniteQuery(responsesQuery(id));
  useTitle(dashboard.data ? `Responses · ${dashboard.data.survey.title}` : 'Responses');

  const survey = dashboard.data?.survey;
  const npsId = dashboard.data?.question?.id ?? null;
  const rows = responses.data?.pages.flatMap((p) => p.responses) ?? [];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/surveys">Surveys</Link>
            <span aria-hidden="true">/</span>
            {survey ? (
              <Link to="/surveys/$id" params={{ id }}>
                {survey.title}
              </Link>
            ) : (
              <span>Survey</span>
            )}
            <span aria-hidden="true">/</span>
            <span>Responses</span>
          </nav>
          {survey ? <h1 data-testid="survey-title">{survey.title}</h1> : <Skeleton width={320} height={28} />}
          {survey && (
            <div className="page-sub">
              <StatusBadge status={survey.status} />
              <span>
                {formatCount(survey.responseCount)} {survey.responseCount === 1 ? 'response' : 'responses'} in total
                {survey.responseCount > 1 && ' · newest first'}
              </span>
            </div>
          )}
        </div>
        {survey && survey.status !== 'draft' && <ExportMenu surveyId={id} />}
      </header>
      <SurveyTabs surveyId={id} />

      <ListCard
        query={responses}
        what="response list"
        placeholderRows={5}
        isEmpty={rows.length === 0}
        empty={
          <EmptyState icon={<ListIcon size={26} />} title={survey?.status === 'draft' ? 'Not published yet' : 'No responses yet'}>
            {survey?.status === 'draft'
              ? 'Once the survey is published, each answer shows here with its score, comment and segments.'
              : 'Each answer to this survey shows here with its score, comment and segments.'}
          </EmptyState>
        }
      >
        {() => (
          <>
            <Table data-testid="responses-table" className="responses-table">
              <thead>
                <tr>
                  <th>Submitted</th>
                  <th>Score</th>
                  <th>Comment</th>
                  <th>Segments</th>
                  <th>Version</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <ResponseRow key={r.id} response={r} npsId={npsId} />
                ))}
              </tbody>
            </Table>
            <div className="table-foot">
              <span className="small muted" data-testid="responses-shown">
                Showing {formatCount(rows.length)}
                {survey ? ` of ${formatCount(survey.responseCount)}` : ''}
              </span>
              {responses.hasNextPage && (
                <Button onClick={() => void responses.fetchNextPage()} loading={responses.isFetchingNextPage} data-testid="load-more">
                  Load more
                </Button>
        )}
        {responses.isFetchNextPageError && <span className="small field-error">Could not load more. Try again.</span>}
      </div>
    </>
        )}
      </ListCard>
    </div>
  );
}
