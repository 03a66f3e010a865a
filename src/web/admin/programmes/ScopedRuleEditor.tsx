import { useEffect, useState } from 'react';
import type { ScopedRule } from '../../../core/contact-policy-rules.ts';
import { Button } from '../../ui/Button.tsx';
import { Checkbox, TextField } from '../../ui/Field.tsx';
import { TrashIcon } from '../../ui/icons.tsx';
import { NumberField } from '../builder/fields/NumberField.tsx';
import { ChipsInput } from './ChipsInput.tsx';
import { PROGRAMME_KIND_LABEL, PROGRAMME_KINDS } from './describe.ts';

type Scope = ScopedRule['scope'];

/** Drops the parts of a scope that are empty, so that only what was given must match. */
function withScope(rule: ScopedRule, patch: Partial<Scope>): ScopedRule {
  const next: Record<string, unknown> = { ...rule.scope, ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return { ...rule, scope: next as Scope };
}

/** A list typed with commas, kept as text while typing. */
function ValuesField({ values, onChange, label }: { values: readonly string[]; onChange: (v: string[]) => void; label: string }) {
  const [text, setText] = useState(values.join(', '));
  useEffect(() => setText((t) => (t.split(',').map((s) => s.trim()).filter(Boolean).join() === values.join() ? t : values.join(', '))), [values]);
  return (
    <TextField
      label={label}
      value={text}
      hint="Separated by commas."
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean));
      }}
    />
  );
}

/** One scoped rule of the contact policy: which contacts, and what applies to them. */
export function ScopedRuleEditor({ rule, index, onChange, onRemove, err }: { rule: ScopedRule; index: number; onChange: (r: ScopedRule) => void; onRemove: () => void; err: (path: string) => string | undefined }) {
  const n = index + 1;
  const attr = rule.scope.attribute;
  const scopeError = err('scope') ?? err('scope.audienceRoles') ?? err('scope.attribute.key') ?? err('scope.attribute.values');
  return (
    <fieldset className="scoped-rule" data-testid="scoped-rule">
      <legend className="sr-only">Scoped rule {n}</legend>
      <div className="scoped-rule-head">
        <TextField label={`Rule ${n}: name`} value={rule.name} onChange={(e) => onChange({ ...rule, name: e.target.value })} error={err('name')} placeholder="e.g. Purchasing agents" data-testid="scoped-name" />
        <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Remove rule ${n}`} onClick={onRemove}>
          <TrashIcon size={15} />
        </Button>
      </div>
      <div className="form-grid">
        <p className="small muted">Applies to contacts matching every part given:</p>
        <ChipsInput
          label="Audience roles"
          values={rule.scope.audienceRoles ?? []}
          onChange={(roles) => onChange(withScope(rule, { audienceRoles: roles.length > 0 ? roles : undefined }))}
          placeholder="e.g. purchasing_agent, then Enter"
          testId="scoped-roles"
        />
        <div className="form-grid-2">
          <TextField
            label="Contact attribute"
            optional
            value={attr?.key ?? ''}
            onChange={(e) => {
              const key = e.target.value.trim();
              onChange(withScope(rule, { attribute: key ? { key, values: attr?.values ?? [] } : undefined }));
            }}
            className="mono-input"
          />
          {attr && <ValuesField label="Has one of the values" values={attr.values} onChange={(values) => onChange(withScope(rule, { attribute: { key: attr.key, values } }))} />}
        </div>
        <Checkbox label="Email invitations only (channel)" checked={rule.scope.channels !== undefined} onChange={(e) => onChange(withScope(rule, { channels: e.target.checked ? ['email'] : undefined }))} />
        {scopeError && (
          <div className="field-error" role="alert">
            {scopeError}
          </div>
        )}
        <p className="small muted">For them:</p>
        <div className="form-grid-3">
          <Checkbox
            label="Their own cap"
            checked={rule.maxPerContact !== undefined}
            onChange={(e) => {
              const { maxPerContact: _drop, ...restRule } = rule;
              onChange(e.target.checked ? { ...restRule, maxPerContact: { count: 1, windowDays: 365 } } : restRule);
            }}
          />
          {rule.maxPerContact && (
            <>
              <NumberField label="At most" value={rule.maxPerContact.count} onChange={(count) => onChange({ ...rule, maxPerContact: { ...rule.maxPerContact!, count: count as number } })} readOnly={false} integer error={err('maxPerContact.count')} />
              <NumberField label="In any (days)" value={rule.maxPerContact.windowDays} onChange={(windowDays) => onChange({ ...rule, maxPerContact: { ...rule.maxPerContact!, windowDays: windowDays as number } })} readOnly={false} integer error={err('maxPerContact.windowDays')} />
            </>
          )}
        </div>
        <NumberField
          label="Their own minimum gap (days)"
          optional
          value={rule.minGapDays}
          onChange={(minGapDays) => {
            const { minGapDays: _drop, ...restRule } = rule;
            onChange(minGapDays === undefined ? restRule : { ...restRule, minGapDays });
          }}
          readOnly={false}
          integer
          error={err('minGapDays')}
        />
        <fieldset className="plain-fieldset">
          <legend className="field-label">No invitations at all from</legend>
          <div className="row">
            {PROGRAMME_KINDS.map((k) => (
              <Checkbox
                key={k}
                label={`${PROGRAMME_KIND_LABEL[k]} programmes`}
                checked={rule.excludeKinds?.includes(k) ?? false}
                onChange={(e) => {
                  const kinds = new Set(rule.excludeKinds ?? []);
                  if (e.target.checked) kinds.add(k);
                  else kinds.delete(k);
                  const { excludeKinds: _drop, ...restRule } = rule;
                  onChange(kinds.size > 0 ? { ...restRule, excludeKinds: PROGRAMME_KINDS.filter((x) => kinds.has(x)) } : restRule);
                }}
                data-testid={`scoped-exclude-${k}`}
              />
            ))}
          </div>
        </fieldset>
      </div>
    </fieldset>
  );
}
