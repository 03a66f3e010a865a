import { SelectField, TextField } from '../../../ui/Field.tsx';
import type { Scale } from '../../../../core/survey-definition.ts';

export interface FieldProps<Q> {
  q: Q;
  set: (q: Q) => void;
  readOnly: boolean;
  /** The problem at a path inside the question ("lowLabel", "scale.max"), if any. */
  issue: (path: string) => string | undefined;
}

/** The two end labels of a scale, under its first and last point. */
export function EndLabels({
  low,
  high,
  min,
  max,
  onChange,
  readOnly,
  issue,
  prefix = '',
}: {
  low: string;
  high: string;
  min: number;
  max: number;
  onChange: (labels: { lowLabel: string; highLabel: string }) => void;
  readOnly: boolean;
  issue: (path: string) => string | undefined;
  prefix?: string;
}) {
  return (
    <div className="form-grid-2">
      <TextField label={`Label under ${min}`} optional value={low} readOnly={readOnly} maxLength={60} onChange={(e) => onChange({ lowLabel: e.target.value, highLabel: high })} error={issue(`${prefix}lowLabel`)} data-testid="low-label" />
      <TextField label={`Label under ${max}`} optional value={high} readOnly={readOnly} maxLength={60} onChange={(e) => onChange({ lowLabel: low, highLabel: e.target.value })} error={issue(`${prefix}highLabel`)} data-testid="high-label" />
    </div>
  );
}

const MAXES = [2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The points of a scale: starts at 0 or 1, ends at 2 to 10. */
export function ScaleRange({ min, max, onChange, readOnly, issue, prefix = '' }: { min: 0 | 1; max: number; onChange: (range: { min: 0 | 1; max: number }) => void; readOnly: boolean; issue: (path: string) => string | undefined; prefix?: string }) {
  return (
    <div className="form-grid-2">
      <SelectField label="From" value={String(min)} disabled={readOnly} onChange={(e) => onChange({ min: e.target.value === '0' ? 0 : 1, max })} error={issue(`${prefix}min`)} data-testid="scale-min">
        <option value="0">0</option>
        <option value="1">1</option>
      </SelectField>
      <SelectField label="To" value={String(max)} disabled={readOnly} onChange={(e) => onChange({ min, max: Number(e.target.value) })} error={issue(`${prefix}max`)} data-testid="scale-max">
        {(MAXES.includes(max) ? MAXES : [...MAXES, max]).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** A whole scale (a matrix's or a gap question's): range and end labels. */
export function ScaleEditor({ scale, onChange, readOnly, issue }: { scale: Scale; onChange: (s: Scale) => void; readOnly: boolean; issue: (path: string) => string | undefined }) {
  return (
    <fieldset className="subfields">
      <legend>Scale</legend>
      <ScaleRange min={scale.min} max={scale.max} readOnly={readOnly} issue={issue} prefix="scale." onChange={(r) => onChange({ ...scale, ...r })} />
      <EndLabels low={scale.lowLabel} high={scale.highLabel} min={scale.min} max={scale.max} readOnly={readOnly} issue={issue} prefix="scale." onChange={(l) => onChange({ ...scale, ...l })} />
    </fieldset>
  );
}
