import { Checkbox, SelectField } from '../../ui/Field.tsx';
import { NumberField } from '../builder/fields/NumberField.tsx';
import { ChipsInput } from './ChipsInput.tsx';
import { WEEKDAYS } from './describe.ts';
import type { OverrideMode } from './form-model.ts';
import type { SectionProps } from './KindSettings.tsx';

const HOURS = Array.from({ length: 25 }, (_, h) => h);

/** Send window, reminders, excluded roles and link expiry: the same for every pattern. */
export function SharedSettings({ state, set, err }: SectionProps) {
  const toggleDay = (day: number) => set({ days: state.days.includes(day) ? state.days.filter((d) => d !== day) : [...state.days, day] });
  const windowError = err('config.sendWindow.endHour') ?? err('config.sendWindow.days') ?? err('config.sendWindow');
  return (
    <div className="form-grid">
      <fieldset className="plain-fieldset" data-testid="send-window">
        <legend className="field-label">Send window</legend>
        <p className="small muted">Mail goes out only on these days and hours, in each contact's own time zone.</p>
        <div className="day-toggles" role="group" aria-label="Days mail may go out">
          {WEEKDAYS.map((d) => (
            <button key={d.day} type="button" className="day-toggle" aria-pressed={state.days.includes(d.day)} title={d.name} onClick={() => toggleDay(d.day)} data-testid={`day-${d.day}`}>
              {d.short}
            </button>
          ))}
        </div>
        <div className="hour-row">
          <SelectField label="From" value={state.startHour} onChange={(e) => set({ startHour: Number(e.target.value) })} data-testid="start-hour">
            {HOURS.slice(0, 24).map((h) => (
              <option key={h} value={h}>
                {h}:00
              </option>
            ))}
          </SelectField>
          <SelectField label="Until" value={state.endHour} onChange={(e) => set({ endHour: Number(e.target.value) })} data-testid="end-hour">
            {HOURS.slice(1).map((h) => (
              <option key={h} value={h}>
                {h}:00
              </option>
            ))}
          </SelectField>
        </div>
        {windowError && (
          <div className="field-error" role="alert">
            {windowError}
          </div>
        )}
      </fieldset>
      <div className="form-grid-3">
        <NumberField label="Reminders" value={state.reminderCount} onChange={(reminderCount) => set({ reminderCount })} readOnly={false} integer hint="0 to 5, to those who have not answered." error={err('config.reminders.count')} testId="reminder-count" />
        <NumberField label="Remind after (days)" value={state.reminderAfterDays} onChange={(reminderAfterDays) => set({ reminderAfterDays })} readOnly={false} integer error={err('config.reminders.afterDays')} testId="reminder-days" />
        <NumberField label="Link open for (days)" value={state.expiresAfterDays} onChange={(expiresAfterDays) => set({ expiresAfterDays })} readOnly={false} integer hint="After it is sent." error={err('config.expiresAfterDays')} testId="expiry-days" />
      </div>
      <ChipsInput
        label="Excluded audience roles"
        values={state.excludeRoles}
        onChange={(excludeRoles) => set({ excludeRoles })}
        placeholder="e.g. purchasing_agent, then Enter"
        hint="People in these roles get none of this programme's invitations — regular buyers, for example."
        testId="exclude-roles"
      />
    </div>
  );
}

const MODE_LABEL: Record<OverrideMode, string> = { policy: 'As the contact policy says', own: 'Its own', none: 'None for this programme' };

/** What this programme may loosen or tighten of the central contact policy. */
export function PolicyOverrides({ state, set, err }: SectionProps) {
  const changed = state.capMode !== 'policy' || state.gapMode !== 'policy' || state.newContactDelayDays !== undefined || state.ignoreAccountCap;
  return (
    <details className="disclosure" open={changed || undefined} data-testid="policy-overrides">
      <summary>Policy overrides{changed && <span className="small muted"> (changed)</span>}</summary>
      <div className="form-grid disclosure-body">
        <p className="small muted">Opt-outs, unsubscribes and bounces always suppress; no override changes that.</p>
        <div className="form-grid-3">
          <SelectField label="Cap per contact" value={state.capMode} onChange={(e) => set({ capMode: e.target.value as OverrideMode })} data-testid="cap-mode">
            {(Object.keys(MODE_LABEL) as OverrideMode[]).map((m) => (
              <option key={m} value={m}>
                {MODE_LABEL[m]}
              </option>
            ))}
          </SelectField>
          {state.capMode === 'own' && (
            <>
              <NumberField label="Invitations at most" value={state.capCount} onChange={(capCount) => set({ capCount })} readOnly={false} integer error={err('config.overrides.maxPerContact.count')} />
              <NumberField label="In any (days)" value={state.capWindowDays} onChange={(capWindowDays) => set({ capWindowDays })} readOnly={false} integer error={err('config.overrides.maxPerContact.windowDays')} />
            </>
          )}
        </div>
        <div className="form-grid-3">
          <SelectField label="Minimum gap" value={state.gapMode} onChange={(e) => set({ gapMode: e.target.value as OverrideMode })} data-testid="gap-mode">
            {(Object.keys(MODE_LABEL) as OverrideMode[]).map((m) => (
              <option key={m} value={m}>
                {MODE_LABEL[m]}
              </option>
            ))}
          </SelectField>
          {state.gapMode === 'own' && <NumberField label="Days between invitations" value={state.gapDays} onChange={(gapDays) => set({ gapDays })} readOnly={false} integer error={err('config.overrides.minGapDays')} />}
          <NumberField
            label="New-contact delay (days)"
            optional
            value={state.newContactDelayDays}
            onChange={(newContactDelayDays) => set({ newContactDelayDays })}
            readOnly={false}
            integer
            hint="Empty: as the policy says."
            error={err('config.overrides.newContactDelayDays')}
          />
        </div>
        <Checkbox label="Ignore the per-account cap (e.g. a study of every buyer at a few accounts)" checked={state.ignoreAccountCap} onChange={(e) => set({ ignoreAccountCap: e.target.checked })} data-testid="ignore-account-cap" />
      </div>
    </details>
  );
}
