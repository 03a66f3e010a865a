import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Badge, ScoreChip } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { formatMoney } from '../components/CustomerBadges.tsx';
import { errorMessage, issueFor } from '../api.ts';
import { assigneesQuery, casesApi, rootCausesQuery, type CaseDetail } from '../cases/api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import { CaseStatusBadges } from './CasesPage.tsx';
import '../cases/cases.css';

/** One case: the response, the account, the contact's history, the timeline, and what can be done next. */
export function CasePage() {
  const { id } = useParams({ from: '/_app/cases/$id' });
  const detail = useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => casesApi.get(id) });
  useTitle(detail.data ? `Case #${detail.data.number}` : 'Case');
  if (detail.isError) return <div className="page"><LoadError error={detail.error} what="case" onRetry={() => void detail.refetch()} /></div>;
  if (!detail.data) return <div className="page"><Skeleton height={200} /></div>;
  return <CaseView c={detail.data} />;
}

const EVENT_LABEL: Record<string, string> = {
  opened: 'Opened', status: 'Status changed', reopened: 'Reopened', note: 'Note', assigned: 'Reassigned', escalated: 'Escalated', overdue: 'Overdue', customer_told: 'Customer told', updated: 'Updated',
};

/** A status key as words (the settings' labels are not at hand here; keys are snake_case). */
const labelOf = (key: unknown) => String(key).replace(/_/g, ' ');

function describeEvent(e: CaseDetail['timeline'][number], c: CaseDetail): string {
  const d = e.details as Record<string, unknown>;
  if (e.kind === 'opened') return `By the rule “${String(d['rule'] ?? '')}”: ${String(d['trigger'] ?? '')} (routed via ${String(d['via'] ?? '').replace('_', ' ')})`;
  if (e.kind === 'status' || e.kind === 'reopened') return `${labelOf(d['from'])} → ${labelOf(d['to'])}${d['note'] ? ` — ${String(d['note'])}` : ''}`;
  if (e.kind === 'note') return String(d['text'] ?? '');
  if (e.kind === 'escalated') return `${d['deadline'] === 'first_action' ? 'No first action in time' : 'Not resolved in time'}; escalated${c.escalatedTo && d['toUserId'] === c.escalatedTo.id ? ` to ${c.escalatedTo.name}` : ''}`;
  if (e.kind === 'overdue') return d['deadline'] === 'first_action' ? 'First-action deadline passed' : 'Resolution deadline passed';
  if (e.kind === 'customer_told') return d['customerToldAt'] ? `Customer told on ${formatDate(String(d['customerToldAt']))}` : 'Customer-told date cleared';
  return Object.keys(d).join(', ');
}

