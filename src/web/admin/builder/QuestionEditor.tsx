import { Button } from '../../ui/Button.tsx';
import { Checkbox, TextAreaField, TextField } from '../../ui/Field.tsx';
import { DownIcon, TrashIcon, UpIcon } from '../../ui/icons.tsx';
import type { Question, QuestionType } from './model.ts';

export interface QuestionEditorProps {
  question: Question;
  index: number;
  count: number;
  /** Problems by field name (text, lowLabel, …) for this question. */
  issues: Record<string, string | undefined>;
  readOnly: boolean;
  onChange: (q: Question) => void;
  onChangeType: (type: QuestionType) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

export function QuestionEditor({ question: q, index, count, issues, readOnly, onChange, onChangeType, onMove, onRemove }: QuestionEditorProps) {
  const n = index + 1;
  return (
    <li className="question" data-testid="question" data-question-id={q.id}>
      <div className="question-head">
        <span className="question-num">Q{n}</span>
        <label className="sr-only" htmlFor={`qtype-${q.id}-${index}`}>
          Type of question {n}
        </label>
        <select
          id={`qtype-${q.id}-${index}`}
          className="select question-select"
          value={q.type}
          disabled={readOnly}
          onChange={(e) => onChangeType(e.target.value as QuestionType)}
          data-testid="question-type"
        >
          <option value="nps">NPS (0–10)</option>
          <option value="text">Free text</option>
          {q.type !== 'nps' && q.type !== 'text' && (
            <option value={q.type} disabled>
              {q.type} (edit through the API)
            </option>
          )}
        </select>
        {issues['id'] && <span className="field-error">{issues['id']}</span>}
        {!readOnly && (
          <div className="question-actions">
            <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Move question ${n} up`} title="Move up" disabled={index === 0} onClick={() => onMove(index - 1)}>
              <UpIcon size={16} />
            </Button>
            <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Move question ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
              <DownIcon size={16} />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              className="btn-icon"
              aria-label={`Remove question ${n}`}
              title={count === 1 ? 'A survey needs at least one question' : 'Remove'}
              disabled={count === 1}
              onClick={onRemove}
              data-testid="remove-question"
            >
              <TrashIcon size={16} />
            </Button>
          </div>
        )}
      </div>
      <div className="question-body">
        <TextAreaField
          label="Question"
          rows={2}
          value={q.text}
          readOnly={readOnly}
          maxLength={500}
          onChange={(e) => onChange({ ...q, text: e.target.value })}
          error={issues['text']}
          data-testid="question-text"
        />
        <TextField
          label="Help text"
          optional
          value={q.help ?? ''}
          readOnly={readOnly}
          maxLength={500}
          placeholder="Shown under the question, e.g. what counts as a colleague"
          onChange={(e) => onChange({ ...q, help: e.target.value === '' ? undefined : e.target.value })}
          error={issues['help']}
        />
        {q.type === 'nps' && (
          <div className="form-grid-2">
            <TextField
              label="Label under 0"
              value={q.lowLabel}
              readOnly={readOnly}
              maxLength={60}
              onChange={(e) => onChange({ ...q, lowLabel: e.target.value })}
              error={issues['lowLabel']}
            />
            <TextField
              label="Label under 10"
              value={q.highLabel}
              readOnly={readOnly}
              maxLength={60}
              onChange={(e) => onChange({ ...q, highLabel: e.target.value })}
              error={issues['highLabel']}
            />
          </div>
        )}
        <div className="row" style={{ gap: 20 }}>
          <Checkbox
            label="Required"
            checked={q.required}
            disabled={readOnly}
            onChange={(e) => onChange({ ...q, required: e.target.checked })}
            data-testid="question-required"
          />
          {q.type === 'text' && (
            <Checkbox
              label="Several lines (a text box rather than one line)"
              checked={q.multiline}
              disabled={readOnly}
              onChange={(e) => onChange({ ...q, multiline: e.target.checked })}
            />
          )}
          <span className="question-id" title="How the answers are stored and exported">
            id <code>{q.id}</code>
          </span>
        </div>
      </div>
    </li>
  );
}
