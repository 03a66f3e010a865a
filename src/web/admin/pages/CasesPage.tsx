import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { ListIcon } from '../../ui/icons.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatDateTime, formatRelative } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { assigneesQuery, casesApi, rootCausesQuery, STAGE_TONE, type CaseSummary } from '../cases/api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { touchPointsQuery } from '../queries.ts';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import '../cases/cases.css';

const PAGE = 50;

/** A case's status with its stage's colour, and whether it is overdue or escalated. */
export function CaseStatusBadges({ c }: { c: Pick<CaseSummary, 'stage' | 'statusLabel' | 'overdue' | 'escalationLevel' | 'escalatedTo'> }) {
  return (
    <span className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
      <Badge tone={STAGE_TONE[c.stage]} dot>{c.statusLabel}</Badge>
      {c.overdue && <Badge tone="danger">Overdue</Badge>}
      {c.escalatedTo && <Badge tone="warning" title={`Escalated to ${c.escalatedTo.name}`}>Escalated</Badge>}
    </span>
  );
}

/** Cases: the ones the user can see, with filters, paging, and bulk assignment or status changes. */
export function CasesPage() {
  useTitle('Cases');
  const user = useUser();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState('open');
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [touchPointId, setTouchPointId] = useState('');
  const [rootCauseId, setRootCauseId] = useState('');
  const [openedFrom, setOpenedFrom] = useState('');
  const [openedTo, setOpenedTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState('');
  const [bulkStatus, setBulkStatus] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const canWork = user.role === 'admin' || user.role === 'manager' || user.role === 'agent';
  const params = {
    stage: stage || undefined,
    mine: mine ? 'true' : undefined,
    overdue: overdue ? 'true' : undefined,
    touchPointId: touchPointId || undefined,
    rootCauseId: rootCauseId || undefined,
    openedFrom: openedFrom || undefined,
    openedTo: openedTo || undefined,
    limit: PAGE,
    offset,
  };
  const cases = useQuery({ queryKey: ['cases', 'list', params], queryFn: () => casesApi.list(params), placeholderData: keepPreviousData });
  const touchPoints = useQuery(touchPointsQuery);
  const rootCauses = useQuery(rootCausesQuery);
  const assignees = useQuery({ ...assigneesQuery, enabled: canWork });
  const settings = useQuery({ queryKey: ['case-settings'], queryFn: casesApi.settings });
  const bulk = useMutation({
    mutationFn: casesApi.bulk,
    onSuccess: async (r) => {
      setNotice(`${formatCount(r.updated)} case${r.updated === 1 ? '' : 's'} updated${r.refused.length ? `; ${r.refused.length} refused: ${r.refused.map((x) => x.message).join(' ')}` : ''}.`);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  const reset = () => {
    setOffset(0);
    setSelected(new Set());
  };
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Closing the loop</div>
          <h1>Cases</h1>
          <p className="page-sub">{cases.data ? `${formatCount(cases.data.total)} case${cases.data.total === 1 ? '' : 's'} match` : 'Problems customers told you about, routed to the people who fix them.'}</p>
        </div>
      </header>
      <form className="row case-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" value={stage} onChange={(e) => { setStage(e.target.value); reset(); }} data-testid="case-filter-stage">
          <option value="open">Open (not resolved)</option>
          <option value="">Any</option>
          <option value="new">New</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="in_progress">In progress</option>
          <option value="resolved">Resolved</option>
          <option value="closed">Closed</option>
        </SelectField>
        <SelectField label="Touch point" value={touchPointId} onChange={(e) => { setTouchPointId(e.target.value); reset(); }}>
          <option value="">Any</option>
          {touchPoints.data?.touchPoints.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </SelectField>
        <SelectField label="Root cause" value={rootCauseId} onChange={(e) => { setRootCauseId(e.target.value); reset(); }}>
          <option value="">Any</option>
          {rootCauses.data?.rootCauses.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
        </SelectField>
        <TextField label="Opened from" type="date" value={openedFrom} onChange={(e) => { setOpenedFrom(e.target.value); reset(); }} />
        <TextField label="to" type="date" value={openedTo} onChange={(e) => { setOpenedTo(e.target.value); reset(); }} />
        <Checkbox label="Mine" checked={mine} onChange={(e) => { setMine(e.target.checked); reset(); }} data-testid="case-filter-mine" />
        <Checkbox label="Overdue" checked={overdue} onChange={(e) => { setOverdue(e.target.checked); reset(); }} />
      </form>
      {notice && <Alert tone="success" title={notice} testId="case-bulk-notice" />}
      {bulk.isError && <Alert tone="error" title="The bulk change failed">{errorMessage(bulk.error)}</Alert>}
      {canWork && selected.size > 0 && (
        <div className="row case-bulk" data-testid="case-bulk">
          <strong>{selected.size} selected</strong>
          <SelectField label="Assign to" value={bulkAssignee} onChange={(e) => setBulkAssignee(e.target.value)}>
            <option value="">Choose…</option>
            {assignees.data?.assignees.map((a) => <option key={a.id} value={a.id}>{a.name} · {a.unitName}</option>)}
          </SelectField>
          <Button size="sm" disabled={!bulkAssignee} loading={bulk.isPending} onClick={() => bulk.mutate({ ids: [...selected], action: { type: 'assign', assigneeId: bulkAssignee } })}>Assign</Button>
          <SelectField label="Move to" value={bulkStatus} onChange={(e) => setBulkStatus(e.target.value)}>
            <option value="">Choose…</option>
            {settings.data?.statuses.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
          </SelectField>
          <Button size="sm" disabled={!bulkStatus} loading={bulk.isPending} onClick={() => bulk.mutate({ ids: [...selected], action: { type: 'status', status: bulkStatus } })}>Move</Button>
        </div>
      )}
      <ListCard
        query={cases}
        what="case list"
        placeholderRows={6}
        isEmpty={cases.data?.cases.length === 0}
        empty={<EmptyState icon={<ListIcon size={26} />} title="No cases match">Cases open when a response meets an alert rule (Settings → Alert rules).</EmptyState>}
      >
        {(data) => (
          <>
            <Table data-testid="case-table">
              <thead>
                <tr>
                  {canWork && (
                    <th className="case-check">
                      <input type="checkbox" aria-label="Select all on this page" checked={data.cases.length > 0 && data.cases.every((c) => selected.has(c.id))} onChange={(e) => setSelected(e.target.checked ? new Set(data.cases.map((c) => c.id)) : new Set())} />
                    </th>
                  )}
                  <th>Case</th>
                  <th>Status</th>
                  <th>Assignee</th>
                  <th>Unit</th>
                  <th>Opened</th>
                  <th>Due</th>
                </tr>
              </thead>
              <tbody>
                {data.cases.map((c) => (
                  <tr key={c.id} data-testid="case-row">
                    {canWork && (
                      <td className="case-check">
                        <input type="checkbox" aria-label={`Select case ${c.number}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                      </td>
                    )}
                    <td className="wrap">
                      <span className="mono small muted">#{c.number}</span>{' '}
                      <Link to="/cases/$id" params={{ id: c.id }} className="table-link">{c.title}</Link>
                      {c.touchPoint && <div className="small muted">{c.touchPoint.name}</div>}
                    </td>
                    <td data-label="Status"><CaseStatusBadges c={c} /></td>
                    <td data-label="Assignee">{c.assignee?.name ?? <span className="muted">Nobody</span>}{c.queue && <div className="small muted">{c.queue.name}</div>}</td>
                    <td data-label="Unit" className="wrap">{c.unit.name}</td>
                    <td data-label="Opened" title={formatDateTime(c.openedAt)}>{formatRelative(c.openedAt)}</td>
                    <td data-label="Due">{dueOf(c)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav className="row" style={{ gap: 8, padding: 12, justifyContent: 'flex-end' }} aria-label="Pages">
              <span className="small muted">{data.offset + 1}–{data.offset + data.cases.length} of {formatCount(data.total)}</span>
              <Button size="sm" disabled={data.offset === 0} onClick={() => { setOffset(Math.max(0, data.offset - PAGE)); setSelected(new Set()); }}>Previous</Button>
              <Button size="sm" disabled={data.offset + data.cases.length >= data.total} onClick={() => { setOffset(data.offset + PAGE); setSelected(new Set()); }}>Next</Button>
            </nav>
          </>
        )}
      </ListCard>
    </div>
  );
}

/** The deadline that matters now: the first action until acknowledged, then the resolution. */
function dueOf(c: CaseSummary): string {
  if (c.stage === 'resolved' || c.stage === 'closed') return '–';
  const due = c.acknowledgedAt ? c.resolutionDueAt : c.firstActionDueAt;
  return due ? formatDateTime(due) : '–';
}