function CaseView({ c }: { c: CaseDetail }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const canWork = user.role === 'admin' || user.role === 'manager' || user.role === 'agent';
  const rootCauses = useQuery(rootCausesQuery);
  const assignees = useQuery({ ...assigneesQuery, enabled: canWork });
  const [note, setNote] = useState('');
  const [rootCauseId, setRootCauseId] = useState(c.rootCause?.id ?? '');
  const [resolution, setResolution] = useState(c.resolution ?? '');
  const [told, setTold] = useState(c.customerToldAt?.slice(0, 10) ?? new Date().toISOString().slice(0, 10));
  const [assignee, setAssignee] = useState(c.assignee?.id ?? '');
  const done = async (data: CaseDetail) => {
    queryClient.setQueryData(['cases', 'detail', c.id], data);
    await queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    await queryClient.invalidateQueries({ queryKey: ['cases', 'counts'] });
  };
  const status = useMutation({ mutationFn: (to: string) => casesApi.status(c.id, { status: to, ...(rootCauseId ? { rootCauseId } : {}), ...(resolution.trim() ? { resolution: resolution.trim() } : {}) }), onSuccess: done });
  const addNote = useMutation({ mutationFn: () => casesApi.note(c.id, note), onSuccess: async (d) => { setNote(''); await done(d); } });
  const tell = useMutation({ mutationFn: () => casesApi.update(c.id, { customerToldAt: told }), onSuccess: done });
  const reassign = useMutation({ mutationFn: () => casesApi.assign(c.id, assignee || null), onSuccess: done });
  const resolving = c.nextStatuses.some((s) => s.stage === 'resolved' || s.stage === 'closed');
  const error = status.error ?? addNote.error ?? tell.error ?? reassign.error;

  return (
    <div className="page" data-testid="case-page">
      <header className="page-header">
        <div>
          <div className="eyebrow"><Link to="/cases">Cases</Link> · #{c.number}</div>
          <h1>{c.title}</h1>
          <div className="page-sub row" style={{ gap: 10, flexWrap: 'wrap' }}>
            <CaseStatusBadges c={c} />
            <span>{c.unit.name}</span>
            <span>Assigned to <strong data-testid="case-assignee">{c.assignee?.name ?? 'nobody'}</strong>{c.queue ? ` (${c.queue.name})` : ''}</span>
            <span>Opened {formatDateTime(c.openedAt)}</span>
          </div>
        </div>
      </header>
      {error && <Alert tone="error" title="That did not work">{errorMessage(error)}</Alert>}
      <div className="case-grid">
        <div className="stack">
          {canWork && (
            <Card title="Next step" data-testid="case-actions">
              <div className="stack">
                <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                  {c.nextStatuses.map((s) => (
                    <Button key={s.key} size="sm" variant={s.stage === 'closed' || s.stage === 'resolved' ? 'primary' : 'default'} loading={status.isPending && status.variables === s.key} onClick={() => status.mutate(s.key)} data-testid={`case-to-${s.key}`}>
                      {c.stage === 'resolved' || c.stage === 'closed' ? (s.stage === 'in_progress' ? `Reopen (${s.label})` : s.label) : s.label}
                    </Button>
                  ))}
                </div>
                {resolving && c.stage !== 'closed' && (
                  <div className="row case-resolve">
                    <SelectField label="Root cause" value={rootCauseId} onChange={(e) => setRootCauseId(e.target.value)} error={issueFor(status.error, 'rootCauseId')} data-testid="case-root-cause">
                      <option value="">Choose…</option>
                      {rootCauses.data?.rootCauses.filter((r) => r.active || r.id === rootCauseId).map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
                    </SelectField>
                    <TextAreaField label="Resolution" hint="What was done; needed to resolve or close" rows={2} value={resolution} onChange={(e) => setResolution(e.target.value)} error={issueFor(status.error, 'resolution')} data-testid="case-resolution" />
                  </div>
                )}
                <div className="row case-inline">
                  <TextField label="Customer told on" type="date" value={told} onChange={(e) => setTold(e.target.value)} error={issueFor(tell.error, 'customerToldAt')} data-testid="case-told-date" />
                  <Button size="sm" loading={tell.isPending} onClick={() => tell.mutate()} data-testid="case-told">{c.customerToldAt ? 'Change date' : 'Customer told'}</Button>
                </div>
                <div className="row case-inline">
                  <SelectField label="Assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="case-reassign-select">
                    <option value="">Nobody</option>
                    {assignees.data?.assignees.map((a) => <option key={a.id} value={a.id}>{a.name} · {a.unitName}</option>)}
                  </SelectField>
                  <Button size="sm" loading={reassign.isPending} disabled={(c.assignee?.id ?? '') === assignee} onClick={() => reassign.mutate()} data-testid="case-reassign">Reassign</Button>
                </div>
              </div>
            </Card>
          )}
          <Card title={c.accountTrigger ? 'What happened to the account' : 'What the customer said'}>
            {c.accountTrigger ? (
              <p data-testid="case-account-trigger">{c.accountDetail?.name ?? 'The account'}: {c.accountTrigger}{c.rule ? <span className="muted"> · rule “{c.rule.name}”</span> : null}</p>
            ) : c.response ? (
              <div className="stack">
                <p className="small muted">{c.response.survey.title} · {formatDateTime(c.response.submittedAt)}</p>
                <dl className="case-answers" data-testid="case-answers">
                  {c.response.answers.map((a) => (
                    <div key={a.questionId}><dt>{a.label}</dt><dd>{a.value}</dd></div>
                  ))}
                </dl>
              </div>
            ) : <p className="muted">This case was opened without a response.</p>}
          </Card>
          <Card title="Timeline">
            <ol className="case-timeline" data-testid="case-timeline">
              {c.timeline.map((e) => (
                <li key={e.id}>
                  <div className="small muted">{formatDateTime(e.at)} · {e.actor}</div>
                  <div><strong>{EVENT_LABEL[e.kind] ?? e.kind}</strong> {describeEvent(e, c)}</div>
                </li>
              ))}
            </ol>
            {canWork && (
              <form className="stack" onSubmit={(e) => { e.preventDefault(); if (note.trim()) addNote.mutate(); }}>
                <TextAreaField label="Add a note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="case-note" />
                <div><Button type="submit" size="sm" loading={addNote.isPending} disabled={!note.trim()} data-testid="case-add-note">Add note</Button></div>
              </form>
            )}
          </Card>
        </div>
        <div className="stack">
          <Card title="Deadlines">
            <dl className="case-facts">
              <div><dt>First action</dt><dd>{c.firstActionDueAt ? formatDateTime(c.firstActionDueAt) : '–'}{c.acknowledgedAt && <span className="small muted"> · done {formatDateTime(c.acknowledgedAt)}</span>}</dd></div>
              <div><dt>Resolution</dt><dd>{c.resolutionDueAt ? formatDateTime(c.resolutionDueAt) : '–'}{c.resolvedAt && <span className="small muted"> · done {formatDateTime(c.resolvedAt)}</span>}</dd></div>
              <div><dt>Escalated to</dt><dd>{c.escalatedTo?.name ?? '–'}</dd></div>
              <div><dt>Root cause</dt><dd data-testid="case-root-cause-label">{c.rootCause?.label ?? '–'}</dd></div>
              <div><dt>Resolution</dt><dd>{c.resolution ?? '–'}</dd></div>
              <div><dt>Customer told</dt><dd data-testid="case-told-at">{c.customerToldAt ? formatDate(c.customerToldAt) : 'Not yet'}</dd></div>
            </dl>
          </Card>
          {c.accountDetail && (
            <Card title="Account">
              <dl className="case-facts">
                <div><dt>Name</dt><dd><Link to="/accounts/$id" params={{ id: c.accountDetail.id }} className="table-link">{c.accountDetail.name}</Link> {c.accountDetail.keyAccount && <Badge tone="info">Key account</Badge>}</dd></div>
                <div><dt>Owner</dt><dd>{c.accountDetail.owner ?? '–'}</dd></div>
                <div><dt>Billed</dt><dd>{formatMoney(c.accountDetail.billedRevenue)}</dd></div>
                <div><dt>Status</dt><dd>{c.accountDetail.status}</dd></div>
              </dl>
            </Card>
          )}
          <Card title={c.contact ? `History of ${c.contact.name ?? c.contact.email}` : c.contactHistory.of === 'account' ? `History of ${c.accountDetail?.name ?? 'the account'}` : 'Contact'}>
            {c.contactHistory.of !== 'none' ? (
              <div className="stack">
                {c.contact && <Link to="/contacts/$id" params={{ id: c.contact.id }} className="table-link small case-wrap">{c.contact.email}</Link>}
                <h3 className="case-subhead">Earlier responses</h3>
                {c.contactHistory.responses.length === 0 ? <p className="small muted">None.</p> : (
                  <ul className="case-list" data-testid="case-history-responses">
                    {c.contactHistory.responses.map((r) => <li key={r.id}><ScoreChip score={r.nps} /> {r.survey} · <span className="muted">{formatDate(r.submittedAt)}</span></li>)}
                  </ul>
                )}
                <h3 className="case-subhead">Earlier cases</h3>
                {c.contactHistory.cases.length === 0 ? <p className="small muted">None.</p> : (
                  <ul className="case-list" data-testid="case-history-cases">
                    {c.contactHistory.cases.map((x) => <li key={x.id}><Link to="/cases/$id" params={{ id: x.id }} className="table-link">#{x.number} {x.title}</Link> · <span className="muted">{x.status}, {formatDate(x.openedAt)}</span></li>)}
                  </ul>
                )}
              </div>
            ) : <p className="muted">The response was anonymous.</p>}
          </Card>
        </div>
      </div>
    </div>
  );
}
