import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { Table } from '../../ui/Table.tsx';
import { UsersIcon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { api, ApiError, errorMessage, type UpsertResult } from '../api.ts';
import { AssessmentBadge, formatMoney, RATING_LABEL } from '../components/CustomerBadges.tsx';
import { ListCard } from '../components/QueryState.tsx';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const PAGE = 50;

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

const COLUMNS = {
  accounts:
    'Columns: crm_id (required), name, code, unit, owner_email, billed_revenue, booked_revenue, potential_revenue, revenue_period, key_account, status; any other column is an attribute.',
  contacts:
    'Columns: email (required, or crm_id), crm_id, account_crm_id, name, locale, time_zone, audience_role, consent, opted_out; any other column is an attribute. Import the accounts first.',
} as const;

/** Uploads a CSV of accounts or contacts and shows what happened, every bad row included. */
function ImportPanel() {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [skip, setSkip] = useState(false);
  const [kind, setKind] = useState<'accounts' | 'contacts'>('accounts');
  const upload = useMutation({
    mutationFn: (file: File) => api.importCsv(kind, file, skip ? 'skip-bad-rows' : 'all-or-nothing'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });
  const rejected = upload.error instanceof ApiError && upload.error.code === 'invalid_rows' ? (upload.error.details as RowError[]) : null;
  const result: UpsertResult | undefined = upload.data;
  const errors = rejected ?? result?.errors ?? [];
  return (
    <Card title="Import from CSV" data-testid="import-panel">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const file = input.current?.files?.[0];
          if (file) upload.mutate(file);
        }}
      >
        <SelectField
          label="What the file holds"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value === 'contacts' ? 'contacts' : 'accounts');
            upload.reset();
          }}
          data-testid="import-kind"
        >
          <option value="accounts">Accounts</option>
          <option value="contacts">Contacts</option>
        </SelectField>
        <p className="small muted">{COLUMNS[kind]}</p>
        <label className="field">
          <span className="field-label">CSV file</span>
          <input ref={input} type="file" accept=".csv,text/csv" required data-testid="import-file" />
        </label>
        <Checkbox label="Write the good rows and skip the bad ones" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
        <div>
          <Button type="submit" variant="primary" loading={upload.isPending} data-testid="import-submit">
            Import
          </Button>
        </div>
      </form>
      <div aria-live="polite" data-testid="import-report">
        {result && (
          <Alert tone={result.errors.length ? 'warning' : 'success'} title="Imported">
            {result.created} created, {result.updated} updated, {result.unchanged} unchanged{result.skipped ? `, ${result.skipped} bad rows skipped` : ''}.
          </Alert>
        )}
        {upload.error && (
          <Alert tone="error" title={rejected ? 'Nothing was imported' : 'The import failed'}>
            {errorMessage(upload.error)}
          </Alert>
        )}
        {errors.length > 0 && (
          <Table data-testid="import-errors">
            <thead>
              <tr>
                <th>Line</th>
                <th>Column</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {errors.slice(0, 500).map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.row}</td>
                  <td className="mono">{e.field}</td>
                  <td className="wrap">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </Card>
  );
}

