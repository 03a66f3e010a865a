import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { ProgrammeConfigSchema } from '../../../core/programme.ts';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { NumberField } from '../builder/fields/NumberField.tsx';
import { api, ApiError, errorMessage, issueFor, otherIssues, type Programme } from '../api.ts';
import { UnitOptions } from '../components/SettingsLayout.tsx';
import { surveysQuery, unitsQuery } from '../queries.ts';
import { describeProgramme, PROGRAMME_KIND_LABEL } from './describe.ts';
import { DryRunResult } from './DryRunResult.tsx';
import { toConfig, toCreateInput, type ProgrammeFormState } from './form-model.ts';
import { KindPicker, PeriodicSettings, PersistentSettings, PulsedSettings } from './KindSettings.tsx';
import { programmeQuery, programmesQuery, touchPointsQuery } from './queries.ts';
import { PolicyOverrides, SharedSettings } from './SharedSettings.tsx';

/** Paths some field on the form shows next to itself; everything else is listed above the buttons. */
function shownOnForm(path: string): boolean {
  return (
    ['name', 'surveyId', 'unitId', 'touchPointKey', 'quota', 'config.kind'].includes(path) ||
    /^config\.(trigger\.eventType|trigger\.filter|delayMinutes|ownerNoticeDays|population|segment|sample\.(size|stratifyBy)|startAt|endAt|sendWindow(\..*)?|reminders\.(count|afterDays)|expiresAfterDays|overrides\.(maxPerContact\.(count|windowDays)|minGapDays|newContactDelayDays))$/.test(path)
  );
}

/**
 * The form of a new or a saved programme: basics, the listening pattern and its settings, the
 * shared settings and policy overrides; a dry run at any time; saving keeps it a draft (or as it is).
 */
