import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import type { AssessmentRating } from '../../../contract/accounts.ts';
import { Badge, ScoreChip } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatDate } from '../../ui/format.ts';
import { api, errorMessage, type AccountDetail } from '../api.ts';
import { AssessmentBadge, ContactStateBadges, formatMoney, RATING_LABEL } from '../components/CustomerBadges.tsx';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { AccountStanding } from '../analytics/AccountStanding.tsx';
import { useTitle } from '../use-title.ts';

function AssessmentForm({ account }: { account: AccountDetail }) {
  const client = useQueryClient();
  const [rating, setRating] = useState<AssessmentRating>('good');
  const [note, setNote] = useState('');
  const [on, setOn] = useState('');
  const save = useMutation({
    mutationFn: () => api.assessAccount(account.id, { rating, ...(note ? { note } : {}), ...(on ? { assessedOn: on } : {}) }),
    onSuccess: async () => {
      setNote('');
      await client.invalidateQueries({ queryKey: ['account', account.id] });
      await client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
  return (
    <form
      className="stack"
      aria-label="Record an assessment"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="row" style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <SelectField label="Rating" value={rating} onChange={(e) => setRating(e.target.value as AssessmentRating)} data-testid="assessment-rating">
          {Object.entries(RATING_LABEL).map(([k, v]) => (
            <option key={k} value={k}>{v}</option>
          ))}
        </SelectField>
        <TextField label="Assessed on" type="date" optional value={on} onChange={(e) => setOn(e.target.value)} />
      </div>
      <TextAreaField label="Note" optional rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="assessment-note" />
      {save.error && <Alert tone="error">{errorMessage(save.error)}</Alert>}
      <div>
        <Button type="submit" variant="primary" loading={save.isPending} data-testid="assessment-submit">Record assessment</Button>
      </div>
    </form>
  );
}

export function AccountPage() {
  const { id } = useParams({ from: '/_app/accounts/$id' });
  const account = useQuery({ queryKey: ['account', id], queryFn: () => api.account(id) });
  useTitle(account.data?.name ?? 'Account');
  if (account.isPending) return <PageSkeleton />;
  if (account.isError) return <PageLoadError error={account.error} what="account" onRetry={() => void account.refetch()} />;
  const a = account.data;
  const invitations = Object.entries(a.invitations);
  return (
    <div className="page" data-testid="account-page">
      <header className="page-header">
        <div>
          <div className="eyebrow"><Link to="/accounts">Accounts</Link></div>
          <h1>
            {a.name} {a.code && <span className="mono muted">{a.code}</span>}
          </h1>
          <p className="page-sub row" style={{ gap: 8, flexWrap: 'wrap' }}>
            <span>CRM id <span className="mono">{a.crmId}</span></span>
            <span>· {a.unitName}</span>
            <span>· Owner: {a.owner ? a.owner.name : 'none'}</span>
            <Badge tone={a.status === 'active' ? 'success' : 'danger'}>{a.status === 'active' ? 'Active' : 'Defected'}</Badge>
            {a.keyAccount && <Badge tone="info">Key account</Badge>}
          </p>
        </div>
        <Link to="/accounts/$id/report" params={{ id: a.id }} className="btn" data-testid="account-report-link">
          Report to share
        </Link>
      </header>
      <div className="kpi-grid">
        <Stat label="Billed revenue" value={formatMoney(a.billedRevenue)} meta={a.revenuePeriod ?? undefined} />
        <Stat label="Booked, not billed" value={formatMoney(a.bookedRevenue)} meta={a.revenuePeriod ?? undefined} />
        <Stat label="Potential" value={formatMoney(a.potentialRevenue)} meta={a.revenuePeriod ?? undefined} />
        <Stat label="Self-assessment" value={<AssessmentBadge rating={a.assessment?.rating} />} meta={a.assessment ? `${formatDate(a.assessment.assessedOn)}, ${a.assessment.authorName}` : undefined} testId="current-assessment" />
      </div>
      <AccountStanding accountId={a.id} unitId={a.unitId} />
      <Card title="The account team's assessment">
        <div className="stack">
          {a.assessments.length === 0 ? (
            <p className="muted">Nobody has assessed this relationship yet.</p>
          ) : (
            <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="assessment-history">
              {a.assessments.map((s) => (
                <li key={s.id} className="row" style={{ gap: 10, alignItems: 'baseline' }}>
                  <AssessmentBadge rating={s.rating} />
                  <span className="small">{formatDate(s.assessedOn)} · {s.authorName}</span>
                  {s.note && <span className="small muted">{s.note}</span>}
                </li>
              ))}
            </ol>
          )}
          {a.canAssess && <AssessmentForm account={a} />}
        </div>
      </Card>
      <Card title={`Contacts (${a.contacts.length})`} flush>
        <Table data-testid="contact-table">
          <thead>
            <tr>
              <th>Contact</th>
              <th>Role</th>
              <th>Locale</th>
              <th>Time zone</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {a.contacts.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to="/contacts/$id" params={{ id: c.id }} className="table-link">{c.name ?? c.email}</Link>
                  <div className="small muted">{c.email}</div>
                </td>
                <td data-label="Role">{c.audienceRole ?? '–'}</td>
                <td data-label="Locale">{c.locale}</td>
                <td data-label="Time zone">{c.timeZone}</td>
                <td data-label="State"><ContactStateBadges contact={c} /></td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <div className="grid-2" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 16 }}>
        <Card title="Invitations">
          {invitations.length === 0 ? <p className="muted">No programme has invited this account's contacts yet.</p> : (
            <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {invitations.map(([status, n]) => <li key={status}>{status}: <strong>{n}</strong></li>)}
            </ul>
          )}
        </Card>
        <Card title="Recent responses" flush>
          <Table>
            <thead>
              <tr>
                <th>Date</th>
                <th>Survey</th>
                <th>Contact</th>
                <th>NPS</th>
              </tr>
            </thead>
            <tbody>
              {a.recentResponses.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.submittedAt)}</td>
                  <td className="wrap">{r.surveyTitle}{r.status === 'partial' && <span className="small muted"> (partial)</span>}</td>
                  <td>{r.contactId ? <Link to="/contacts/$id" params={{ id: r.contactId }}>{r.contactName ?? 'Contact'}</Link> : '–'}</td>
                  <td>{r.nps === null ? '–' : <ScoreChip score={r.nps} />}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </div>
  );
}