export function AccountsPage() {
  const user = useUser();
  const canWrite = canEditSurveys(user.role);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [keyOnly, setKeyOnly] = useState(false);
  const [assessment, setAssessment] = useState('');
  const [sort, setSort] = useState('name');
  const [offset, setOffset] = useState(0);
  const [importing, setImporting] = useState(false);
  useTitle('Accounts');
  const params = { q: q || undefined, status: status || undefined, keyAccount: keyOnly ? 'true' : undefined, assessment: assessment || undefined, sort, limit: PAGE, offset };
  const accounts = useQuery({ queryKey: ['accounts', params], queryFn: () => api.accounts(params), placeholderData: keepPreviousData });
  const reset = () => setOffset(0);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Customers</div>
          <h1>Accounts</h1>
          <p className="page-sub">{accounts.data ? `${formatCount(accounts.data.total)} accounts in ${user.unitName}` : 'The customer companies you can see.'}</p>
        </div>
        {canWrite && (
          <Button variant={importing ? 'default' : 'primary'} onClick={() => setImporting(!importing)} aria-expanded={importing} data-testid="import-toggle">
            Import CSV
          </Button>
        )}
      </header>
      {importing && <ImportPanel />}
      <form className="row" style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }} role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Search" placeholder="Name, code or CRM id" value={q} onChange={(e) => { setQ(e.target.value); reset(); }} data-testid="account-search" />
        <SelectField label="Status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any</option>
          <option value="active">Active</option>
          <option value="defected">Defected</option>
        </SelectField>
        <SelectField label="Self-assessment" value={assessment} onChange={(e) => { setAssessment(e.target.value); reset(); }}>
          <option value="">Any</option>
          {Object.entries(RATING_LABEL).map(([k, v]) => (
            <option key={k} value={k}>{v}</option>
          ))}
          <option value="none">Not assessed</option>
        </SelectField>
        <SelectField label="Sort by" value={sort} onChange={(e) => { setSort(e.target.value); reset(); }}>
          <option value="name">Name</option>
          <option value="-billedRevenue">Billed revenue, highest first</option>
          <option value="billedRevenue">Billed revenue, lowest first</option>
        </SelectField>
        <Checkbox label="Key accounts only" checked={keyOnly} onChange={(e) => { setKeyOnly(e.target.checked); reset(); }} />
      </form>
      <ListCard
        query={accounts}
        what="account list"
        placeholderRows={6}
        isEmpty={accounts.data?.accounts.length === 0}
        empty={<EmptyState icon={<UsersIcon size={26} />} title="No accounts match">Import accounts from your CRM with "Import CSV", the API (POST /api/v1/accounts) or "corridor import accounts".</EmptyState>}
      >
        {(data) => (
          <>
            <Table data-testid="account-table">
              <thead>
                <tr>
                  <th>Account</th>
                  <th>Unit</th>
                  <th>Owner</th>
                  <th className="right">Billed</th>
                  <th className="right">Booked + potential</th>
                  <th>Self-assessment</th>
                  <th className="right">Contacts</th>
                </tr>
              </thead>
              <tbody>
                {data.accounts.map((a) => (
                  <tr key={a.id} data-testid="account-row">
                    <td>
                      <Link to="/accounts/$id" params={{ id: a.id }} className="table-link">{a.name}</Link>{' '}
                      {a.code && <span className="mono small muted">{a.code}</span>}{' '}
                      {a.keyAccount && <Badge tone="info">Key account</Badge>}{' '}
                      {a.status === 'defected' && <Badge tone="danger">Defected</Badge>}
                    </td>
                    <td data-label="Unit" className="wrap">{a.unitName}</td>
                    <td data-label="Owner">{a.owner?.name ?? <span className="muted">–</span>}</td>
                    <td className="right num" data-label="Billed">{formatMoney(a.billedRevenue)}</td>
                    <td className="right num" data-label="Booked + potential">{a.bookedRevenue === null && a.potentialRevenue === null ? '–' : formatMoney((a.bookedRevenue ?? 0) + (a.potentialRevenue ?? 0))}</td>
                    <td data-label="Self-assessment"><AssessmentBadge rating={a.assessment?.rating} /></td>
                    <td className="right num" data-label="Contacts">{a.contactCount}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav className="row" style={{ gap: 8, padding: 12, justifyContent: 'flex-end' }} aria-label="Pages">
              <span className="small muted">{data.offset + 1}–{data.offset + data.accounts.length} of {formatCount(data.total)}</span>
              <Button size="sm" disabled={data.offset === 0} onClick={() => setOffset(Math.max(0, data.offset - PAGE))}>Previous</Button>
              <Button size="sm" disabled={data.offset + data.accounts.length >= data.total} onClick={() => setOffset(data.offset + PAGE)}>Next</Button>
            </nav>
          </>
        )}
      </ListCard>
    </div>
  );
}
