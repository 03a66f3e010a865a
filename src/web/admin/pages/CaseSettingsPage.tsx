import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { errorMessage, issueFor } from '../api.ts';
import { assigneesQuery, casesApi, rootCausesQuery, type CaseSettings } from '../cases/api.ts';
import { touchPointsQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';
import '../cases/cases.css';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Settings → Cases: business hours and deadlines, the fallback assignee, root causes and queues. */
export function CaseSettingsPage() {
  useTitle('Case settings');
  const settings = useQuery({ queryKey: ['case-settings'], queryFn: casesApi.settings });
  return (
    <div className="stack">
      {settings.data ? <HoursForm key={JSON.stringify(settings.data)} settings={settings.data} /> : settings.isError ? <Alert tone="error" title="Could not load the settings">{errorMessage(settings.error)}</Alert> : <Skeleton height={160} />}
      <RootCauses />
      <Queues />
    </div>
  );
}

function HoursForm({ settings }: { settings: CaseSettings }) {
  const queryClient = useQueryClient();
  const assignees = useQuery(assigneesQuery);
  const first = settings.calendar.week[0];
  const [timeZone, setTimeZone] = useState(settings.calendar.timeZone);
  const [days, setDays] = useState<number[]>([...new Set(settings.calendar.week.map((w) => w.day))]);
  const [open, setOpen] = useState(first?.open ?? '09:00');
  const [close, setClose] = useState(first?.close ?? '17:00');
  const [holidays, setHolidays] = useState(settings.calendar.holidays.join(', '));
  const [firstHours, setFirstHours] = useState(String(settings.firstActionMinutes / 60));
  const [resolutionHours, setResolutionHours] = useState(String(settings.resolutionMinutes / 60));
  const [fallback, setFallback] = useState(settings.fallbackUserId ?? '');
  const save = useMutation({
    mutationFn: () =>
      casesApi.putSettings({
        calendar: { timeZone, week: days.sort().map((day) => ({ day, open, close })), holidays: holidays.split(',').map((h) => h.trim()).filter(Boolean) },
        firstActionMinutes: Math.round(Number(firstHours) * 60),
        resolutionMinutes: Math.round(Number(resolutionHours) * 60),
        statuses: settings.statuses,
        fallbackUserId: fallback || null,
      }),
    onSuccess: (data) => queryClient.setQueryData(['case-settings'], data),
  });
  return (
    <Card title="Business hours and deadlines" data-testid="case-hours">
      <form className="stack" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        {save.isSuccess && <Alert tone="success" title="Saved. New cases get deadlines by these hours." />}
        {save.isError && <Alert tone="error" title="Not saved">{errorMessage(save.error)}</Alert>}
        <div className="row case-inline">
          <TextField label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={issueFor(save.error, 'calendar.timeZone')} hint="IANA name, e.g. Europe/Berlin" data-testid="case-tz" />
          <TextField label="Opens" type="time" value={open} onChange={(e) => setOpen(e.target.value)} />
          <TextField label="Closes" type="time" value={close} onChange={(e) => setClose(e.target.value)} error={issueFor(save.error, 'calendar.week.0.close')} />
        </div>
        <div className="row" style={{ gap: 12, flexWrap: 'wrap' }} role="group" aria-label="Working days">
          {DAYS.map((label, i) => <Checkbox key={label} label={label} checked={days.includes(i + 1)} onChange={() => setDays(days.includes(i + 1) ? days.filter((x) => x !== i + 1) : [...days, i + 1])} />)}
        </div>
        <TextField label="Holidays" hint="Days closed, YYYY-MM-DD, comma-separated" value={holidays} onChange={(e) => setHolidays(e.target.value)} />
        <div className="row case-inline">
          <TextField label="First action within (business hours)" type="number" min="0.25" step="0.25" value={firstHours} onChange={(e) => setFirstHours(e.target.value)} error={issueFor(save.error, 'firstActionMinutes')} />
          <TextField label="Resolution within (business hours)" type="number" min="0.25" step="0.25" value={resolutionHours} onChange={(e) => setResolutionHours(e.target.value)} error={issueFor(save.error, 'resolutionMinutes')} />
          <SelectField label="Fallback assignee" value={fallback} onChange={(e) => setFallback(e.target.value)} hint="Takes what no routing step placed">
            <option value="">Nearest manager up the hierarchy</option>
            {assignees.data?.assignees.map((a) => <option key={a.id} value={a.id}>{a.name} · {a.unitName}</option>)}
          </SelectField>
        </div>
        <div className="small muted">Statuses: {settings.statuses.map((s) => s.label).join(' → ')}</div>
        <div><Button type="submit" variant="primary" loading={save.isPending} data-testid="case-hours-save">Save</Button></div>
      </form>
    </Card>
  );
}

function RootCauses() {
  const queryClient = useQueryClient();
  const causes = useQuery(rootCausesQuery);
  const [label, setLabel] = useState('');
  const key = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'c_$1').slice(0, 40);
  const add = useMutation({ mutationFn: () => casesApi.createRootCause({ key, label }), onSuccess: async () => { setLabel(''); await queryClient.invalidateQueries({ queryKey: rootCausesQuery.queryKey }); } });
  const toggle = useMutation({ mutationFn: (c: { id: string; active: boolean }) => casesApi.updateRootCause(c.id, { active: !c.active }), onSuccess: () => queryClient.invalidateQueries({ queryKey: rootCausesQuery.queryKey }) });
  return (
    <Card title="Root causes" data-testid="case-root-causes">
      <div className="stack">
        {add.isError && <Alert tone="error" title="Not added">{errorMessage(add.error)}</Alert>}
        <ul className="case-chips">
          {causes.data?.rootCauses.map((c) => (
            <li key={c.id}>
              <Badge tone={c.active ? 'info' : 'neutral'}>{c.label}</Badge>{' '}
              <button type="button" className="link-button small" onClick={() => toggle.mutate(c)}>{c.active ? 'retire' : 'use again'}</button>
            </li>
          ))}
        </ul>
        <form className="row case-inline" onSubmit={(e) => { e.preventDefault(); if (key) add.mutate(); }}>
          <TextField label="New root cause" value={label} onChange={(e) => setLabel(e.target.value)} data-testid="root-cause-label" />
          <Button type="submit" size="sm" disabled={!key} loading={add.isPending}>Add</Button>
        </form>
      </div>
    </Card>
  );
}

