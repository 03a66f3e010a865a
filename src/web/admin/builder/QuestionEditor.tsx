import { Button } from '../../ui/Button.tsx';
import { Checkbox, TextAreaField, TextField } from '../../ui/Field.tsx';
import { CopyIcon, DownIcon, TrashIcon, UpIcon } from '../../ui/icons.tsx';
import { TouchPointsField } from './fields/TouchPointsField.tsx';
import { TypeFields } from './fields/TypeFields.tsx';
import { QuestionLogic } from './logic/QuestionLogic.tsx';
import { isShownInQuestion, type Question, type QuestionType } from './model.ts';
import { QuestionTypeOptions } from './QuestionTypeOptions.tsx';

export interface QuestionEditorProps {
  question: Question;
  index: number;
  count: number;
  /** Problems inside this question, by their path in it ("text", "options.1.text", …; "" for the question). */
  issues: Map<string, string>;
  readOnly: boolean;
  /** Whether option and row ids still follow their text (never published). */
  idsFollowText: boolean;
  onChange: (q: Question) => void;
  onChangeType: (type: QuestionType) => void;
  onMove: (direction: 'up' | 'down') => void;
  onDuplicate: () => void;
  onRemove: () => void;
  /** Questions asked before this one, and hidden fields: what its condition may refer to. */
  earlier: readonly Question[];
  pages: readonly { id: string; title: string }[];
  pageId: string | undefined;
  onPage: (pageId: string) => void;
}

export function QuestionEditor({ question: q, index, count, issues, readOnly, idsFollowText, onChange, onChangeType, onMove, onDuplicate, onRemove, earlier, pages, pageId, onPage }: QuestionEditorProps) {
  const n = index + 1;
  const issue = (path: string) => issues.get(path);
  const unplaced = [...issues].filter(([path]) => path !== '' && !isShownInQuestion(path));
  const touchError = issue('touchPoints') ?? [...issues].find(([k]) => /^touchPoints\.\d+$/.test(k))?.[1];
  const hidden = q.type === 'hidden';
  return (
    <>
      <div className="question-head">
        <span className="question-num">Q{n}</span>
        <label className="sr-only" htmlFor={`qtype-${index}`}>
          Type of question {n}
        </label>
        <select id={`qtype-${index}`} className="select question-select" value={q.type} disabled={readOnly} onChange={(e) => onChangeType(e.target.value as QuestionType)} data-testid="question-type">
          <QuestionTypeOptions />
        </select>
        {q.required && <span className="badge question-req">Required</span>}
        {!readOnly && (
          <div className="question-actions">
            <Button variant="ghost" size="sm" className="btn-icon" data-action="up" aria-label={`Move question ${n} up`} title="Move up" disabled={index === 0} onClick={() => onMove('up')} data-testid="move-up">
              <UpIcon size={16} />
            </Button>
            <Button variant="ghost" size="sm" className="btn-icon" data-action="down" aria-label={`Move question ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove('down')} data-testid="move-down">
              <DownIcon size={16} />
            </Button>
            <Button variant="ghost" size="sm" className="btn-icon" data-action="duplicate" aria-label={`Duplicate question ${n}`} title="Duplicate" onClick={onDuplicate} data-testid="duplicate-question">
              <CopyIcon size={16} />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              className="btn-icon"
              data-action="remove"
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
          label={hidden ? 'What it holds (for your team; never shown)' : q.type === 'consent' ? 'Statement to agree to' : q.type === 'gap' ? 'Statement (what is rated)' : 'Question'}
          optional={hidden}
          rows={2}
          value={q.text}
          readOnly={readOnly}
          maxLength={500}
          onChange={(e) => onChange({ ...q, text: e.target.value })}
          error={issue('text')}
          data-testid="question-text"
        />
        {!hidden && (
          <TextField
            label="Help text"
            optional
            value={q.help ?? ''}
            readOnly={readOnly}
            maxLength={500}
            placeholder="Shown under the question, e.g. what counts as a colleague"
            onChange={(e) => {
              const { help: _, ...rest } = q;
              onChange(e.target.value === '' ? (rest as Question) : { ...q, help: e.target.value });
            }}
            error={issue('help')}
            data-testid="question-help"
          />
        )}
        <TypeFields q={q} set={onChange} readOnly={readOnly} issue={issue} issues={issues} idsFollowText={idsFollowText} />
        <div className="form-grid-2">
          <TextField
            label="Answer id"
            value={q.id}
            readOnly={readOnly}
            maxLength={40}
            onChange={(e) => onChange({ ...q, id: e.target.value.toLowerCase() })}
            error={issue('id')}
            hint={idsFollowText ? 'How answers are stored and exported.' : 'Answers so far are stored under this id: change it only for a new series.'}
            className="mono-input"
            data-testid="question-id"
          />
          <TouchPointsField value={q.touchPoints} readOnly={readOnly} error={touchError} onChange={(touchPoints) => onChange(withTouchPoints(q, touchPoints))} />
        </div>
        {!hidden && (
          <Checkbox label={q.type === 'consent' ? 'Required (must be ticked to send)' : 'Required'} checked={q.required} disabled={readOnly} onChange={(e) => onChange({ ...q, required: e.target.checked })} data-testid="question-required" />
        )}
        <QuestionLogic q={q} n={n} set={onChange} earlier={earlier} pages={pages} pageId={pageId} onPage={onPage} readOnly={readOnly} issue={issue} />
        {unplaced.length > 0 && (
          <ul className="field-error question-issues">
            {unplaced.map(([path, message]) => (
              <li key={path}>
                {path}: {message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function withTouchPoints(q: Question, touchPoints: string[] | undefined): Question {
  const { touchPoints: _, ...rest } = q;
  return (touchPoints ? { ...rest, touchPoints } : rest) as Question;
}
