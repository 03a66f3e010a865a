import { storedKeys } from '../../../../core/answer-keys.ts';
import { OPERATORS, type Comparison, type Condition, type Operator } from '../../../../core/conditions.ts';
import type { Question } from '../../../../core/survey-definition.ts';
import { Button } from '../../../ui/Button.tsx';
import { PlusIcon, TrashIcon } from '../../../ui/icons.tsx';

/**
 * A condition without code: "Always", or "Only when all / any of" a list of comparisons, each a
 * reference (an earlier answer, a hidden field, a contact or account attribute, the audience or the
 * language), an operator and a value. Deeper conditions (nested groups, "not") come from files and
 * the API; they are shown as they are and can be cleared.
 */

const OP_LABEL: Record<Operator, string> = {
  equals: 'is',
  notEquals: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  answered: 'is answered',
  notAnswered: 'is not answered',
};

type Flat = { mode: 'all' | 'any'; items: Comparison[] };

/** The condition as one AND/OR group of comparisons, or null when it is deeper than that. */
function flatten(c: Condition | undefined): Flat | null {
  if (c === undefined) return { mode: 'all', items: [] };
  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : c.any;
    if (list.every((x) => 'ref' in x)) return { mode: 'all' in c ? 'all' : 'any', items: list as Comparison[] };
    return null;
  }
  if ('not' in c) return null;
  return { mode: 'all', items: [c] };
}

function build(f: Flat): Condition | undefined {
  if (f.items.length === 0) return undefined;
  if (f.items.length === 1 && f.mode === 'all') return f.items[0];
  return f.mode === 'all' ? { all: f.items } : { any: f.items };
}

export interface RefChoice {
  ref: string;
  label: string;
  question?: Question;
}

/** What a condition may refer to: the answers of these questions (each stored key), and the respondent. */
export function refChoices(questions: readonly Question[]): RefChoice[] {
  const out: RefChoice[] = [];
  for (const q of questions) {
    const keys = storedKeys(q);
    for (const key of keys) {
      const part = key === q.id ? '' : ` · ${key.slice(q.id.length + 1)}`;
      out.push({ ref: `answer:${key}`, label: `${q.type === 'hidden' ? 'Hidden field' : 'Answer to'} “${(q.text || q.id).slice(0, 50)}”${part}`, question: q });
    }
  }
  out.push({ ref: 'audience', label: 'The respondent’s audience' }, { ref: 'language', label: 'The respondent’s language' });
  return out;
}

function defaultValue(op: Operator, q: Question | undefined): Comparison['value'] {
  if (op === 'answered' || op === 'notAnswered') return undefined;
  if (op === 'in' || op === 'notIn') return [];
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return 0;
  if (q && 'options' in q) return q.options[0]?.id ?? '';
  return q && (q.type === 'nps' || q.type === 'csat' || q.type === 'ces' || q.type === 'rating' || q.type === 'matrix' || q.type === 'gap' || q.type === 'number') ? 0 : '';
}

function ValueInput({ c, q, onChange, label }: { c: Comparison; q: Question | undefined; onChange: (v: Comparison['value']) => void; label: string }) {
  if (c.op === 'answered' || c.op === 'notAnswered') return null;
  const options = q && 'options' in q ? [...q.options, ...('allowOther' in q && q.allowOther ? [{ id: 'other', text: 'Other' }] : [])] : undefined;
  if (c.op === 'in' || c.op === 'notIn') {
    const list = Array.isArray(c.value) ? c.value : [];
    if (options) {
      return (
        <select multiple className="select cond-multi" aria-label={label} value={list.map(String)} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.text}
            </option>
          ))}
        </select>
      );
    }
    return <input className="input" aria-label={label} placeholder="values, separated by commas" value={list.join(', ')} onChange={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />;
  }
  if (options && (c.op === 'equals' || c.op === 'notEquals')) {
    return (
      <select className="select" aria-label={label} value={String(c.value ?? '')} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
    );
  }
  const numeric = typeof c.value === 'number';
  return (
    <input
      className="input"
      aria-label={label}
      inputMode={numeric ? 'decimal' : undefined}
      value={String(c.value ?? '')}
      onChange={(e) => {
        const t = e.target.value;
        onChange(numeric && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : numeric && t.trim() === '' ? 0 : t);
      }}
    />
  );
}

