import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { FEEDBACK_KIND_LABELS, FEEDBACK_KINDS } from '../../../contract/feedback.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ListIcon } from '../../ui/icons.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatDate } from '../../ui/format.ts';
import { ApiError, errorMessage } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { feedbackApi, SENTIMENT_TONE } from '../feedback/api.ts';
import { FeedbackForm } from '../feedback/FeedbackForm.tsx';
import { touchPointsQuery, unitsQuery } from '../queries.ts';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import '../feedback/feedback.css';

const PAGE = 50;

/** Feedback: interview and focus-group notes, forum posts, observations and letters, with filters, a form and a CSV import. */
export function FeedbackPage() {
  useTitle('Feedback');
  const user = useUser();
  const navigate = useNavigate();
  const canWrite = user.role === 'admin' || user.role === 'analyst' || user.role === 'manager';
  const [kind, setKind] = useState('');
  const [unitId, setUnitId] = useState('');
  const [touchPointId, setTouchPointId] = useState('');
  const [words, setWords] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The cursors of the pages before this one, so "Previous" goes back without offsets.
  const [cursors, setCursors] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const params = { kind: kind || undefined, unitId: unitId || undefined, touchPointId: touchPointId || undefined, q: words.trim() || undefined, from: from || undefined, to: to || undefined, limit: PAGE, after: cursors.at(-1) };
  const items = useQuery({ queryKey: ['feedback', 'list', params], queryFn: () => feedbackApi.list(params), placeholderData: keepPreviousData });
  const units = useQuery(unitsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const reset = () => setCursors([]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Verbatims</div>
          <h1>Feedback</h1>
          <p className="page-sub">What customers said outside surveys — interviews, focus groups, forum posts, observations and letters — analysed like their comments.</p>
        </div>
        {canWrite && !adding && <Button variant="primary" onClick={() => setAdding(true)} data-testid="feedback-add">Add feedback</Button>}
      </header>
      {adding && (
        <Card title="New feedback item">
          <FeedbackForm onCancel={() => setAdding(false)} onDone={(saved) => void navigate({ to: '/feedback/$id', params: { id: saved.id } })} />
        </Card>
      )}
      <form className="row feedback-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Kind" value={kind} onChange={(e) => { setKind(e.target.value); reset(); }} data-testid="feedback-filter-kind">
          <option value="">Any</option>
          {FEEDBACK_KINDS.map((k) => <option key={k} value={k}>{FEEDBACK_KIND_LABELS[k]}</option>)}
        </SelectField>
        <SelectField label="Unit" value={unitId} onChange={(e) => { setUnitId(e.target.value); reset(); }} data-testid="feedback-filter-unit">
          <option value="">Any</option>
          {units.data?.units.map((u) => <option key={u.id} value={u.id}>{'\u00a0\u00a0'.repeat(u.depth)}{u.name}</option>)}
        </SelectField>
        <SelectField label="Touch point" value={touchPointId} onChange={(e) => { setTouchPointId(e.target.value); reset(); }}>
          <option value="">Any</option>
          {touchPoints.data?.touchPoints.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </SelectField>
        <TextField label="Words" type="search" value={words} onChange={(e) => { setWords(e.target.value); reset(); }} placeholder="invoice, claim…" data-testid="feedback-filter-words" />
        <TextField label="From" type="date" value={from} onChange={(e) => { setFrom(e.target.value); reset(); }} />
        <TextField label="to" type="date" value={to} onChange={(e) => { setTo(e.target.value); reset(); }} />
      </form>
      <ListCard
        query={items}
        what="feedback list"
        placeholderRows={6}
        isEmpty={items.data?.items.length === 0}
        empty={<EmptyState icon={<ListIcon size={26} />} title="No feedback matches">{canWrite ? 'Add an item, or import a CSV file below.' : 'Items appear here when your team records them.'}</EmptyState>}
      >
        {(data) => (
          <>
            <Table data-testid="feedback-table">
              <thead>
                <tr>
                  <th>Feedback</th>
                  <th>Kind</th>
                  <th>Sentiment</th>
                  <th>Unit</th>
                  <th>Account</th>
                  <th>Day</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((f) => (
                  <tr key={f.id} data-testid="feedback-row">
                    <td className="wrap feedback-cell">
                      <Link to="/feedback/$id" params={{ id: f.id }} className="table-link">{f.title ?? excerpt(f.body)}</Link>
                      {f.title && <div className="small muted feedback-excerpt">{excerpt(f.body)}</div>}
                      <div className="small muted">{f.author}{f.touchPoint ? ` · ${f.touchPoint.name}` : ''}</div>
                    </td>
                    <td data-label="Kind">{FEEDBACK_KIND_LABELS[f.kind]}</td>
                    <td data-label="Sentiment">{f.sentiment ? <Badge tone={SENTIMENT_TONE[f.sentiment]} dot>{f.sentiment}</Badge> : <span className="muted small">Not analysed yet</span>}</td>
                    <td data-label="Unit" className="wrap">{f.unit.name}</td>
                    <td data-label="Account" className="wrap">{f.account ? <Link to="/accounts/$id" params={{ id: f.account.id }} className="table-link">{f.account.name}</Link> : <span className="muted">–</span>}</td>
                    <td data-label="Day">{formatDate(`${f.occurredOn}T12:00:00Z`)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav className="row" style={{ gap: 8, padding: 12, justifyContent: 'flex-end' }} aria-label="Pages">
              <span className="small muted">Page {cursors.length + 1}</span>
              <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
              <Button size="sm" disabled={!data.next} onClick={() => data.next && setCursors((c) => [...c, data.next ?? ''])} data-testid="feedback-next">Next</Button>
            </nav>
          </>
        )}
      </ListCard>
      {canWrite && <ImportCard />}
    </div>
  );
}

const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 137)}…` : text);

/** A CSV file of items: all rows or none, every bad row listed by line. */
function ImportCard() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => feedbackApi.importCsv(f),
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: ['feedback'] }),
  });
  const rows = upload.error instanceof ApiError && Array.isArray(upload.error.details) ? (upload.error.details as { row: number; field: string; message: string }[]) : [];
  return (
    <Card title="Import from a CSV file">
      <p className="small muted">
        Columns: <code>kind, title, body, author, date, unit, account, contact, touch_point, external_id</code>. Kinds: {FEEDBACK_KINDS.join(', ')}. The unit by name or path
        (Banking / Europe), the account by CRM id, the contact by email. All rows or none; a row whose external_id is stored already updates that item.
      </p>
      <div className="row" style={{ gap: 8, alignItems: 'flex-end' }}>
        <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="feedback-import-file" />
        <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)} data-testid="feedback-import">Import</Button>
      </div>
      {upload.isSuccess && <Alert tone="success" title={`${upload.data.created} created, ${upload.data.updated} updated, ${upload.data.unchanged} unchanged.`} testId="feedback-import-result" />}
      {upload.isError && (
        <Alert tone="error" title="Nothing was imported." testId="feedback-import-errors">
          {errorMessage(upload.error)}
          {rows.length > 0 && (
            <ul>
              {rows.slice(0, 50).map((r) => <li key={`${r.row}:${r.field}`}>line {r.row}, {r.field}: {r.message}</li>)}
            </ul>
          )}
        </Alert>
      )}
    </Card>
  );
}