function Queues() {
  const queryClient = useQueryClient();
  const queues = useQuery({ queryKey: ['case-queues'], queryFn: casesApi.queues });
  const touchPoints = useQuery(touchPointsQuery);
  const assignees = useQuery(assigneesQuery);
  const [name, setName] = useState('');
  const [touchPointId, setTouchPointId] = useState('');
  const [topics, setTopics] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () => casesApi.createQueue({ name, touchPointIds: touchPointId ? [touchPointId] : [], topics: topics.split(',').map((t) => t.trim()).filter(Boolean), memberIds: members }),
    onSuccess: async () => { setName(''); setTopics(''); setMembers([]); await queryClient.invalidateQueries({ queryKey: ['case-queues'] }); },
  });
  const tpName = (id: string) => touchPoints.data?.touchPoints.find((t) => t.id === id)?.name ?? id;
  return (
    <Card title="Specialist queues" data-testid="case-queues">
      <div className="stack">
        <p className="small muted">A rule routing “by touch point or topic” sends a case to the first queue that matches; its members take turns.</p>
        {queues.data?.queues.length === 0 && <p className="muted">No queues yet.</p>}
        <ul className="case-list">
          {queues.data?.queues.map((q) => (
            <li key={q.id}><strong>{q.name}</strong> · {[...q.touchPointIds.map(tpName), ...q.topics].join(', ') || 'matches nothing yet'} · <span className="muted">{q.members.map((m) => m.name).join(', ') || 'no members'}</span></li>
          ))}
        </ul>
        {add.isError && <Alert tone="error" title="Not added">{errorMessage(add.error)}</Alert>}
        <form className="stack" onSubmit={(e) => { e.preventDefault(); if (name.trim()) add.mutate(); }}>
          <div className="row case-inline">
            <TextField label="Queue name" value={name} onChange={(e) => setName(e.target.value)} />
            <SelectField label="Touch point" value={touchPointId} onChange={(e) => setTouchPointId(e.target.value)}>
              <option value="">None</option>
              {touchPoints.data?.touchPoints.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </SelectField>
            <TextField label="Topics (option ids)" value={topics} onChange={(e) => setTopics(e.target.value)} hint="comma-separated" />
          </div>
          <div className="row" style={{ gap: 12, flexWrap: 'wrap' }} role="group" aria-label="Members">
            {assignees.data?.assignees.map((a) => <Checkbox key={a.id} label={a.name} checked={members.includes(a.id)} onChange={() => setMembers(members.includes(a.id) ? members.filter((x) => x !== a.id) : [...members, a.id])} />)}
          </div>
          <div><Button type="submit" size="sm" disabled={!name.trim()} loading={add.isPending}>Add queue</Button></div>
        </form>
      </div>
    </Card>
  );
}
