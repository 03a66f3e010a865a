export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
}

/** A small set of mutually exclusive choices shown as toggle buttons (e.g. a period selector). */
export function Segmented<T extends string>({
  options,
  value,
  onChange,
  label,
  testId,
}: {
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (value: T) => void;
  label: string;
  testId?: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
