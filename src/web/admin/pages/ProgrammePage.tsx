import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { EditIcon } from '../../ui/icons.tsx';
import { formatDate } from '../../ui/format.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { describeProgramme } from '../programmes/describe.ts';
import { InvitationsCard } from '../programmes/InvitationsCard.tsx';
import { ProgrammeActions } from '../programmes/ProgrammeActions.tsx';
import { ProgrammeKindBadge, ProgrammeStatusBadge } from '../programmes/ProgrammeBadges.tsx';
import { programmeQuery } from '../programmes/queries.ts';
import { RatesCard } from '../programmes/RatesCard.tsx';
import { StatsFunnel } from '../programmes/StatsFunnel.tsx';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import '../programmes/programmes.css';

/** One programme: its status and actions, its settings in words, the funnel, response rates and invitations. */
export function ProgrammePage() {
  const { id } = useParams({ from: '/_app/programmes/$id' });
  const user = useUser();
  const canEdit = canEditSurveys(user.role);
  const programme = useQuery(programmeQuery(id));
  useTitle(programme.data?.name ?? 'Programme');
  if (programme.isError) return <PageLoadError error={programme.error} what="programme" onRetry={() => void programme.refetch()} />;
  if (!programme.data) return <PageSkeleton />;
  const p = programme.data;
  return (
    <div className="page prog">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/programmes">Programmes</Link>
          </nav>
          <h1 data-testid="programme-title">{p.name}</h1>
          <div className="row prog-meta">
            <ProgrammeKindBadge kind={p.kind} />
            <span data-testid="programme-status">
              <ProgrammeStatusBadge status={p.status} />
            </span>
            <span className="small muted">
              Sends{' '}
              <Link to="/surveys/$id" params={{ id: p.survey.id }}>
                {p.survey.title}
              </Link>{' '}
              · {p.unitName}
              {p.touchPoint && ` · at ${p.touchPoint.name}`}
              {p.activatedAt ? ` · active since ${formatDate(p.activatedAt)}` : ` · created ${formatDate(p.createdAt)}`}
            </span>
          </div>
        </div>
        {canEdit && (
          <div className="prog-header-actions">
            {p.status !== 'ended' && (
              <Link to="/programmes/$id/edit" params={{ id: p.id }} className={buttonClass('default')} data-testid="edit-programme">
                <EditIcon size={16} /> Edit
              </Link>
            )}
            <ProgrammeActions programme={p} />
          </div>
        )}
      </header>

      {p.survey.status !== 'live' && p.status !== 'ended' && (
        <Alert tone="warning" title="Its survey is not live.">
          Nothing is sent until “{p.survey.title}” is published.
        </Alert>
      )}
      {p.quotaReached && (
        <Alert tone="info" title="Quota reached.">
          {p.quota} responses are in; nothing more is sent.
        </Alert>
      )}

      <Card title="Settings">
        <p className="prog-summary" data-testid="programme-summary">
          {describeProgramme(p.config, p.quota)}
        </p>
      </Card>

      <Card title="Where the invitations are">
        <StatsFunnel stats={p.stats} />
      </Card>

      <RatesCard programmeId={p.id} />
      <InvitationsCard programmeId={p.id} />
    </div>
  );
}
