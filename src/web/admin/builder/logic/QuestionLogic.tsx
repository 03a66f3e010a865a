import type { Question } from '../../../../core/survey-definition.ts';
import { SelectField, TextField } from '../../../ui/Field.tsx';
import { ConditionEditor, refChoices } from './ConditionEditor.tsx';

const split = (t: string) => t.toLowerCase().split(/[\s,]+/).filter(Boolean);

/**
 * When a question is asked: its page, its display condition over earlier answers, the audiences it
 * is for, and a known attribute that answers it instead (prefill).
 */
export function QuestionLogic({
  q,
  n,
  set,
  earlier,
  pages,
  pageId,
  onPage,
  readOnly,
  issue,
}: {
  q: Question;
  n: number;
  set: (q: Question) => void;
  /** Questions asked before this one (and hidden fields): what its condition may refer to. */
  earlier: readonly Question[];
  pages: readonly { id: string; title: string }[];
  pageId: string | undefined;
  onPage: (pageId: string) => void;
  readOnly: boolean;
  issue: (path: string) => string | undefined;
}) {
  if (q.type === 'hidden') return null;
  const open = q.showIf !== undefined || q.audiences !== undefined || q.prefill !== undefined;
  const without = <K extends keyof Question>(key: K): Question => {
    const copy = { ...q };
    delete copy[key];
    return copy;
  };
  return (
    <details className="logic" open={open} data-testid="question-logic">
      <summary>
        Logic{open ? ' · set' : ''}
        {pages.length > 0 && pageId && ` · page ${pages.findIndex((p) => p.id === pageId) + 1}`}
      </summary>
      <div className="logic-body">
        {pages.length > 0 && (
          <SelectField label="On page" value={pageId ?? ''} disabled={readOnly} onChange={(e) => onPage(e.target.value)} data-testid="question-page">
            {pages.map((p, i) => (
              <option key={p.id} value={p.id}>
                {i + 1}. {p.title || p.id}
              </option>
            ))}
          </SelectField>
        )}
        <ConditionEditor
          label={`Show question ${n}`}
          value={q.showIf}
          choices={refChoices(earlier)}
          readOnly={readOnly}
          error={issue('showIf')}
          onChange={(showIf) => set(showIf ? { ...q, showIf } : without('showIf'))}
          testId="question-condition"
        />
        <div className="form-grid-2">
          <TextField
            label="Only for audiences"
            optional
            value={(q.audiences ?? []).join(', ')}
            readOnly={readOnly}
            placeholder="e.g. distributor, architect"
            hint="Roles of contacts; everyone when empty."
            error={issue('audiences')}
            onChange={(e) => {
              const list = split(e.target.value);
              set(list.length ? { ...q, audiences: list } : without('audiences'));
            }}
            data-testid="question-audiences"
          />
          <div className="prefill">
            <SelectField
              label="Known answer (not asked when known)"
              value={q.prefill?.from ?? ''}
              disabled={readOnly}
              onChange={(e) => (e.target.value === '' ? set(without('prefill')) : set({ ...q, prefill: { from: e.target.value as 'contact' | 'account', attribute: q.prefill?.attribute ?? 'attribute' } }))}
              error={issue('prefill')}
            >
              <option value="">Always ask</option>
              <option value="contact">From a contact attribute</option>
              <option value="account">From an account attribute</option>
            </SelectField>
            {q.prefill && (
              <TextField label="Attribute" value={q.prefill.attribute} readOnly={readOnly} error={issue('prefill.attribute')} onChange={(e) => set({ ...q, prefill: { from: q.prefill!.from, attribute: e.target.value.toLowerCase() } })} />
            )}
          </div>
        </div>
      </div>
    </details>
  );
}
