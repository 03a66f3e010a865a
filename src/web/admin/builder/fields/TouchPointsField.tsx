import { useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TextField } from '../../../ui/Field.tsx';
import { touchPointsQuery } from '../../queries.ts';
import { keySuggestions, splitKeys, unknownKeys } from '../../touch-points/logic.ts';
import '../../touch-points/touch-points.css';

/**
 * The touch points a question (or a matrix row) measures, as keys separated by commas. The company's
 * catalogue is offered as suggestions; a key outside it is only a warning, since definitions are
 * portable files that may name another company's touch points.
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
  const listId = useId();
  const catalogue = useQuery(touchPointsQuery);
  useEffect(() => {
    setText((t) => (splitKeys(t).join(', ') === joined ? t : joined));
  }, [joined]);
  const keys = useMemo(() => (catalogue.data?.touchPoints ?? []).map((t) => t.key), [catalogue.data]);
  // Only a loaded catalogue can say a key is missing from it.
  const unknown = catalogue.data ? unknownKeys(value ?? [], new Set(keys)) : [];
  const warning =
    unknown.length > 0 ? (
      <span className="field-warning" data-testid="touch-points-unknown">
        Not in the catalogue: {unknown.join(', ')}. Add {unknown.length === 1 ? 'it' : 'them'} under Settings → Touch points, or check the spelling.
      </span>
    ) : undefined;
  return (
    <>
      <TextField
        label={label}
        optional
        className={compact ? 'field-compact' : undefined}
        value={text}
        readOnly={readOnly}
        placeholder="e.g. service-call, invoice"
        hint={warning ?? (compact ? undefined : 'Keys of the touch points this measures, separated by commas.')}
        error={error}
        list={readOnly || keys.length === 0 ? undefined : listId}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value.toLowerCase());
          const list = splitKeys(e.target.value.toLowerCase());
          onChange(list.length > 0 ? list : undefined);
        }}
        data-testid="touch-points"
      />
      {!readOnly && keys.length > 0 && (
        <datalist id={listId}>
          {keySuggestions(text, keys).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}
