import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState, Skeleton } from '../../ui/Feedback.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { Table } from '../../ui/Table.tsx';
import { ListIcon } from '../../ui/icons.tsx';
import { formatCount, formatDateTime, formatRelative } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { DELIVERY_PAGE_SIZE, deliveriesQuery, webhookApi, type WebhookDelivery, type WebhookEndpoint } from './queries.ts';

type Filter = 'all' | WebhookDelivery['status'];
const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'failed', label: 'Failed' },
] as const;

const TONE: Record<WebhookDelivery['status'], BadgeTone> = { pending: 'warning', delivered: 'success', failed: 'danger' };
const STATUS_LABEL: Record<WebhookDelivery['status'], string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };

function Response({ d }: { d: WebhookDelivery }) {
  if (d.attempts === 0) return <span className="muted">Not sent yet</span>;
  return (
    <span className={d.lastStatus !== null && d.lastStatus < 300 ? undefined : 'webhook-error'}>
      {d.lastStatus !== null ? <span className="mono">HTTP {d.lastStatus}</span> : <span className="mono">{d.lastError}</span>}
      {d.durationMs !== null && <span className="muted small"> · {formatCount(d.durationMs)} ms</span>}
    </span>
  );
}

function Attempts({ d }: { d: WebhookDelivery }) {
  if (d.attemptLog.length === 0) return <span className="muted">0</span>;
  return (
    <details className="webhook-attempts">
      <summary data-testid="delivery-attempts">{d.attempts}</summary>
      <ol>
        {d.attemptLog.map((a) => (
          <li key={a.attempt}>
            <span className="mono">#{a.attempt}</span> {formatDateTime(a.startedAt)} · {a.statusCode !== null ? `HTTP ${a.statusCode}` : a.error} · {a.durationMs} ms
            {a.responseBody ? <div className="mono small muted webhook-body">{a.responseBody.slice(0, 200)}</div> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The delivery log of one webhook: status, attempts, the answer, and Redeliver. */
export function DeliveryLog({ webhook }: { webhook: WebhookEndpoint }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [offset, setOffset] = useState(0);
  const queryClient = useQueryClient();
  const log = useQuery(deliveriesQuery(webhook.id, filter === 'all' ? undefined : filter, offset));
  const again = useMutation({
    mutationFn: (deliveryId: string) => webhookApi.redeliver(webhook.id, deliveryId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', webhook.id, 'deliveries'] }),
  });
  const page = log.data;

  return (
    <Card
      title={`Deliveries to “${webhook.name}”`}
      flush
      actions={<Segmented options={FILTERS} value={filter} onChange={(f) => (setFilter(f), setOffset(0))} label="Show deliveries" testId="delivery-filter" />}
      className="webhook-log"
      data-testid="delivery-log"
    >
      {again.error && (
        <div className="card-body">
          <Alert tone="error" title="Could not redeliver">
            {errorMessage(again.error)}
          </Alert>
        </div>
      )}
      {log.isError ? (
        <LoadError error={log.error} what="delivery log" onRetry={() => void log.refetch()} />
      ) : !page ? (
        <div className="card-body stack" aria-busy="true">
          <Skeleton height={36} />
          <Skeleton height={36} />
        </div>
      ) : page.deliveries.length === 0 ? (
        <EmptyState icon={<ListIcon size={26} />} title={filter === 'all' ? 'Nothing sent yet' : `No ${filter} deliveries`}>
          Events this webhook subscribes to show here as they are sent. Send a test event to try it.
        </EmptyState>
      ) : (
        <>
          <Table className="stack-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Response</th>
                <th>Queued</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery-row">
                  <td className="table-title">
                    {d.eventType}
                    <div className="mono small muted" title="Corridor-Event-Id: the same on every attempt">
                      {d.eventId}
                    </div>
                  </td>
                  <td data-label="Status">
                    <Badge tone={TONE[d.status]} dot>
                      {STATUS_LABEL[d.status]}
                    </Badge>
                    {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && <div className="small muted">next try {formatDateTime(d.nextAttemptAt)}</div>}
                  </td>
                  <td data-label="Attempts">
                    <Attempts d={d} />
                  </td>
                  <td data-label="Response">
                    <Response d={d} />
                  </td>
                  <td data-label="Queued">
                    <time dateTime={d.createdAt} title={formatDateTime(d.createdAt)}>
                      {formatRelative(d.createdAt)}
                    </time>
                  </td>
                  <td>
                    <div className="row-actions">
                    <Button size="sm" onClick={() => again.mutate(d.id)} loading={again.isPending && again.variables === d.id} disabled={!webhook.active} data-testid="redeliver">
                      Redeliver
                    </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="card-body row webhook-pager">
            <span className="small muted">
              {formatCount(page.offset + 1)}–{formatCount(page.offset + page.deliveries.length)} of {formatCount(page.total)}
            </span>
            <Button size="sm" variant="ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - DELIVERY_PAGE_SIZE))}>
              Newer
            </Button>
            <Button size="sm" variant="ghost" disabled={page.offset + page.deliveries.length >= page.total} onClick={() => setOffset(offset + DELIVERY_PAGE_SIZE)}>
              Older
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
