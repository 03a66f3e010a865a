import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { PlusIcon, SettingsIcon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';
import { CreatedSecret } from '../webhooks/CreatedSecret.tsx';
import { DeliveryLog } from '../webhooks/DeliveryLog.tsx';
import { webhookApi, webhooksQuery, type WebhookEndpoint, type WebhookWithSecret } from '../webhooks/queries.ts';
import { WebhookForm } from '../webhooks/WebhookForm.tsx';
import '../webhooks/webhooks.css';

type Panel = { kind: 'new' } | { kind: 'edit'; webhook: WebhookEndpoint } | null;

/** Settings → Webhooks: where Corridor posts alerts and case events, and what became of each post. */
export function WebhooksPage() {
  useTitle('Webhooks');
  const hooks = useQuery(webhooksQuery);
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [secret, setSecret] = useState<{ created: WebhookWithSecret; rotated: boolean } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });

  const act = useMutation({
    mutationFn: async ({ action, webhook }: { action: 'test' | 'rotate' | 'delete'; webhook: WebhookEndpoint }) => {
      if (action === 'test') {
        await webhookApi.test(webhook.id);
        setOpenId(webhook.id);
        setNotice(`A test event is on its way to “${webhook.name}”: watch its delivery below.`);
      } else if (action === 'rotate') {
        setSecret({ created: await webhookApi.rotate(webhook.id), rotated: true });
      } else {
        await webhookApi.remove(webhook.id);
        if (openId === webhook.id) setOpenId(null);
      }
    },
    onSuccess: refresh,
  });
  const open = hooks.data?.webhooks.find((w) => w.id === openId) ?? null;

  return (
    <>
      <div className="section-head">
        <p className="muted">
          {hooks.data ? `${formatCount(hooks.data.webhooks.length)} webhook${hooks.data.webhooks.length === 1 ? '' : 's'}: alerts and case events posted to your systems and chat` : 'Alerts and case events posted to your systems and chat.'}
        </p>
        {!panel && !secret && (
          <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setPanel({ kind: 'new' })} data-testid="new-webhook">
            New webhook
          </Button>
        )}
      </div>

      {secret && <CreatedSecret created={secret.created} rotated={secret.rotated} onDone={() => setSecret(null)} />}
      {panel?.kind === 'new' && <WebhookForm onCancel={() => setPanel(null)} onCreated={(created) => (setPanel(null), setSecret({ created, rotated: false }))} />}
      {panel?.kind === 'edit' && <WebhookForm key={panel.webhook.id} editing={panel.webhook} onCancel={() => setPanel(null)} onSaved={() => setPanel(null)} />}
      {notice && (
        <Alert tone="success" testId="webhook-notice">
          {notice}
        </Alert>
      )}
      {act.error && (
        <Alert tone="error" title="That did not work">
          {errorMessage(act.error)}
        </Alert>
      )}

      <ListCard
        query={hooks}
        what="webhook list"
        isEmpty={hooks.data?.webhooks.length === 0}
        empty={
          <EmptyState icon={<SettingsIcon size={26} />} title="No webhooks yet">
            Add one to post alerts and case events to a CRM, a ticketing system or a Slack channel.
          </EmptyState>
        }
      >
        {(data) => (
          <Table className="stack-table" data-testid="webhooks-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>URL</th>
                <th>Events</th>
                <th>Status</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.webhooks.map((w) => (
                <tr key={w.id} data-testid="webhook-row" className={w.id === openId ? 'row-selected' : undefined}>
                  <td className="table-title">
                    {w.name}
                    <div className="small muted">{w.kind === 'slack' ? 'Slack-compatible' : 'Signed JSON'}</div>
                  </td>
                  <td data-label="URL" className="mono webhook-url" title={w.url}>
                    {w.url}
                  </td>
                  <td data-label="Events" className="small">
                    {w.eventTypes.join(', ')}
                  </td>
                  <td data-label="Status">
                    {w.active ? (
                      <Badge tone="success" dot>
                        Active
                      </Badge>
                    ) : (
                      <Badge tone="neutral" dot title={w.disabledReason ?? undefined}>
                        {w.disabledReason ? 'Switched off (410 Gone)' : 'Off'}
                      </Badge>
                    )}
                  </td>
                  <td>
                    <div className="row-actions webhook-actions">
                    <Button size="sm" variant={w.id === openId ? 'primary' : 'default'} onClick={() => setOpenId(w.id === openId ? null : w.id)} data-testid="webhook-deliveries">
                      Deliveries
                    </Button>
                    <Button size="sm" onClick={() => act.mutate({ action: 'test', webhook: w })} disabled={!w.active} data-testid="webhook-test">
                      Send test
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => (setSecret(null), setPanel({ kind: 'edit', webhook: w }))} data-testid="webhook-edit">
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => window.confirm(`Rotate the secret of “${w.name}”? The old one stops signing at once.`) && act.mutate({ action: 'rotate', webhook: w })} data-testid="webhook-rotate">
                      Rotate secret
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => window.confirm(`Delete “${w.name}” and its delivery log?`) && act.mutate({ action: 'delete', webhook: w })} data-testid="webhook-delete">
                      Delete
                    </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>

      {open && <DeliveryLog key={open.id} webhook={open} />}
    </>
  );
}
