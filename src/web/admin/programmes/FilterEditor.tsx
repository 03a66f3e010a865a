import { useEffect, useState } from 'react';
import type { Comparison, Condition } from '../../../core/conditions.ts';
import { Button } from '../../ui/Button.tsx';
import { PlusIcon, TrashIcon } from '../../ui/icons.tsx';

/**
 * A programme's filter as rows that must all hold: what is compared (an event, contact or account
 * attribute, or the audience role), an operator and a value, e.g. `account:key_account is true`.
 * A deeper condition (OR groups, "not") from the API is shown as it is and can be cleared.
 */

type Source = 'event' | 'contact' | 'account' | 'audience';
const SOURCE_LABEL: Record<Source, string> = {
  event: 'Event attribute',
  contact: 'Contact attribute',
  account: 'Account attribute',
  audience: 'Audience role',
};

type Op = 'equals' | 'notEquals' | 'in' | 'notIn' | 'contains' | 'gt' | 'lt';
const OPS: { op: Op; label: string }[] = [
  { op: 'equals', label: 'is' },
  { op: 'notEquals', label: 'is not' },
  { op: 'in', label: 'is one of' },
  { op: 'notIn', label: 'is none of' },
  { op: 'contains', label: 'contains' },
  { op: 'gt', label: 'is more than' },
  { op: 'lt', label: 'is less than' },
];

function rowsOf(c: Condition | undefined): Comparison[] | null {
  if (c === undefined) return [];
  if ('all' in c) return c.all.every((x) => 'ref' in x) ? (c.all as Comparison[]) : null;
  if ('any' in c || 'not' in c) return null;
  return [c];
}

function sourceOf(ref: string): Source {
  const prefix = ref.split(':')[0];
  return prefix === 'event' || prefix === 'contact' || prefix === 'account' ? prefix : 'audience';
}

function attrOf(ref: string): string {
  const i = ref.indexOf(':');
  return i < 0 ? '' : ref.slice(i + 1);
}

function valueFor(op: Comparison['op'], previous: Comparison['value']): Comparison['value'] {
  const text = Array.isArray(previous) ? previous.join(', ') : previous === undefined ? '' : String(previous);
  if (op === 'in' || op === 'notIn') return text.split(',').map((s) => s.trim()).filter(Boolean);
  if (op === 'gt' || op === 'lt') return Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : 0;
  return text;
}

function parseValue(op: Comparison['op'], t: string): Comparison['value'] {
  if (op === 'in' || op === 'notIn') return t.split(',').map((s) => s.trim()).filter(Boolean);
  if (op === 'gt' || op === 'lt') return Number.isFinite(Number(t)) && t.trim() !== '' ? Number(t) : 0;
  return t;
}

function showValue(v: Comparison['value']): string {
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
}

/** The value as free text (a list with its commas, a number half typed), parsed on every change. */
function ValueInput({ c, label, onChange }: { c: Comparison; label: string; onChange: (v: Comparison['value']) => void }) {
  const [text, setText] = useState(showValue(c.value));
  // Follow changes from outside (another operator), not while the text means the same value.
  useEffect(() => {
    setText((t) => (JSON.stringify(parseValue(c.op, t)) === JSON.stringify(c.value) ? t : showValue(c.value)));
  }, [c.op, c.value]);
  const list = c.op === 'in' || c.op === 'notIn';
  return (
    <input
      className="input"
      aria-label={label}
      placeholder={list ? 'values, separated by commas' : 'value'}
      inputMode={c.op === 'gt' || c.op === 'lt' ? 'decimal' : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseValue(c.op, e.target.value));
      }}
      data-testid="filter-value"
    />
  );
}

export function FilterEditor({
  value,
  onChange,
  sources,
  legend,
  hint,
  error,
  testId,
}: {
  value: Condition | undefined;
  onChange: (c: Condition | undefined) => void;
  sources: readonly Source[];
  legend: string;
  hint?: string;
  error?: string | undefined;
  testId?: string;
}) {
  const rows = rowsOf(value);
  if (rows === null) {
    return (
      <fieldset className="cond" data-testid={testId}>
        <legend className="cond-legend">{legend}</legend>
        <p className="small">
          <code className="mono">{JSON.stringify(value)}</code>
        </p>
        <div>
          <Button size="sm" variant="ghost" onClick={() => onChange(undefined)}>
            Clear this filter
          </Button>
        </div>
      </fieldset>
    );
  }
  const set = (next: Comparison[]) => onChange(next.length === 0 ? undefined : next.length === 1 ? next[0] : { all: next });
  const replace = (i: number, c: Comparison) => set(rows.map((x, j) => (j === i ? c : x)));
  const first = sources[0] ?? 'contact';
  return (
    <fieldset className="cond" data-testid={testId}>
      <legend className="cond-legend">{legend}</legend>
      {hint && <p className="small muted">{hint}</p>}
      {rows.length === 0 ? <p className="small muted">Everyone: no filter.</p> : rows.length > 1 && <p className="small">All of these must hold:</p>}
      <ol className="cond-list">
        {rows.map((c, i) => {
          const n = i + 1;
          const source = sourceOf(c.ref);
          return (
            <li key={i} className="cond-row" data-testid="filter-row">
              <select
                className="select"
                aria-label={`Filter ${n}: what is compared`}
                value={source}
                onChange={(e) => {
                  const s = e.target.value as Source;
                  replace(i, { ...c, ref: s === 'audience' ? 'audience' : `${s}:${attrOf(c.ref)}` });
                }}
                data-testid="filter-source"
              >
                {sources.map((s) => (
                  <option key={s} value={s}>
                    {SOURCE_LABEL[s]}
                  </option>
                ))}
              </select>
              {source !== 'audience' && (
                <input
                  className="input cond-attr"
                  aria-label={`Filter ${n}: attribute name`}
                  placeholder="attribute"
                  value={attrOf(c.ref)}
                  onChange={(e) => replace(i, { ...c, ref: `${source}:${e.target.value.toLowerCase().replace(/[^a-z0-9_]/g, '')}` })}
                  data-testid="filter-attr"
                />
              )}
              <select
                className="select"
                aria-label={`Filter ${n}: operator`}
                value={c.op}
                onChange={(e) => {
                  const op = e.target.value as Op;
                  replace(i, { ref: c.ref, op, value: valueFor(op, c.value) });
                }}
                data-testid="filter-op"
              >
                {OPS.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
              <ValueInput c={c} label={`Filter ${n}: value${c.op === 'in' || c.op === 'notIn' ? 's, separated by commas' : ''}`} onChange={(v) => replace(i, { ...c, value: v })} />
              <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Remove filter ${n}`} onClick={() => set(rows.filter((_, j) => j !== i))}>
                <TrashIcon size={15} />
              </Button>
            </li>
          );
        })}
      </ol>
      {error && <div className="field-error">{error}</div>}
      <div>
        <Button
          size="sm"
          variant="ghost"
          icon={<PlusIcon size={15} />}
          onClick={() => set([...rows, { ref: first === 'audience' ? 'audience' : `${first}:`, op: 'equals', value: '' }])}
          data-testid="filter-add"
        >
          {rows.length === 0 ? 'Add a filter' : 'And another'}
        </Button>
      </div>
    </fieldset>
  );
}
