import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { buttonClass } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { PlusIcon } from '../../ui/icons.tsx';
import { formatCount, formatShare } from '../../ui/format.ts';
import type { Programme } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { ProgrammeKindBadge, ProgrammesIcon, ProgrammeStatusBadge, RateBar } from '../programmes/ProgrammeBadges.tsx';
import { programmesQuery } from '../programmes/queries.ts';
import '../programmes/programmes.css';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

function Quota({ p }: { p: Programme }) {
  if (p.quota === null) return <span className="muted">–</span>;
  const share = Math.min(1, p.stats.completed / p.quota);
  return (
    <span title={p.quotaReached ? 'Quota reached: nothing more is sent' : undefined}>
      <RateBar rate={share} label={`${formatCount(p.stats.completed)} / ${formatCount(p.quota)}`} />
    </span>
  );
}

function ProgrammeRow({ p }: { p: Programme }) {
  const navigate = useNavigate();
  return (
    <tr
      data-testid="programme-row"
      data-status={p.status}
      onClick={(e) => {
        // Whole-row click for mouse users; the name stays a keyboard-reachable link.
        if ((e.target as HTMLElement).closest('a,button')) return;
        void navigate({ to: '/programmes/$id', params: { id: p.id } });
      }}
      style={{ cursor: 'pointer' }}
    >
      <td>
        <Link to="/programmes/$id" params={{ id: p.id }} className="table-link" data-testid="programme-link">
          {p.name}
        </Link>
      </td>
      <td data-label="Kind">
        <ProgrammeKindBadge kind={p.kind} />
      </td>
      <td data-label="Survey" className="wrap">
        {p.survey.title}
      </td>
      <td data-label="Status" data-testid="programme-status">
        <ProgrammeStatusBadge status={p.status} />
      </td>
      <td className="right num" data-label="Sent">
        {formatCount(p.stats.sent)}
      </td>
      <td data-label="Response rate">
        <RateBar rate={p.stats.responseRate} label={formatShare(p.stats.responseRate)} />
      </td>
      <td data-label="Quota">
        <Quota p={p} />
      </td>
    </tr>
  );
}

export function ProgrammesPage() {
  const user = useUser();
  const canEdit = canEditSurveys(user.role);
  const programmes = useQuery(programmesQuery);
  useTitle('Programmes');
  const n = programmes.data?.programmes.length ?? 0;
  return (
    <div className="page prog">
      <header className="page-header">
        <div>
          <div className="eyebrow">Listen</div>
          <h1>Programmes</h1>
          <p className="page-sub">How surveys reach customers: after each transaction, once a period, or in a one-off pulse — all through one contact policy.</p>
        </div>
        {canEdit && (
          <Link to="/programmes/new" className={buttonClass('primary')} data-testid="new-programme">
            <PlusIcon size={16} />
            New programme
          </Link>
        )}
      </header>
      <ListCard
        query={programmes}
        what="programme list"
        placeholderRows={4}
        isEmpty={n === 0}
        empty={
          <EmptyState
            icon={<ProgrammesIcon size={26} />}
            title="No programmes yet"
            action={
              canEdit && (
                <Link to="/programmes/new" className={buttonClass('primary')}>
                  Create a programme
                </Link>
              )
            }
          >
            A programme sends a live survey: after each closed service call, once a year to key accounts, or to a chosen segment.
          </EmptyState>
        }
      >
        {(data) => (
          <Table data-testid="programme-table" className="stack-table programme-table">
            <thead>
              <tr>
                <th>Programme</th>
                <th>Kind</th>
                <th>Survey</th>
                <th>Status</th>
                <th className="right">Sent</th>
                <th>Response rate</th>
                <th>Quota</th>
              </tr>
            </thead>
            <tbody>
              {data.programmes.map((p) => (
                <ProgrammeRow key={p.id} p={p} />
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </div>
  );
}
