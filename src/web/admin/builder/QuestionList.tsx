import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button.tsx';
import { PlusIcon } from '../../ui/icons.tsx';
import { QuestionEditor } from './QuestionEditor.tsx';
import { issuesUnder, move, type Question, type QuestionType } from './model.ts';
import { changeType, duplicateQuestion, newQuestion, typeInfo } from './question-factory.ts';
import { QuestionTypeOptions } from './QuestionTypeOptions.tsx';
import type { FieldIssue } from '../api.ts';
import type { SurveyDefinition } from './model.ts';
import { earlierQuestions, moveToPage, pageOf, syncPages } from './logic/pages.ts';

/**
 * The questions of the draft: add, edit, reorder, duplicate and remove. Each question keeps a key of
 * its own across moves, so its fields keep their state; after a move, duplicate or removal the focus
 * goes where the person is working, and a live region says what happened (for screen readers).
 */
export function QuestionList({
  definition,
  onDefinition,
  issues,
  readOnly,
  idsFollowText,
}: {
  definition: SurveyDefinition;
  onDefinition: (definition: SurveyDefinition) => void;
  issues: readonly FieldIssue[];
  readOnly: boolean;
  idsFollowText: boolean;
}) {
  const questions = definition.questions;
  // Every edit of the questions keeps the pages in step (renames, removals, new questions).
  const onChange = (next: Question[]) => {
    const pages = syncPages(questions, next, definition.pages);
    onDefinition({ ...definition, questions: next, ...(pages ? { pages } : {}) });
  };
  const pageList = (definition.pages ?? []).map((p) => ({ id: p.id, title: p.title }));
  const counter = useRef(questions.length);
  const [keys, setKeys] = useState<number[]>(() => questions.map((_, i) => i));
  // Questions replaced from outside (a save's answer with another length): start the keys afresh.
  let current = keys;
  if (keys.length !== questions.length) {
    current = questions.map(() => counter.current++);
    setKeys(current);
  }
  const focusAfter = useRef<{ key: number; selector: string } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const [addType, setAddType] = useState<QuestionType>('nps');

  useEffect(() => {
    const f = focusAfter.current;
    if (!f) return;
    focusAfter.current = null;
    const item = list.current?.querySelector(`[data-qkey="${f.key}"]`);
    const target =
      item?.querySelector<HTMLElement>(`${f.selector}:not(:disabled)`) ?? item?.querySelector<HTMLElement>('[data-action]:not(:disabled)') ?? item?.querySelector<HTMLElement>('textarea');
    target?.focus();
  });

  function apply(next: Question[], nextKeys: number[], focus: { key: number; selector: string } | null, say: string) {
    setKeys(nextKeys);
    onChange(next);
    focusAfter.current = focus;
    setAnnouncement(say);
  }

  function moveQuestion(i: number, direction: 'up' | 'down') {
    const to = direction === 'up' ? i - 1 : i + 1;
    const key = current[i] ?? 0;
    apply(move(questions, i, to), move(current, i, to), { key, selector: `[data-action="${direction}"]` }, `Question moved to position ${to + 1} of ${questions.length}.`);
  }
  function duplicate(i: number) {
    const q = questions[i];
    if (!q) return;
    const copy = duplicateQuestion(q, questions);
    const key = counter.current++;
    apply([...questions.slice(0, i + 1), copy, ...questions.slice(i + 1)], [...current.slice(0, i + 1), key, ...current.slice(i + 1)], { key, selector: 'textarea' }, `Question ${i + 1} duplicated as question ${i + 2}.`);
  }
  function remove(i: number) {
    const nextKeys = current.filter((_, j) => j !== i);
    const neighbour = nextKeys[Math.min(i, nextKeys.length - 1)];
    apply(
      questions.filter((_, j) => j !== i),
      nextKeys,
      neighbour === undefined ? null : { key: neighbour, selector: '[data-action="remove"]' },
      `Question ${i + 1} removed.`,
    );
  }
  function add() {
    const key = counter.current++;
    apply([...questions, newQuestion(addType, questions)], [...current, key], { key, selector: 'textarea' }, `${typeInfo(addType).label} question added as question ${questions.length + 1}.`);
  }

  return (
    <div className="stack">
      <ol className="question-list" data-testid="question-list" ref={list}>
        {questions.map((q, i) => (
          <li key={current[i]} className="question" data-testid="question" data-question-id={q.id} data-qkey={current[i]}>
            <QuestionEditor
              question={q}
              index={i}
              count={questions.length}
              issues={issuesUnder(issues, `definition.questions.${i}`)}
              readOnly={readOnly}
              idsFollowText={idsFollowText}
              onChange={(next) => onChange(questions.map((x, j) => (j === i ? next : x)))}
              onChangeType={(type) => onChange(questions.map((x, j) => (j === i ? changeType(x, type, questions) : x)))}
              onMove={(direction) => moveQuestion(i, direction)}
              onDuplicate={() => duplicate(i)}
              onRemove={() => remove(i)}
              earlier={earlierQuestions(definition, q.id)}
              pages={pageList}
              pageId={pageOf(definition, q.id)}
              onPage={(pageId) => onDefinition(moveToPage(definition, q.id, pageId))}
            />
          </li>
        ))}
      </ol>
      <div className="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      {!readOnly && (
        <div className="add-row">
          <label className="sr-only" htmlFor="add-question-type">
            Type of the new question
          </label>
          <select id="add-question-type" className="select add-select" value={addType} onChange={(e) => setAddType(e.target.value as QuestionType)} data-testid="add-question-type">
            <QuestionTypeOptions />
          </select>
          <Button onClick={add} icon={<PlusIcon size={16} />} data-testid="add-question">
            Add question
          </Button>
        </div>
      )}
    </div>
  );
}
