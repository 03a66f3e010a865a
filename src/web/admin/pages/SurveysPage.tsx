import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { buttonClass } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { PlusIcon, SurveysIcon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import type { SurveySummary } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { ChangesBadge, KIND_LABEL, StatusBadge } from '../components/SurveyBadges.tsx';
import { surveysQuery } from '../queries.ts';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

/** The path of the public address (/s/slug), short enough for a table cell. */
function shortUrl(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function SurveyRow({ survey, canEdit }: { survey: SurveySummary; canEdit: boolean }) {
  const navigate = useNavigate();
  return (
    <tr
      data-testid="survey-row"
      onClick={(e) => {
        // Whole-row click for mouse users; links inside stay keyboard-reachable.
        if ((e.target as HTMLElement).closest('a,button')) return;
        void navigate({ to: '/surveys/$id', params: { id: survey.id } });
      }}
      style={{ cursor: 'pointer' }}
    >
      <td>
        <Link to="/surveys/$id" params={{ id: survey.id }} className="table-link">
          {survey.title}
        </Link>
      </td>
      <td data-label="Kind">{KIND_LABEL[survey.kind]}</td>
      <td data-label="Unit" className="wrap">
        {survey.unitName}
      </td>
      <td data-label="Status">
        <div className="row" style={{ gap: 6 }}>
          <StatusBadge status={survey.status} />
          <ChangesBadge survey={survey} />
        </div>
      </td>
      <td className="num" data-label="Version">{survey.version === null ? <span className="muted">–</span> : `v${survey.version}`}</td>
      <td className="right num" data-label="Responses">{formatCount(survey.responseCount)}</td>
      <td className="cell-link" data-label="Link">
        {survey.publicUrl ? (
          <a href={survey.publicUrl} target="_blank" rel="noreferrer" className="mono" title={survey.publicUrl}>
            {shortUrl(survey.publicUrl)}
          </a>
        ) : (
          <span className="muted small">Not published</span>
        )}
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          {canEdit && (
            <Link to="/surveys/$id/edit" params={{ id: survey.id }} className={buttonClass('default', 'sm')}>
              Edit
            </Link>
          )}
        </div>
      </td>
    </tr>
  );
}

export function SurveysPage() {
  const user = useUser();
  const canEdit = canEditSurveys(user.role);
  const surveys = useQuery(surveysQuery);
  useTitle('Surveys');

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Listen</div>
          <h1>Surveys</h1>
          <p className="page-sub">
            {surveys.data
              ? `${formatCount(surveys.data.surveys.length)} survey${surveys.data.surveys.length === 1 ? '' : 's'} you can see in ${user.unitName}`
              : 'Every survey you can see.'}
          </p>
        </div>
        {canEdit && (
          <Link to="/surveys/new" className={buttonClass('primary')} data-testid="new-survey">
            <PlusIcon size={16} />
            New survey
          </Link>
        )}
      </header>

      <ListCard
        query={surveys}
        what="survey list"
        placeholderRows={4}
        isEmpty={surveys.data?.surveys.length === 0}
        empty={
          <EmptyState
            icon={<SurveysIcon size={26} />}
            title="No surveys yet"
            action={
              canEdit && (
                <Link to="/surveys/new" className={buttonClass('primary')}>
                  Create a survey
                </Link>
              )
            }
          >
            {canEdit
              ? 'A survey starts with one NPS question and an optional comment; you can change both before you publish.'
              : 'When an admin or analyst publishes a survey for your unit, it shows here.'}
          </EmptyState>
        }
      >
        {(data) => (
          <Table data-testid="survey-table" className="survey-table">
            <thead>
              <tr>
                <th>Survey</th>
                <th>Kind</th>
                <th>Unit</th>
                <th>Status</th>
                <th>Version</th>
                <th className="right">Responses</th>
                <th>Public link</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.surveys.map((s) => (
                <SurveyRow key={s.id} survey={s} canEdit={canEdit} />
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </div>
  );
}
