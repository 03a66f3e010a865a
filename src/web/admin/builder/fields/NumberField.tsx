import { useEffect, useState } from 'react';
import { TextField } from '../../../ui/Field.tsx';

/**
 * A number input that lets people type freely ("", "-", "1.") and reports a number only when the text
 * is one; empty reports undefined, so optional bounds can be cleared.
 */
export function NumberField({
  label,
  value,
  onChange,
  readOnly,
  error,
  hint,
  integer = false,
  optional = false,
  testId,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  readOnly: boolean;
  error?: string | undefined;
  hint?: string;
  integer?: boolean;
  optional?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  // Follow changes from outside (another field, an undo), but not while the text means the same number.
  useEffect(() => {
    setText((t) => (t.trim() === '' ? value === undefined : Number(t) === value) ? t : value === undefined ? '' : String(value));
  }, [value]);
  return (
    <TextField
      label={label}
      optional={optional}
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      readOnly={readOnly}
      error={error}
      hint={hint}
      data-testid={testId}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') onChange(undefined);
        else if (Number.isFinite(Number(t))) onChange(Number(t));
      }}
    />
  );
}
