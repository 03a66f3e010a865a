import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../contract/common.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { SecretField } from '../../ui/SecretField.tsx';
import { Table } from '../../ui/Table.tsx';
import { KeyIcon, PlusIcon } from '../../ui/icons.tsx';
import { formatCount, formatDate, formatDateTime, formatRelative } from '../../ui/format.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { ApiError, api, issueFor, otherIssues, type ApiKeyCreated } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { RoleBadge, RoleOptions, UnitOptions } from '../components/SettingsLayout.tsx';
import { apiKeysQuery, unitsQuery } from '../queries.ts';
import { ROLE_HINT, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const FIELDS = ['name', 'role', 'unitId'] as const;

function NewKeyForm({ onCreated, onCancel }: { onCreated: (c: ApiKeyCreated) => void; onCancel: () => void }) {
  const me = useUser();
  const units = useQuery(unitsQuery);
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [unitId, setUnitId] = useState(me.unitId);

  const create = useMutation({
    mutationFn: () => api.createApiKey({ name, role, unitId }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      onCreated(created);
    },
  });
  const error = create.error;
  const rest = otherIssues(error, (p) => (FIELDS as readonly string[]).includes(p));
  const general = error && !(error instanceof ApiError && error.issues.length > 0);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <Card title="New API key" data-testid="new-api-key-form">
      <form className="form-grid" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={issueFor(error, 'name')}
          hint="Name it after what uses it, e.g. “CRM sync” or “BI export”."
          autoComplete="off"
          data-testid="api-key-name"
        />
        <div className="form-grid-2">
          <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={issueFor(error, 'role')} hint={ROLE_HINT[role]} data-testid="api-key-role">
            <RoleOptions />
          </SelectField>
          <SelectField
            label="Unit"
            value={unitId}
            onChange={(e) => setUnitId(e.target.value)}
            error={issueFor(error, 'unitId')}
            hint="The key reads and writes this unit and everything below it."
            disabled={units.isPending}
            data-testid="api-key-unit"
          >
            {units.data ? <UnitOptions units={units.data.units} /> : <option value={me.unitId}>{me.unitName}</option>}
          </SelectField>
        </div>
        <FormErrors issues={rest} error={error} showGeneral={Boolean(general)} what="key" />
        <div className="row">
          <Button type="submit" variant="primary" loading={create.isPending} data-testid="create-api-key">
            Create key
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** The new key, once: it is stored only as a hash, so this is the only chance to copy it. */
function CreatedKey({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  return (
    <Card title={`Key “${created.apiKey.name}” created`} className="created-key" data-testid="api-key-created">
      <div className="stack">
        <Alert tone="warning" title="Copy this key now: you will not see it again.">
          Corridor keeps only a hash of it. Store it in your secret manager; if it is lost, create a new key.
        </Alert>
        <SecretField value={created.key} label="New API key" testId="api-key-secret" />
        <p className="small muted">
          Send it as <code className="mono">Authorization: Bearer &lt;key&gt;</code> with every request to <code className="mono">/api/v1</code>.
        </p>
        <div>
          <Button onClick={onDone} data-testid="api-key-done">
            I have stored the key
          </Button>
        </div>
      </div>
    </Card>
  );
}

export function ApiKeysPage() {
  const keys = useQuery(apiKeysQuery);
  const units = useQuery(unitsQuery);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  useTitle('API keys');
  const unitName = (id: string) => units.data?.units.find((u) => u.id === id)?.name ?? '–';

  return (
    <>
      <div className="section-head">
        <p className="muted">
          {keys.data ? `${formatCount(keys.data.apiKeys.length)} key${keys.data.apiKeys.length === 1 ? '' : 's'} for systems that call the API` : 'Keys for systems that call the API.'}
        </p>
        {!formOpen && !created && (
          <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setFormOpen(true)} data-testid="new-api-key">
            New key
          </Button>
        )}
      </div>

      {created && <CreatedKey created={created} onDone={() => setCreated(null)} />}

      {formOpen && (
        <NewKeyForm
          onCreated={(c) => {
            setCreated(c);
            setFormOpen(false);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}

      <ListCard
        query={keys}
        what="API key list"
        isEmpty={keys.data?.apiKeys.length === 0}
        empty={
          <EmptyState icon={<KeyIcon size={26} />} title="No API keys yet">
            Create one for each system that reads or sends data: a CRM, a BI tool, an import job.
          </EmptyState>
        }
      >
        {(data) => (
          <Table data-testid="api-keys-table" className="stack-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Unit</th>
                <th>Created</th>
                <th>Last used</th>
              </tr>
            </thead>
            <tbody>
              {data.apiKeys.map((k) => (
                <tr key={k.id} data-testid="api-key-row" className={created?.apiKey.id === k.id ? 'row-new' : undefined}>
                  <td className="table-title">{k.name}</td>
                  <td data-label="Role">
                    <RoleBadge role={k.role} />
                  </td>
                  <td data-label="Unit">{unitName(k.unitId)}</td>
                  <td data-label="Created">
                    <time dateTime={k.createdAt} title={formatDateTime(k.createdAt)}>
                      {formatDate(k.createdAt)}
                    </time>
                  </td>
                  <td data-label="Last used">
                    {k.lastUsedAt === null ? (
                      <span className="muted">Never</span>
                    ) : (
                      <time dateTime={k.lastUsedAt} title={formatDateTime(k.lastUsedAt)}>
                        {formatRelative(k.lastUsedAt)}
                      </time>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </>
  );
}
