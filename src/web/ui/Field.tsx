import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShellProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  className?: string;
}

interface ControlIds {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A labelled form control with its hint and error message below it. */
function FieldShell({ label, hint, error, optional, className, render }: FieldShellProps & { render: (ids: ControlIds) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      {render({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error && (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      )}
      {hint && !error && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
    </div>
  );
}

export type TextFieldProps = FieldShellProps & InputHTMLAttributes<HTMLInputElement>;

export function TextField({ label, hint, error, optional, className, ...input }: TextFieldProps) {
  return (
    <FieldShell
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      className={className}
      render={(ids) => <input className="input" type="text" {...input} {...ids} />}
    />
  );
}

export type TextAreaFieldProps = FieldShellProps & TextareaHTMLAttributes<HTMLTextAreaElement>;

export function TextAreaField({ label, hint, error, optional, className, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      className={className}
      render={(ids) => <textarea className="textarea" {...textarea} {...ids} />}
    />
  );
}

export type SelectFieldProps = FieldShellProps & SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, hint, error, optional, className, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      className={className}
      render={(ids) => (
        <select className="select" {...select} {...ids}>
          {children}
        </select>
      )}
    />
  );
}

export function Checkbox({ label, ...input }: { label: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return (
    <label className="check">
      <input type="checkbox" {...input} />
      {label}
    </label>
  );
}
