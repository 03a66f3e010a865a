import { QUESTION_TYPES, TYPE_GROUPS } from './question-factory.ts';

/** The question types as grouped options of a select. */
export function QuestionTypeOptions() {
  return (
    <>
      {TYPE_GROUPS.map((group) => (
        <optgroup key={group} label={group}>
          {QUESTION_TYPES.filter((t) => t.group === group).map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
