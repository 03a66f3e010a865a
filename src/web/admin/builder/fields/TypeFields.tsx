import { Checkbox, TextField } from '../../../ui/Field.tsx';
import type { Question } from '../model.ts';
import { ItemListEditor } from './ItemListEditor.tsx';
import { NumberField } from './NumberField.tsx';
import { EndLabels, ScaleEditor, ScaleRange, type FieldProps } from './ScaleFields.tsx';

/** The fields of a question that depend on its type. */
export function TypeFields({ q, set, readOnly, issue, issues, idsFollowText }: FieldProps<Question> & { issues: Map<string, string>; idsFollowText: boolean }) {
  const p = { readOnly, issue };
  switch (q.type) {
    case 'nps':
      return <EndLabels {...p} low={q.lowLabel} high={q.highLabel} min={0} max={10} onChange={(l) => set({ ...q, ...l })} />;
    case 'csat':
    case 'ces': {
      const max = q.type === 'csat' ? 5 : 7;
      return (
        <>
          <EndLabels {...p} low={q.lowLabel} high={q.highLabel} min={1} max={max} onChange={(l) => set({ ...q, ...l })} />
          <NotApplicableField {...p} q={q} set={set} />
        </>
      );
    }
    case 'rating':
      return (
        <>
          <ScaleRange {...p} min={q.min} max={q.max} onChange={(r) => set({ ...q, ...r })} />
          <EndLabels {...p} low={q.lowLabel} high={q.highLabel} min={q.min} max={q.max} onChange={(l) => set({ ...q, ...l })} />
          <NotApplicableField {...p} q={q} set={set} />
        </>
      );
    case 'matrix':
      return (
        <>
          <fieldset className="subfields">
            <legend>Rows</legend>
            <ItemListEditor {...p} items={q.rows} onChange={(rows) => set({ ...q, rows })} noun="row" path="rows" issues={issues} idsFollowText={idsFollowText} minItems={1} withTouchPoints testId="rows" />
          </fieldset>
          <Checkbox label="Show the rows in a random order (per respondent)" checked={q.shuffle === true} disabled={readOnly} onChange={(e) => set(withOptional(q, 'shuffle', e.target.checked || undefined))} data-testid="shuffle" />
          <ScaleEditor {...p} scale={q.scale} onChange={(scale) => set({ ...q, scale })} />
          <NotApplicableField {...p} q={q} set={set} />
        </>
      );
    case 'gap':
      return (
        <>
          <div className="form-grid-2">
            <TextField label="Expectation asked as" value={q.expectationText} readOnly={readOnly} maxLength={300} onChange={(e) => set({ ...q, expectationText: e.target.value })} error={issue('expectationText')} />
            <TextField label="Experience asked as" value={q.experienceText} readOnly={readOnly} maxLength={300} onChange={(e) => set({ ...q, experienceText: e.target.value })} error={issue('experienceText')} />
          </div>
          <ScaleEditor {...p} scale={q.scale} onChange={(scale) => set({ ...q, scale })} />
        </>
      );
    case 'single':
    case 'multi':
    case 'dropdown':
    case 'ranking':
      return (
        <fieldset className="subfields">
          <legend>Options</legend>
          <ItemListEditor {...p} items={q.options} onChange={(options) => set({ ...q, options })} noun="option" path="options" issues={issues} idsFollowText={idsFollowText} minItems={q.type === 'ranking' ? 2 : 1} testId="options" />
          <Checkbox label="Show the options in a random order (per respondent)" checked={q.shuffle === true} disabled={readOnly} onChange={(e) => set(withOptional(q, 'shuffle', e.target.checked || undefined))} data-testid="shuffle" />
          {q.type !== 'ranking' && (
            <Checkbox label="Offer “Other” with a text box" checked={q.allowOther} disabled={readOnly} onChange={(e) => set({ ...q, allowOther: e.target.checked })} data-testid="allow-other" />
          )}
          {q.type === 'multi' && (
            <div className="form-grid-2">
              <NumberField {...p} label="Choose at least" optional integer value={q.minSelected} error={issue('minSelected')} onChange={(minSelected) => set(withOptional(q, 'minSelected', minSelected))} testId="min-selected" />
              <NumberField {...p} label="Choose at most" optional integer value={q.maxSelected} error={issue('maxSelected')} onChange={(maxSelected) => set(withOptional(q, 'maxSelected', maxSelected))} testId="max-selected" />
            </div>
          )}
        </fieldset>
      );
    case 'text':
      return (
        <div className="form-grid-2">
          <NumberField {...p} label="Longest answer (characters)" integer value={q.maxLength} error={issue('maxLength')} onChange={(maxLength) => set({ ...q, maxLength: maxLength ?? 2_000 })} testId="max-length" />
          <div className="field field-check">
            <Checkbox label="Several lines (a text box rather than one line)" checked={q.multiline} disabled={readOnly} onChange={(e) => set({ ...q, multiline: e.target.checked })} data-testid="multiline" />
          </div>
        </div>
      );
    case 'number':
      return (
        <>
          <div className="form-grid-2">
            <NumberField {...p} label="Smallest" optional value={q.min} error={issue('min')} onChange={(min) => set(withOptional(q, 'min', min))} testId="number-min" />
            <NumberField {...p} label="Largest" optional value={q.max} error={issue('max')} onChange={(max) => set(withOptional(q, 'max', max))} testId="number-max" />
          </div>
          <Checkbox label="Whole numbers only" checked={q.integer} disabled={readOnly} onChange={(e) => set({ ...q, integer: e.target.checked })} />
        </>
      );
    case 'date':
      return (
        <div className="form-grid-2">
          <TextField label="Earliest" optional type="date" value={q.min ?? ''} readOnly={readOnly} onChange={(e) => set(withOptional(q, 'min', e.target.value || undefined))} error={issue('min')} data-testid="date-min" />
          <TextField label="Latest" optional type="date" value={q.max ?? ''} readOnly={readOnly} onChange={(e) => set(withOptional(q, 'max', e.target.value || undefined))} error={issue('max')} data-testid="date-max" />
        </div>
      );
    case 'consent':
      return <p className="small muted">Respondents tick a box next to the text above; when the question is required, they must tick it to send.</p>;
    case 'hidden':
      return (
        <p className="small muted">
          Never shown. Its value comes from the survey link, e.g. <span className="mono">/s/&lt;link&gt;?{q.id}=email</span>, and is stored with the answers.
        </p>
      );
    case 'email':
      return null;
  }
}

