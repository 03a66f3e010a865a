import { useId, useState, type KeyboardEvent } from 'react';

/** A list of short words (audience roles) as removable chips, added with Enter or a comma. */
export function ChipsInput({
  label,
  values,
  onChange,
  hint,
  placeholder,
  testId,
}: {
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  hint?: string;
  placeholder?: string;
  testId?: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  function add(raw: string) {
    const words = raw
      .split(',')
      .map((w) => w.trim().toLowerCase().replace(/\s+/g, '_'))
      .filter((w) => w.length > 0 && w.length <= 60 && !values.includes(w));
    if (words.length > 0) onChange([...values, ...new Set(words)]);
    setText('');
  }
  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add(text);
    } else if (e.key === 'Backspace' && text === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  }
  return (
    <div className="field" data-testid={testId}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="chips-box">
        {values.length > 0 && (
          <ul className="chips" aria-label={`${label}: chosen`}>
            {values.map((v) => (
              <li key={v} className="chip-item" data-testid="chip">
                <span>{v}</span>
                <button type="button" className="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={id}
          className="input chips-input"
          value={text}
          placeholder={placeholder}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => {
            const t = e.target.value;
            if (t.includes(',')) add(t);
            else setText(t);
          }}
          onKeyDown={onKey}
          onBlur={() => text.trim() && add(text)}
          data-testid={testId ? `${testId}-input` : undefined}
        />
      </div>
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}
