import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookKind } from '../../../contract/webhooks.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { ApiError, issueFor, otherIssues } from '../api.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { webhookApi, webhooksQuery, type WebhookEndpoint, type WebhookWithSecret } from './queries.ts';

const FIELDS = ['name', 'url', 'kind', 'eventTypes', 'active'] as const;

export const EVENT_LABEL: Record<WebhookEventType, string> = {
  'alert.fired': 'An alert rule fired',
  'case.opened': 'A case was opened',
  'case.assigned': 'A case was assigned',
  'case.escalated': 'A case was escalated',
  'case.resolved': 'A case was resolved',
  'case.closed': 'A case was closed',
  'webhook.test': 'Test events',
};

/** Creating a webhook (then its secret is shown once) or changing one. */
export function WebhookForm({ editing, onCreated, onSaved, onCancel }: { editing?: WebhookEndpoint; onCreated?: (w: WebhookWithSecret) => void; onSaved?: () => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [kind, setKind] = useState<WebhookKind>(editing?.kind ?? 'generic');
  const [events, setEvents] = useState<WebhookEventType[]>(editing?.eventTypes ?? ['alert.fired', 'case.opened']);
  const [active, setActive] = useState(editing?.active ?? true);

  const save = useMutation({
    mutationFn: async () => {
      if (editing) return { updated: await webhookApi.update(editing.id, { name, url, eventTypes: events, active }) };
      return { created: await webhookApi.create({ name, url, kind, eventTypes: events, active }) };
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: webhooksQuery.queryKey });
      if ('created' in r && r.created) onCreated?.(r.created);
      else onSaved?.();
    },
  });
  const error = save.error;
  const rest = otherIssues(error, (p) => (FIELDS as readonly string[]).includes(p.split('.')[0] ?? ''));
  const general = error && !(error instanceof ApiError && error.issues.length > 0);
  const eventsError = issueFor(error, 'eventTypes') ?? WEBHOOK_EVENT_TYPES.map((_, i) => issueFor(error, `eventTypes.${i}`)).find(Boolean);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const toggle = (t: WebhookEventType) => setEvents((cur) => (cur.includes(t) ? cur.filter((x) => x !== t) : [...cur, t]));

  return (
    <Card title={editing ? `Edit “${editing.name}”` : 'New webhook'} data-testid="webhook-form">
      <form className="form-grid" onSubmit={submit} noValidate>
        <div className="form-grid-2">
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={issueFor(error, 'name')} hint="What receives the events, e.g. “CRM” or “#cx-alerts”." autoComplete="off" data-testid="webhook-name" />
          <SelectField
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as WebhookKind)}
            error={issueFor(error, 'kind')}
            hint={kind === 'slack' ? 'A Slack (or Mattermost) incoming webhook: a readable message with a link.' : 'Signed JSON for your own systems.'}
            disabled={Boolean(editing)}
            data-testid="webhook-kind"
          >
            <option value="generic">Generic (signed JSON)</option>
            <option value="slack">Slack-compatible</option>
          </SelectField>
        </div>
        <TextField
          label="URL"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={issueFor(error, 'url')}
          hint={kind === 'slack' ? 'The incoming webhook URL Slack gave you (https://hooks.slack.com/services/…).' : 'Corridor posts each event here; a 2xx answer means received.'}
          placeholder="https://"
          autoComplete="off"
          className="mono-input"
          data-testid="webhook-url"
        />
        <fieldset className="webhook-events">
          <legend className="field-label">Events</legend>
          <div className="webhook-event-grid">
            {WEBHOOK_EVENT_TYPES.map((t) => (
              <Checkbox key={t} checked={events.includes(t)} onChange={() => toggle(t)} label={<span>{EVENT_LABEL[t]} <code className="mono muted">{t}</code></span>} data-testid={`webhook-event-${t}`} />
            ))}
          </div>
          {eventsError && (
            <div className="field-error" role="alert">
              {eventsError}
            </div>
          )}
        </fieldset>
        <Checkbox checked={active} onChange={(e) => setActive(e.target.checked)} label="Active: send events to it" data-testid="webhook-active" />
        <FormErrors issues={rest} error={error} showGeneral={Boolean(general)} what="webhook" />
        <div className="row">
          <Button type="submit" variant="primary" loading={save.isPending} data-testid="webhook-save">
            {editing ? 'Save changes' : 'Create webhook'}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