export function ConditionEditor({
  value,
  onChange,
  choices,
  readOnly,
  error,
  label,
  testId,
}: {
  value: Condition | undefined;
  onChange: (c: Condition | undefined) => void;
  choices: readonly RefChoice[];
  readOnly: boolean;
  error?: string | undefined;
  /** What the condition decides, e.g. "Show question 3". */
  label: string;
  testId?: string;
}) {
  const flat = flatten(value);
  if (flat === null) {
    return (
      <div className="cond" data-testid={testId}>
        <p className="small">
          {label} when: <code className="mono">{JSON.stringify(value)}</code>
        </p>
        {!readOnly && (
          <Button size="sm" variant="ghost" onClick={() => onChange(undefined)}>
            Clear this condition
          </Button>
        )}
      </div>
    );
  }
  const set = (f: Flat) => onChange(build(f));
  const first = choices[0];
  function add() {
    if (!first) return;
    set({ ...flat!, items: [...flat!.items, { ref: first.ref, op: 'equals', value: defaultValue('equals', first.question) }] });
  }
  const refSelectValue = (ref: string) => (ref.startsWith('contact:') ? 'contact:' : ref.startsWith('account:') ? 'account:' : ref);
  return (
    <fieldset className="cond" data-testid={testId}>
      <legend className="cond-legend">{label}</legend>
      {flat.items.length === 0 ? (
        <p className="small muted">Always.</p>
      ) : (
        <div className="cond-mode">
          only when
          {flat.items.length > 1 ? (
            <select className="select cond-mode-select" aria-label={`${label}: all or any`} value={flat.mode} disabled={readOnly} onChange={(e) => set({ ...flat, mode: e.target.value as 'all' | 'any' })} data-testid="cond-mode">
              <option value="all">all of these hold (AND)</option>
              <option value="any">any of these holds (OR)</option>
            </select>
          ) : (
            ' this holds:'
          )}
        </div>
      )}
      <ol className="cond-list">
        {flat.items.map((c, i) => {
          const choice = choices.find((x) => x.ref === c.ref);
          const q = choice?.question;
          const replace = (next: Comparison) => set({ ...flat, items: flat.items.map((x, j) => (j === i ? next : x)) });
          const n = i + 1;
          return (
            <li key={i} className="cond-row" data-testid="cond-row">
              <select
                className="select"
                aria-label={`Condition ${n}: what is compared`}
                value={refSelectValue(c.ref)}
                disabled={readOnly}
                onChange={(e) => {
                  const ref = e.target.value === 'contact:' || e.target.value === 'account:' ? `${e.target.value}attribute` : e.target.value;
                  const nq = choices.find((x) => x.ref === ref)?.question;
                  replace({ ref, op: 'equals', value: defaultValue('equals', nq) });
                }}
              >
                {!choice && !c.ref.includes(':attribute') && !c.ref.startsWith('contact:') && !c.ref.startsWith('account:') && <option value={c.ref}>{c.ref} (not before this)</option>}
                {choices.map((x) => (
                  <option key={x.ref} value={x.ref}>
                    {x.label}
                  </option>
                ))}
                <option value="contact:">A contact attribute…</option>
                <option value="account:">An account attribute…</option>
              </select>
              {(c.ref.startsWith('contact:') || c.ref.startsWith('account:')) && (
                <input
                  className="input cond-attr"
                  aria-label={`Condition ${n}: attribute name`}
                  value={c.ref.slice(c.ref.indexOf(':') + 1)}
                  readOnly={readOnly}
                  onChange={(e) => replace({ ...c, ref: `${c.ref.slice(0, c.ref.indexOf(':') + 1)}${e.target.value.toLowerCase()}` })}
                />
              )}
              <select
                className="select"
                aria-label={`Condition ${n}: operator`}
                value={c.op}
                disabled={readOnly}
                onChange={(e) => {
                  const op = e.target.value as Operator;
                  const keep = (Array.isArray(c.value) === (op === 'in' || op === 'notIn')) && op !== 'answered' && op !== 'notAnswered' && c.value !== undefined && !((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && typeof c.value !== 'number');
                  replace(keep ? { ...c, op } : { ref: c.ref, op, value: defaultValue(op, q) });
                }}
                data-testid="cond-op"
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OP_LABEL[op]}
                  </option>
                ))}
              </select>
              {!readOnly && <ValueInput c={c} q={q} label={`Condition ${n}: value`} onChange={(v) => replace(v === undefined ? { ref: c.ref, op: c.op } : { ...c, value: v })} />}
              {!readOnly && (
                <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Remove condition ${n}`} onClick={() => set({ ...flat, items: flat.items.filter((_, j) => j !== i) })}>
                  <TrashIcon size={15} />
                </Button>
              )}
            </li>
          );
        })}
      </ol>
      {error && <div className="field-error">{error}</div>}
      {!readOnly && (
        <Button size="sm" variant="ghost" icon={<PlusIcon size={15} />} onClick={add} disabled={!first} data-testid="cond-add">
          {flat.items.length === 0 ? 'Add a condition' : 'And another'}
        </Button>
      )}
    </fieldset>
  );
}