type WithNotApplicable = Extract<Question, { type: 'csat' | 'ces' | 'rating' | 'matrix' }>;

/** "Offer “Not applicable”", and its label when it is offered (stored as "na", left out of every metric). */
function NotApplicableField<Q extends WithNotApplicable>({ q, set, readOnly, issue }: FieldProps<Q>) {
  return (
    <>
      <Checkbox
        label="Offer “Not applicable” (left out of every score)"
        checked={q.notApplicable === true}
        disabled={readOnly}
        onChange={(e) => set(withOptional(withOptional(q, 'notApplicable', e.target.checked || undefined), 'notApplicableLabel', e.target.checked ? q.notApplicableLabel : undefined))}
        data-testid="not-applicable"
      />
      {q.notApplicable === true && (
        <TextField
          label="Its label"
          optional
          placeholder="Not applicable"
          value={q.notApplicableLabel ?? ''}
          readOnly={readOnly}
          maxLength={60}
          onChange={(e) => set(withOptional(q, 'notApplicableLabel', e.target.value.trim() === '' ? undefined : e.target.value))}
          error={issue('notApplicableLabel')}
          data-testid="not-applicable-label"
        />
      )}
    </>
  );
}

/** The question with an optional field set, or removed when undefined (so no `"min": null` is saved). */
function withOptional<Q extends Question, K extends keyof Q>(q: Q, key: K, value: Q[K] | undefined): Q {
  const copy = { ...q };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}
