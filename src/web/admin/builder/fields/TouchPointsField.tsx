import { useEffect, useState } from 'react';
import { TextField } from '../../../ui/Field.tsx';

const split = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * The touch points a question (or a matrix row) measures, as slugs separated by commas. Free slugs for
 * now; a catalogue to pick from comes with the touch-point screens.
 */
export function TouchPointsField({
  value,
  onChange,
  readOnly,
  error,
  label = 'Touch points',
  compact = false,
}: {
  value: readonly string[] | undefined;
  onChange: (value: string[] | undefined) => void;
  readOnly: boolean;
  error?: string | undefined;
  label?: string;
  compact?: boolean;
}) {
  const joined = (value ?? []).join(', ');
  const [text, setText] = useState(joined);
  useEffect(() => {
    setText((t) => (split(t).join(', ') === joined ? t : joined));
  }, [joined]);
  return (
    <TextField
      label={label}
      optional
      className={compact ? 'field-compact' : undefined}
      value={text}
      readOnly={readOnly}
      placeholder="e.g. support-call, invoicing"
      hint={compact ? undefined : 'Slugs of the touch points this measures, separated by commas.'}
      error={error}
      onChange={(e) => {
        setText(e.target.value.toLowerCase());
        const list = split(e.target.value.toLowerCase());
        onChange(list.length > 0 ? list : undefined);
      }}
      data-testid="touch-points"
    />
  );
}
