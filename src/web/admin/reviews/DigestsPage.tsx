import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_CADENCE, type DigestCadence, type DigestKind } from '../../../contract/digests.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { api } from '../api.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { isAdmin, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import { createDigestSubscription, deleteDigestSubscription, digestSubscriptionsQuery } from './review-queries.ts';
import './reviews.css';

const KIND_LABEL: Record<DigestKind, string> = { monthly_review: 'Monthly operations review', relationship_summary: 'Relationship summary' };
const CADENCE_LABEL: Record<DigestCadence, string> = { monthly: 'Each month', quarterly: 'Each quarter' };

/** Your review digests by email, and (for admins) anyone's in your scope. */
export function DigestsPage() {
  useTitle('Review digests');
  const me = useUser();
  const admin = isAdmin(me.role);
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | undefined>(undefined);
  const subs = useQuery(digestSubscriptionsQuery(userId));
  const units = useQuery({ queryKey: ['units'], queryFn: () => api.units() });
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.users(), enabled: admin });
  const [kind, setKind] = useState<DigestKind>('monthly_review');
  const [unitId, setUnitId] = useState('');
  const [cadence, setCadence] = useState<DigestCadence>('monthly');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['digests'] });
  const add = useMutation({ mutationFn: createDigestSubscription, onSuccess: refresh });
  const remove = useMutation({ mutationFn: deleteDigestSubscription, onSuccess: refresh });
  if (subs.isPending || units.isPending) return <PageSkeleton />;
  if (subs.isError) return <PageLoadError error={subs.error} what="your digests" onRetry={() => void subs.refetch()} />;
  const unitList = units.data?.units ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ ...(userId ? { userId } : {}), kind, unitId: unitId || (unitList[0]?.id ?? ''), cadence });
  };
  return (
    <div className="page review-page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Reviews</div>
          <h1>Review digests</h1>
          <p className="page-sub">The reviews by email, with their charts, once each period. A digest shows only what its reader may see.</p>
        </div>
        {admin && (
          <label className="field-inline">
            <span className="small muted">Whose digests</span>
            <select className="input" value={userId ?? ''} onChange={(e) => setUserId(e.target.value || undefined)} data-testid="digest-user">
              <option value="">Mine</option>
              {(users.data?.users ?? [])
                .filter((u) => u.id !== me.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.role}, {u.unitName})
                  </option>
                ))}
            </select>
          </label>
        )}
      </header>
      <Card title="Subscriptions" flush={subs.data.subscriptions.length > 0}>
        {subs.data.subscriptions.length === 0 ? (
          <EmptyState title="No digests">Add one below to get a review by email.</EmptyState>
        ) : (
          <Table data-testid="digest-list">
            <thead>
              <tr>
                <th>Digest</th>
                <th>Unit</th>
                <th>When</th>
                <th>Last sent</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {subs.data.subscriptions.map((s) => (
                <tr key={s.id}>
                  <td>{KIND_LABEL[s.kind]}</td>
                  <td>{s.unitName}</td>
                  <td>{CADENCE_LABEL[s.cadence]}</td>
                  <td>{s.lastSent ? `${s.lastSent.period}, ${formatDateTime(s.lastSent.sentAt)}` : 'not yet'}</td>
                  <td className="num">
                    <Button size="sm" variant="ghost" onClick={() => remove.mutate(s.id)} loading={remove.isPending && remove.variables === s.id}>
                      Unsubscribe
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Add a digest">
        <form className="row" style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }} onSubmit={submit}>
          <label className="field-inline">
            <span className="small muted">Digest</span>
            <select
              className="input"
              value={kind}
              onChange={(e) => {
                const k = e.target.value as DigestKind;
                setKind(k);
                setCadence(DEFAULT_CADENCE[k]);
              }}
              data-testid="digest-kind"
            >
              {Object.entries(KIND_LABEL).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <span className="small muted">Unit</span>
            <select className="input" value={unitId || (unitList[0]?.id ?? '')} onChange={(e) => setUnitId(e.target.value)} data-testid="digest-unit">
              {unitList.map((u) => (
                <option key={u.id} value={u.id}>
                  {'\u00a0\u00a0'.repeat(u.depth)}
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <span className="small muted">When</span>
            <select className="input" value={cadence} onChange={(e) => setCadence(e.target.value as DigestCadence)} data-testid="digest-cadence">
              {Object.entries(CADENCE_LABEL).map(([c, label]) => (
                <option key={c} value={c}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" loading={add.isPending} data-testid="digest-add">
            Subscribe
          </Button>
        </form>
        {add.isError && (
          <div style={{ marginTop: 12 }}>
            <Alert tone="error">{add.error.message}</Alert>
          </div>
        )}
      </Card>
    </div>
  );
}
