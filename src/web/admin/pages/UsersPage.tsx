import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../contract/common.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { SecretField } from '../../ui/SecretField.tsx';
import { Table } from '../../ui/Table.tsx';
import { PlusIcon, UsersIcon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { ApiError, api, issueFor, otherIssues, type User } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { generatePassword, RoleBadge, RoleOptions, UnitOptions } from '../components/SettingsLayout.tsx';
import { unitsQuery, usersQuery } from '../queries.ts';
import { ROLE_HINT, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const FIELDS = ['name', 'email', 'role', 'unitId', 'password'] as const;

interface Created {
  user: User;
  /** The password, when it was generated here: shown once, with the confirmation. */
  password: string | null;
}

function NewUserForm({ onCreated, onCancel }: { onCreated: (c: Created) => void; onCancel: () => void }) {
  const me = useUser();
  const units = useQuery(unitsQuery);
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [unitId, setUnitId] = useState(me.unitId);
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState(false);
  // Fields changed since the last answer: their server errors are out of date, so they are hidden.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const touch = (field: (typeof FIELDS)[number]) => setEdited((s) => (s.has(field) ? s : new Set(s).add(field)));

  const create = useMutation({
    mutationFn: () => api.createUser({ name, email, role, unitId, password }),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
      onCreated({ user, password: generated ? password : null });
    },
  });

  const error = create.error;
  const emailTaken = error instanceof ApiError && error.code === 'email_taken' && !edited.has('email') ? error.message : undefined;
  const fieldError = (path: (typeof FIELDS)[number]) => (edited.has(path) ? undefined : issueFor(error, path));
  const rest = otherIssues(error, (p) => (FIELDS as readonly string[]).includes(p));
  const general = error && !(error instanceof ApiError && (error.code === 'email_taken' || error.issues.length > 0));

  function submit(e: FormEvent) {
    e.preventDefault();
    setEdited(new Set());
    create.mutate();
  }

  return (
    <Card title="New user" data-testid="new-user-form">
      <form className="form-grid" onSubmit={submit} noValidate>
        <div className="form-grid-2">
          <TextField label="Name" value={name} onChange={(e) => {
              setName(e.target.value);
              touch('name');
            }} error={fieldError('name')} autoComplete="off" data-testid="user-name" />
          <TextField
            label="Email"
            type="email"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              touch('email');
            }}
            error={fieldError('email') ?? emailTaken}
            autoComplete="off"
            data-testid="user-email"
          />
          <SelectField
            label="Role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role);
              touch('role');
            }}
            error={fieldError('role')}
            hint={ROLE_HINT[role]}
            data-testid="user-role"
          >
            <RoleOptions />
          </SelectField>
          <SelectField
            label="Unit"
            value={unitId}
            onChange={(e) => {
              setUnitId(e.target.value);
              touch('unitId');
            }}
            error={fieldError('unitId')}
            hint="They see this unit and everything below it."
            disabled={units.isPending}
            data-testid="user-unit"
          >
            {units.data ? <UnitOptions units={units.data.units} /> : <option value={me.unitId}>{me.unitName}</option>}
          </SelectField>
        </div>
        <div className="password-row">
          <TextField
            label="Password"
            type={generated ? 'text' : 'password'}
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setGenerated(false);
              touch('password');
            }}
            error={fieldError('password')}
            hint={generated ? 'Generated: copy it now and hand it over safely. It is not shown again.' : 'At least 12 characters.'}
            autoComplete="new-password"
            className={generated ? 'mono-input' : undefined}
            data-testid="user-password"
          />
          <Button
            onClick={() => {
              setPassword(generatePassword());
              setGenerated(true);
              touch('password');
            }}
            data-testid="generate-password"
          >
            Generate
          </Button>
        </div>
        <FormErrors issues={rest} error={error} showGeneral={Boolean(general)} what="user" />
        <div className="row">
          <Button type="submit" variant="primary" loading={create.isPending} data-testid="create-user">
            Create user
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function UsersPage() {
  const users = useQuery(usersQuery);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  useTitle('Users');

  return (
    <>
      <div className="section-head">
        <p className="muted">
          {users.data ? `${formatCount(users.data.users.length)} user${users.data.users.length === 1 ? '' : 's'} in your scope` : 'People who may sign in.'}
        </p>
        {!formOpen && (
          <Button
            variant="primary"
            icon={<PlusIcon size={16} />}
            onClick={() => {
              setFormOpen(true);
              setCreated(null);
            }}
            data-testid="new-user"
          >
            New user
          </Button>
        )}
      </div>

      {created && (
        <Alert tone="success" title={`${created.user.name} can now sign in as ${created.user.email}.`} testId="user-created">
          {created.password !== null && (
            <div className="stack" style={{ marginTop: 8 }}>
              <span>Their password, shown this once:</span>
              <SecretField value={created.password} label="Password of the new user" testId="user-created-password" />
            </div>
          )}
        </Alert>
      )}

      {formOpen && (
        <NewUserForm
          onCreated={(c) => {
            setCreated(c);
            setFormOpen(false);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}

      <ListCard
        query={users}
        what="user list"
        isEmpty={users.data?.users.length === 0}
        empty={
          <EmptyState icon={<UsersIcon size={26} />} title="No users yet" />
        }
      >
        {(data) => (
          <Table data-testid="users-table" className="stack-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Unit</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <tr key={u.id} data-testid="user-row" className={created?.user.id === u.id ? 'row-new' : undefined}>
                  <td className="table-title">{u.name}</td>
                  <td data-label="Email" className="cell-break">
                    {u.email}
                  </td>
                  <td data-label="Role">
                    <RoleBadge role={u.role} />
                  </td>
                  <td data-label="Unit">{u.unitName}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </>
  );
}