export function ProgrammeForm({ initial, programme }: { initial: ProgrammeFormState; programme?: Programme }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const surveys = useQuery(surveysQuery);
  const units = useQuery(unitsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const [state, setState] = useState(initial);
  // Field paths changed since the server last answered: their errors are out of date.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [kindMissing, setKindMissing] = useState(false);
  const set = (patch: Partial<ProgrammeFormState>) => {
    setState((s) => ({ ...s, ...patch }));
    setEdited((e) => new Set([...e, ...Object.keys(patch)]));
  };

  const save = useMutation({
    mutationFn: () =>
      programme
        ? api.updateProgramme(programme.id, { name: state.name, touchPointKey: state.touchPointKey === '' ? null : state.touchPointKey, quota: state.quota ?? null, config: toConfig(state) })
        : api.createProgramme(toCreateInput(state)),
    onSuccess: async (p) => {
      queryClient.setQueryData(programmeQuery(p.id).queryKey, p);
      await queryClient.invalidateQueries({ queryKey: programmesQuery.queryKey });
      await navigate({ to: '/programmes/$id', params: { id: p.id } });
    },
  });
  const dryRun = useMutation({ mutationFn: () => api.dryRunDraft(toCreateInput(state)) });

  const error = save.error ?? dryRun.error;
  // A field's error shows until that field (by its state key) is changed; paths map to state keys loosely, so any edit hides all.
  const err = (path: string) => (edited.size > 0 ? undefined : issueFor(error, path));
  const rest = edited.size > 0 ? [] : otherIssues(error, shownOnForm);
  const general = error && !(error instanceof ApiError && error.issues.length > 0);

  function withKind(run: () => void) {
    if (!state.kind) {
      setKindMissing(true);
      document.getElementById('programme-kind-heading')?.scrollIntoView({ block: 'center' });
      return;
    }
    setEdited(new Set());
    run();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    withKind(() => {
      dryRun.reset();
      save.mutate();
    });
  }

  const liveSurveys = surveys.data?.surveys ?? [];
  return (
    <form className="stack prog-form" onSubmit={submit} noValidate data-testid="programme-form">
      <Card title="Basics">
        <div className="form-grid">
          <div className="form-grid-2">
            <TextField label="Name" value={state.name} onChange={(e) => set({ name: e.target.value })} error={err('name')} autoComplete="off" data-testid="programme-name" />
            <SelectField
              label="Survey"
              value={state.surveyId}
              onChange={(e) => set({ surveyId: e.target.value })}
              error={err('surveyId')}
              disabled={programme !== undefined || surveys.isPending}
              hint={programme ? 'A saved programme keeps its survey.' : 'Invitations link to its live version.'}
              data-testid="programme-survey"
            >
              <option value="">Choose a survey…</option>
              {liveSurveys.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                  {s.status === 'live' ? '' : ` (${s.status})`}
                </option>
              ))}
              {programme && !liveSurveys.some((s) => s.id === programme.survey.id) && <option value={programme.survey.id}>{programme.survey.title}</option>}
            </SelectField>
            <SelectField
              label="Unit"
              value={state.unitId}
              onChange={(e) => set({ unitId: e.target.value })}
              error={err('unitId')}
              disabled={programme !== undefined || units.isPending}
              hint="Whose programme it is: people of this unit and above see it."
              data-testid="programme-unit"
            >
              {units.data ? <UnitOptions units={units.data.units} /> : <option value={state.unitId}>{programme?.unitName ?? '…'}</option>}
            </SelectField>
            {touchPoints.data !== null && (
              <SelectField
                label="Touch point"
                optional
                value={state.touchPointKey}
                onChange={(e) => set({ touchPointKey: e.target.value })}
                error={err('touchPointKey')}
                hint="Where in the customer corridor its answers belong."
                disabled={touchPoints.isPending}
                data-testid="programme-touch-point"
              >
                <option value="">None</option>
                {(touchPoints.data ?? []).map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.name}
                  </option>
                ))}
                {state.touchPointKey && !(touchPoints.data ?? []).some((t) => t.key === state.touchPointKey) && <option value={state.touchPointKey}>{state.touchPointKey}</option>}
              </SelectField>
            )}
            <NumberField label="Quota (responses)" optional value={state.quota} onChange={(quota) => set({ quota })} readOnly={false} integer hint="Nothing more is sent once this many have answered." error={err('quota')} testId="programme-quota" />
          </div>
        </div>
      </Card>

      <Card title={<h2 id="programme-kind-heading">How it listens</h2>}>
        <KindPicker
          value={state.kind}
          onChange={(kind) => {
            setKindMissing(false);
            set({ kind });
          }}
          disabled={programme !== undefined}
          error={kindMissing ? 'Choose how the programme listens.' : err('config.kind')}
        />
      </Card>

      {state.kind && (
        <Card title={`${PROGRAMME_KIND_LABEL[state.kind]} settings`} data-testid="kind-settings">
          {state.kind === 'persistent' && <PersistentSettings state={state} set={set} err={err} />}
          {state.kind === 'periodic' && <PeriodicSettings state={state} set={set} err={err} />}
          {state.kind === 'pulsed' && <PulsedSettings state={state} set={set} err={err} />}
        </Card>
      )}

      <Card title="When and how often">
        <div className="stack">
          <SharedSettings state={state} set={set} err={err} />
          <PolicyOverrides state={state} set={set} err={err} />
        </div>
      </Card>

      {state.kind && <SummaryLine state={state} />}

      <Card
        title="Dry run"
        actions={
          <Button onClick={() => withKind(() => dryRun.mutate())} loading={dryRun.isPending} data-testid="dry-run">
            Dry run
          </Button>
        }
        data-testid="dry-run-card"
      >
        {dryRun.data ? (
          <DryRunResult run={dryRun.data} />
        ) : (
          <p className="muted small">Who would be invited and who suppressed, and why — with these settings, before anything is saved or sent.</p>
        )}
      </Card>

      {rest.length > 0 && (
        <Alert tone="error" title="Please check the form.">
          <ul>
            {rest.map((i) => (
              <li key={`${i.path}:${i.message}`}>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {general && (
        <Alert tone="error" title={save.error ? 'Could not save the programme.' : 'Could not run the dry run.'}>
          {errorMessage(error)}
        </Alert>
      )}
      <div className="row form-actions">
        <Button type="submit" variant="primary" loading={save.isPending} data-testid="save-programme">
          {programme ? 'Save changes' : 'Save as draft'}
        </Button>
        <Link to={programme ? '/programmes/$id' : '/programmes'} params={programme ? { id: programme.id } : {}} className={buttonClass('ghost')}>
          Cancel
        </Link>
        {!programme && <span className="small muted">Nothing is sent until you activate it.</span>}
      </div>
    </form>
  );
}

/** The settings in words, once they are valid. */
function SummaryLine({ state }: { state: ProgrammeFormState }) {
  const parsed = ProgrammeConfigSchema.safeParse(toConfig(state));
  if (!parsed.success) return null;
  return (
    <p className="prog-summary" data-testid="programme-summary-draft">
      {describeProgramme(parsed.data, state.quota ?? null)}
    </p>
  );
}
