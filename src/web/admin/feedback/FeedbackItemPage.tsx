import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { FEEDBACK_KIND_LABELS } from '../../../contract/feedback.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import { feedbackApi, feedbackItemQuery, SENTIMENT_TONE, type FeedbackDetail } from './api.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import './feedback.css';

/** One feedback item: what was said, where it belongs, and its analysis once the verbatim exists. */
export function FeedbackItemPage() {
  const { id } = useParams({ from: '/_app/feedback/$id' });
  const item = useQuery(feedbackItemQuery(id));
  useTitle(item.data ? (item.data.title ?? FEEDBACK_KIND_LABELS[item.data.kind]) : 'Feedback');
  if (item.isError) return <LoadError error={item.error} what="feedback item" onRetry={() => void item.refetch()} />;
  if (!item.data) return <Skeleton height={420} style={{ borderRadius: 10 }} />;
  return <ItemView item={item.data} />;
}

function ItemView({ item }: { item: FeedbackDetail }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const canWrite = user.role === 'admin' || user.role === 'analyst' || user.role === 'manager';
  const remove = useMutation({
    mutationFn: () => feedbackApi.remove(item.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['feedback'] });
      await navigate({ to: '/feedback' });
    },
  });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow"><Link to="/feedback" className="table-link">Feedback</Link> · {FEEDBACK_KIND_LABELS[item.kind]}</div>
          <h1 data-testid="feedback-heading">{item.title ?? FEEDBACK_KIND_LABELS[item.kind]}</h1>
          <p className="page-sub">
            {formatDate(`${item.occurredOn}T12:00:00Z`)} · written down by {item.author} · {item.unit.name}
          </p>
        </div>
        {canWrite && !editing && (
          <div className="row" style={{ gap: 8 }}>
            <Button onClick={() => setEditing(true)} data-testid="feedback-edit">Edit</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => window.confirm('Delete this feedback item and its analysis?') && remove.mutate()} data-testid="feedback-delete">Delete</Button>
          </div>
        )}
      </header>
      {remove.isError && <Alert tone="error" title="Could not delete the item">{errorMessage(remove.error)}</Alert>}
      {editing ? (
        <Card title="Edit feedback item">
          <FeedbackForm
            item={item}
            onCancel={() => setEditing(false)}
            onDone={(saved) => {
              queryClient.setQueryData(feedbackItemQuery(item.id).queryKey, saved);
              setEditing(false);
            }}
          />
        </Card>
      ) : (
        <div className="feedback-detail">
          <Card title="What was said">
            <p className="feedback-body" data-testid="feedback-body-text">{item.body}</p>
          </Card>
          <div className="stack">
            <Card title="Analysis">
              <Analysis item={item} />
            </Card>
            <Card title="Where it belongs">
              <dl className="feedback-facts">
                <dt>Unit</dt>
                <dd>{item.unit.name}</dd>
                <dt>Account</dt>
                <dd>{item.account ? <Link to="/accounts/$id" params={{ id: item.account.id }} className="table-link">{item.account.name}</Link> : '–'}</dd>
                <dt>Contact</dt>
                <dd>{item.contact ? <Link to="/contacts/$id" params={{ id: item.contact.id }} className="table-link">{item.contact.name ?? item.contact.email}</Link> : '–'}</dd>
                <dt>Touch point</dt>
                <dd>{item.touchPoint?.name ?? '–'}</dd>
                {item.externalId && (
                  <>
                    <dt>External id</dt>
                    <dd className="mono">{item.externalId}</dd>
                  </>
                )}
                <dt>Recorded</dt>
                <dd>{formatDateTime(item.createdAt)}{item.createdBy ? ` by ${item.createdBy}` : ''}</dd>
              </dl>
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}

function Analysis({ item }: { item: FeedbackDetail }) {
  const a = item.analysis;
  if (!a) return <p className="muted small" data-testid="feedback-no-analysis">Not analysed yet: sentiment and themes appear here once the item has been analysed.</p>;
  return (
    <div className="stack" data-testid="feedback-analysis">
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <Badge tone={SENTIMENT_TONE[a.label]} dot>{a.label} ({a.sentiment.toFixed(2)})</Badge>
        {a.themes.map((t) => <Badge key={t.key} tone="info">{t.name}</Badge>)}
      </div>
      <ol className="feedback-sentences">
        {a.sentences.map((s, i) => (
          <li key={i}>
            <Badge tone={SENTIMENT_TONE[s.label]} dot>{s.label}</Badge> <span>{s.text}</span>
            {s.themes.length > 0 && <span className="small muted"> — {s.themes.join(', ')}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
