import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { SUPPRESSION_REASONS } from '../../../core/contact-policy-rules.ts';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Skeleton } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatDateTime } from '../../ui/format.ts';
import type { Invitation, InvitationFilter } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { INVITATION_STATUS_LABEL, REASON_LABEL, type InvitationStatus } from './describe.ts';
import { SuppressionNote } from './ProgrammeBadges.tsx';
import { invitationsQuery } from './queries.ts';

const PAGE = 50;
const STATUSES = Object.keys(INVITATION_STATUS_LABEL) as InvitationStatus[];
const STATUS_TONE: Record<InvitationStatus, BadgeTone> = {
  scheduled: 'info',
  suppressed: 'warning',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** How far an invitation got after it was sent. */
function progress(i: Invitation): string {
  if (i.unsubscribedAt) return 'Unsubscribed';
  if (i.bouncedAt) return 'Bounced';
  if (i.completedAt) return 'Completed';
  if (i.startedAt) return 'Started';
  if (i.openedAt) return 'Opened';
  return i.sentAt ? 'Not opened' : '–';
}

/** A programme's invitations, filtered by status and suppression reason, a page at a time. */
export function InvitationsCard({ programmeId }: { programmeId: string }) {
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const [reason, setReason] = useState<(typeof SUPPRESSION_REASONS)[number] | ''>('');
  const [offset, setOffset] = useState(0);
  const filter: InvitationFilter = { status: status || undefined, reason: reason || undefined, limit: PAGE, offset };
  const list = useQuery(invitationsQuery(programmeId, filter));
  const total = list.data?.total ?? 0;
  const rows = list.data?.invitations ?? [];
  return (
    <Card title="Invitations" flush data-testid="invitations-card">
      <div className="card-body filter-row">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as InvitationStatus | '');
            setOffset(0);
          }}
          data-testid="invitation-status-filter"
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {INVITATION_STATUS_LABEL[s]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Suppression reason"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value as typeof reason);
            setOffset(0);
          }}
          data-testid="invitation-reason-filter"
        >
          <option value="">Any reason</option>
          {SUPPRESSION_REASONS.map((r) => (
            <option key={r} value={r}>
              {REASON_LABEL[r]}
            </option>
          ))}
        </SelectField>
      </div>
      {list.isError ? (
        <div className="card-body">
          <LoadError error={list.error} what="invitations" onRetry={() => void list.refetch()} />
        </div>
      ) : !list.data ? (
        <div className="card-body">
          <Skeleton height={160} />
        </div>
      ) : rows.length === 0 ? (
        <p className="card-body muted" data-testid="invitations-empty">
          {status || reason ? 'No invitations match these filters.' : 'No invitations yet.'}
        </p>
      ) : (
        <>
          <Table className="stack-table" data-testid="invitations-table" aria-busy={list.isFetching || undefined}>
            <thead>
              <tr>
                <th>Person</th>
                <th>Account</th>
                <th>Wave</th>
                <th>Status</th>
                <th>Scheduled</th>
                <th>Sent</th>
                <th>Progress</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-testid="invitation-row">
                  <td className="cell-break">
                    <div className="table-title">{i.name ?? i.email}</div>
                    {i.name && <div className="small muted">{i.email}</div>}
                  </td>
                  <td data-label="Account">{i.accountName ?? <span className="muted">–</span>}</td>
                  <td data-label="Wave">{i.wave}</td>
                  <td data-label="Status">
                    <Badge tone={STATUS_TONE[i.status]}>{INVITATION_STATUS_LABEL[i.status]}</Badge>
                  </td>
                  <td data-label="Scheduled">
                    <time dateTime={i.scheduledAt}>{formatDateTime(i.scheduledAt)}</time>
                  </td>
                  <td data-label="Sent">{i.sentAt ? <time dateTime={i.sentAt}>{formatDateTime(i.sentAt)}</time> : <span className="muted">–</span>}</td>
                  <td data-label="Progress">
                    {progress(i)}
                    {i.remindersSent > 0 && <div className="small muted">{i.remindersSent === 1 ? '1 reminder' : `${i.remindersSent} reminders`}</div>}
                  </td>
                  <td data-label="Reason" className="wrap" data-testid="invitation-reason">
                    <SuppressionNote reason={i.reason} detail={i.detail} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="table-foot pager">
            <span className="small muted" data-testid="invitations-range">
              {formatCount(offset + 1)}–{formatCount(offset + rows.length)} of {formatCount(total)}
            </span>
            <span className="spacer" />
            <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} data-testid="invitations-prev">
              Previous
            </Button>
            <Button size="sm" disabled={offset + rows.length >= total} onClick={() => setOffset(offset + PAGE)} data-testid="invitations-next">
              Next
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
