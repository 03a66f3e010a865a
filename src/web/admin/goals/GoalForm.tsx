import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ApiError } from '../api.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { programmesQuery } from '../programmes/queries.ts';
import { surveysQuery, touchPointsQuery, unitsQuery, usersQuery } from '../queries.ts';
import { isAdmin, useUser } from '../session.ts';
import { METRIC_LABEL } from './GoalCard.tsx';
import { goalsApi, type Goal, type GoalCreateInput } from './goals-queries.ts';

const METRICS = ['nps', 'csat', 'summary_index', 'response_rate', 'cases_closed_in_time'] as const;

const TARGET_HINT: Record<(typeof METRICS)[number], string> = {
  nps: 'An NPS between −100 and 100.',
  csat: 'A share in percent (4 or 5 of 5), 0–100.',
  summary_index: 'The company’s summary index, 0–100.',
  response_rate: 'Completed responses per invitation sent, in percent.',
  cases_closed_in_time: 'Closed cases resolved within their deadline, in percent, by the day each opened.',
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function endOfYear(): string {
  return `${new Date().getUTCFullYear()}-12-31`;
}

/** Create or change a goal: metric, scope (unit, and optionally a touch point, survey or programme), target, dates, owner. */
export function GoalForm({ goal, onDone }: { goal?: Goal; onDone: () => void }) {
  const user = useUser();
  const client = useQueryClient();
  const units = useQuery(unitsQuery);
  const surveys = useQuery(surveysQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const programmes = useQuery({ ...programmesQuery, retry: false });
  const users = useQuery({ ...usersQuery, enabled: isAdmin(user.role) });
  const [name, setName] = useState(goal?.name ?? '');
  const [metric, setMetric] = useState<(typeof METRICS)[number]>((goal?.metric as (typeof METRICS)[number] | undefined) ?? 'nps');
  const [unitId, setUnitId] = useState(goal?.unit.id ?? user.unitId);
  const [touchPointId, setTouchPointId] = useState(goal?.touchPoint?.id ?? '');
  const [surveyId, setSurveyId] = useState(goal?.survey?.id ?? '');
  const [programmeId, setProgrammeId] = useState(goal?.programme?.id ?? '');
  const [target, setTarget] = useState(goal ? String(goal.target) : '');
  const [startDate, setStartDate] = useState(goal?.startDate ?? today());
  const [dueDate, setDueDate] = useState(goal?.dueDate ?? endOfYear());
  const [ownerUserId, setOwnerUserId] = useState(goal?.owner?.id ?? user.id);

  const save = useMutation({
    mutationFn: (input: GoalCreateInput) => (goal ? goalsApi.update(goal.id, input) : goalsApi.create(input)),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['goals'] });
      onDone();
    },
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const fieldError = (path: string) => issues.find((i) => i.path === path)?.message;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({
      name,
      metric,
      unitId,
      touchPointId: touchPointId || null,
      surveyId: surveyId || null,
      programmeId: programmeId || null,
      target: Number(target),
      startDate,
      dueDate,
      ownerUserId: ownerUserId || null,
    });
  }

  const owners = isAdmin(user.role) ? (users.data?.users ?? []) : [{ id: user.id, name: user.name }];
  const known = new Set(['name', 'metric', 'unitId', 'touchPointId', 'surveyId', 'programmeId', 'target', 'startDate', 'dueDate', 'ownerUserId']);
  return (
    <form className="form-grid" onSubmit={submit} aria-label={goal ? 'Change the goal' : 'New goal'} data-testid="goal-form">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} error={fieldError('name')} placeholder="e.g. Banking NPS to 40 by year end" />
      <div className="form-grid-2">
        <SelectField label="Metric" value={metric} onChange={(e) => setMetric(e.target.value as (typeof METRICS)[number])} error={fieldError('metric')}>
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {METRIC_LABEL[m]}
            </option>
          ))}
        </SelectField>
        <TextField label="Target" type="number" step="any" value={target} onChange={(e) => setTarget(e.target.value)} required hint={TARGET_HINT[metric]} error={fieldError('target')} />
      </div>
      <div className="form-grid-2">
        <SelectField label="Unit" value={unitId} onChange={(e) => setUnitId(e.target.value)} error={fieldError('unitId')}>
          {(units.data?.units ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {'\u2003'.repeat(u.depth)}
              {u.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Owner" optional value={ownerUserId} onChange={(e) => setOwnerUserId(e.target.value)} error={fieldError('ownerUserId')}>
          <option value="">Nobody in particular</option>
          {owners.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-grid-2">
        <SelectField label="Touch point" optional value={touchPointId} onChange={(e) => setTouchPointId(e.target.value)} error={fieldError('touchPointId')}>
          <option value="">Every touch point</option>
          {(touchPoints.data?.touchPoints ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Survey" optional value={surveyId} onChange={(e) => setSurveyId(e.target.value)} error={fieldError('surveyId')}>
          <option value="">Every customer survey</option>
          {(surveys.data?.surveys ?? [])
            .filter((s) => s.kind !== 'employee')
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
        </SelectField>
      </div>
      <div className="form-grid-2">
        <SelectField label="Programme" optional value={programmeId} onChange={(e) => setProgrammeId(e.target.value)} error={fieldError('programmeId')} data-testid="goal-programme">
          <option value="">Every programme</option>
          {(programmes.data?.programmes ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-grid-2">
        <TextField label="Start" type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} required error={fieldError('startDate')} />
        <TextField label="Due" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required error={fieldError('dueDate')} />
      </div>
      <FormErrors issues={issues.filter((i) => !known.has(i.path))} error={save.error} showGeneral={save.isError && issues.length === 0} what="goal" />
      <div className="goal-actions">
        <Button type="submit" variant="primary" loading={save.isPending}>
          {goal ? 'Save goal' : 'Create goal'}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
