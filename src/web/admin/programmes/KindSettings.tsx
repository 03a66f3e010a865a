import { CADENCES } from '../../../core/programme.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { NumberField } from '../builder/fields/NumberField.tsx';
import { CADENCE_LABEL, PROGRAMME_KIND_HINT, PROGRAMME_KIND_LABEL, PROGRAMME_KINDS, type ProgrammeKind } from './describe.ts';
import { FilterEditor } from './FilterEditor.tsx';
import type { ProgrammeFormState } from './form-model.ts';

export interface SectionProps {
  state: ProgrammeFormState;
  set: (patch: Partial<ProgrammeFormState>) => void;
  /** The server's message for a field path, while the field is unchanged since. */
  err: (path: string) => string | undefined;
}

/** The three listening patterns as a radio group of cards. */
export function KindPicker({ value, onChange, disabled, error }: { value: ProgrammeKind | undefined; onChange: (k: ProgrammeKind) => void; disabled: boolean; error?: string | undefined }) {
  return (
    <div className="stack">
      <fieldset className="choice-cards" data-testid="programme-kinds" aria-describedby={error ? 'kind-error' : undefined}>
        <legend className="sr-only">How the programme listens</legend>
        {PROGRAMME_KINDS.map((k) => (
          <label key={k} className="choice-card" data-testid={`kind-${k}`}>
            <input type="radio" name="programme-kind" value={k} checked={value === k} disabled={disabled} onChange={() => onChange(k)} />
            <span className="choice-card-body">
              <span className="choice-card-title">{PROGRAMME_KIND_LABEL[k]}</span>
              <span className="choice-card-text">{PROGRAMME_KIND_HINT[k]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <div className="field-error" id="kind-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

export function PersistentSettings({ state, set, err }: SectionProps) {
  return (
    <div className="form-grid">
      <div className="form-grid-2">
        <TextField
          label="Event type"
          value={state.eventType}
          onChange={(e) => set({ eventType: e.target.value })}
          hint="The type your systems send to /api/v1/events, e.g. service_call.closed."
          error={err('config.trigger.eventType')}
          className="mono-input"
          data-testid="event-type"
        />
        <SelectField
          label="Unknown contacts"
          value={state.unknownContacts}
          onChange={(e) => set({ unknownContacts: e.target.value as 'create' | 'skip' })}
          hint="An event whose contact Corridor does not know yet."
          data-testid="unknown-contacts"
        >
          <option value="skip">Skip the event (logged with its reason)</option>
          <option value="create">Create the contact (needs an email)</option>
        </SelectField>
      </div>
      <div className="delay-row">
        <NumberField label="Delay after the event" value={state.delay} onChange={(delay) => set({ delay })} readOnly={false} integer error={err('config.delayMinutes')} testId="delay" />
        <SelectField label="Unit of the delay" value={state.delayUnit} onChange={(e) => set({ delayUnit: e.target.value as 'minutes' | 'hours' })} data-testid="delay-unit">
          <option value="minutes">minutes</option>
          <option value="hours">hours</option>
        </SelectField>
      </div>
      <FilterEditor
        legend="Only events where (optional)"
        hint="Compare the event's attributes, e.g. event attribute outcome is resolved."
        value={state.triggerFilter}
        onChange={(triggerFilter) => set({ triggerFilter })}
        sources={['event', 'contact', 'account', 'audience']}
        error={err('config.trigger.filter')}
        testId="trigger-filter"
      />
    </div>
  );
}

export function PeriodicSettings({ state, set, err }: SectionProps) {
  return (
    <div className="form-grid">
      <div className="form-grid-2">
        <SelectField label="Cadence" value={state.cadence} onChange={(e) => set({ cadence: e.target.value as ProgrammeFormState['cadence'] })} hint="Each member is asked once per period, on a stable date spread evenly over it." data-testid="cadence">
          {CADENCES.map((c) => (
            <option key={c} value={c}>
              {c[0]?.toUpperCase()}
              {c.slice(1)} ({CADENCE_LABEL[c]})
            </option>
          ))}
        </SelectField>
        <NumberField
          label="Tell account owners ahead (days)"
          value={state.ownerNoticeDays}
          onChange={(ownerNoticeDays) => set({ ownerNoticeDays })}
          readOnly={false}
          integer
          hint="Owners hear which of their contacts are coming up; 0 tells no one."
          error={err('config.ownerNoticeDays')}
          testId="owner-notice"
        />
      </div>
      <FilterEditor
        legend="Population"
        hint="Who belongs, e.g. account attribute key_account is true, and audience role is one of decision_maker."
        value={state.population}
        onChange={(population) => set({ population })}
        sources={['account', 'contact', 'audience']}
        error={err('config.population')}
        testId="population-filter"
      />
    </div>
  );
}

export function PulsedSettings({ state, set, err }: SectionProps) {
  return (
    <div className="form-grid">
      <FilterEditor
        legend="Segment"
        hint="The contacts this study is for, e.g. account attribute market is healthcare."
        value={state.segment}
        onChange={(segment) => set({ segment })}
        sources={['account', 'contact', 'audience']}
        error={err('config.segment')}
        testId="segment-filter"
      />
      <div className="form-grid-2">
        <SelectField label="Sample" value={state.sampleMethod} onChange={(e) => set({ sampleMethod: e.target.value as ProgrammeFormState['sampleMethod'] })} data-testid="sample-method">
          <option value="all">Everyone in the segment</option>
          <option value="random">A random sample</option>
          <option value="stratified">A stratified sample</option>
        </SelectField>
        {state.sampleMethod !== 'all' && (
          <NumberField label="Sample size" value={state.sampleSize} onChange={(sampleSize) => set({ sampleSize })} readOnly={false} integer error={err('config.sample.size')} testId="sample-size" />
        )}
        {state.sampleMethod === 'stratified' && (
          <TextField
            label="Stratify by"
            value={state.stratifyBy}
            onChange={(e) => set({ stratifyBy: e.target.value })}
            hint="account:<field>, contact:<field> or audience; each stratum gets its share of the sample."
            error={err('config.sample.stratifyBy')}
            className="mono-input"
            data-testid="stratify-by"
          />
        )}
      </div>
      <div className="form-grid-2">
        <TextField label="Starts" type="datetime-local" value={state.startAt} onChange={(e) => set({ startAt: e.target.value })} error={err('config.startAt')} hint="In your own time zone." data-testid="start-at" />
        <TextField label="Ends" type="datetime-local" value={state.endAt} onChange={(e) => set({ endAt: e.target.value })} error={err('config.endAt')} data-testid="end-at" />
      </div>
    </div>
  );
}
