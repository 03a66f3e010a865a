import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import type { ContactHistoryItem } from '../../../contract/contacts.ts';
import { ScoreChip } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { api, errorMessage, type ContactDetail } from '../api.ts';
import { ContactStateBadges } from '../components/CustomerBadges.tsx';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { isAdmin, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const STATE_LABEL: Record<string, string> = { 'contact.opt_out': 'Opted out', 'contact.opt_in': 'Opt-out cleared', 'contact.bounce': 'Mail bounced' };

function HistoryEntry({ item }: { item: ContactHistoryItem }) {
  switch (item.kind) {
    case 'invitation':
      return (
        <>
          <strong>Invitation</strong> · {item.programmeName} · {item.surveyTitle} · wave {item.wave} · <span className="mono">{item.status}</span>
          <div className="small muted">
            scheduled {formatDateTime(item.scheduledAt)}
            {item.sentAt && `, sent ${formatDateTime(item.sentAt)}`}
            {item.openedAt && `, opened ${formatDateTime(item.openedAt)}`}
            {item.startedAt && `, started ${formatDateTime(item.startedAt)}`}
            {item.completedAt && `, completed ${formatDateTime(item.completedAt)}`}
            {item.suppressionReason && ` · suppressed: ${item.suppressionReason}${item.suppressionDetail ? ` (${item.suppressionDetail})` : ''}`}
          </div>
        </>
      );
    case 'response':
      return (
        <>
          <strong>Response</strong> · {item.surveyTitle} {item.status === 'partial' && <span className="small muted">(partial)</span>} {item.nps !== null && <ScoreChip score={item.nps} />}
        </>
      );
    case 'event':
      return (
        <>
          <strong>Event</strong> · <span className="mono">{item.type}</span>{item.touchPoint && ` at ${item.touchPoint}`}
        </>
      );
    case 'state':
      return (
        <>
          <strong>{STATE_LABEL[item.action] ?? item.action}</strong> · by {item.by}{item.detail && <span className="muted"> · {item.detail}</span>}
        </>
      );
  }
}

function OptActions({ contact }: { contact: ContactDetail }) {
  const user = useUser();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const done = (data: ContactDetail) => client.setQueryData(['contact', contact.id], data);
  const out = useMutation({ mutationFn: () => api.optOut(contact.id), onSuccess: done });
  const back = useMutation({ mutationFn: () => api.optIn(contact.id, reason), onSuccess: done });
  const error = out.error ?? back.error;
  return (
    <div className="stack">
      {!contact.optedOut && (
        <div>
          <Button variant="danger" loading={out.isPending} onClick={() => out.mutate()} data-testid="opt-out">Opt out of all programmes</Button>
        </div>
      )}
      {contact.optedOut && isAdmin(user.role) && (
        <form className="row" style={{ gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }} onSubmit={(e) => { e.preventDefault(); back.mutate(); }}>
          <TextField label="Why is the opt-out cleared?" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button type="submit" loading={back.isPending} data-testid="opt-in">Clear the opt-out</Button>
        </form>
      )}
      {contact.optedOut && !isAdmin(user.role) && <p className="small muted">Only an admin may clear an opt-out.</p>}
      {error && <Alert tone="error">{errorMessage(error)}</Alert>}
    </div>
  );
}

export function ContactPage() {
  const { id } = useParams({ from: '/_app/contacts/$id' });
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => api.contact(id) });
  useTitle(contact.data?.name ?? contact.data?.email ?? 'Contact');
  if (contact.isPending) return <PageSkeleton />;
  if (contact.isError) return <PageLoadError error={contact.error} what="contact" onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  return (
    <div className="page" data-testid="contact-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">
            {c.accountId ? <Link to="/accounts/$id" params={{ id: c.accountId }}>{c.accountName}</Link> : 'No account'}
          </div>
          <h1>{c.name ?? c.email}</h1>
          <div className="page-sub"><ContactStateBadges contact={c} /></div>
        </div>
      </header>
      <Card title="Details">
        <dl className="stack" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 16px', margin: 0 }}>
          <dt>Email</dt><dd>{c.email}</dd>
          <dt>CRM id</dt><dd className="mono">{c.crmId ?? '–'}</dd>
          <dt>Role</dt><dd>{c.audienceRole ?? '–'}</dd>
          <dt>Locale</dt><dd>{c.locale}</dd>
          <dt>Time zone</dt><dd>{c.timeZone}</dd>
          <dt>Unit</dt><dd>{c.unitName}</dd>
          {c.optedOutAt && (<><dt>Opted out</dt><dd>{formatDateTime(c.optedOutAt)} ({c.optOutSource})</dd></>)}
          {c.bouncedAt && (<><dt>Bounced</dt><dd>{formatDateTime(c.bouncedAt)} ({c.bounceState})</dd></>)}
          {Object.entries(c.attributes).map(([k, v]) => (<Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>))}
        </dl>
        <OptActions contact={c} />
      </Card>
      <Card title="Contact history">
        {c.history.length === 0 ? <p className="muted">Nothing yet.</p> : (
          <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="contact-history">
            {c.history.map((h, i) => (
              <li key={i}>
                <time className="small muted" dateTime={h.at}>{formatDateTime(h.at)}</time>
                <div><HistoryEntry item={h} /></div>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
