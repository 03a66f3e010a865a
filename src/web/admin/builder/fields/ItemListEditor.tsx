import { useEffect, useRef } from 'react';
import { Button } from '../../../ui/Button.tsx';
import { DownIcon, PlusIcon, TrashIcon, UpIcon } from '../../../ui/icons.tsx';
import { move } from '../model.ts';
import { freeId, idFromText } from '../question-factory.ts';
import { TouchPointsField } from './TouchPointsField.tsx';

export interface Item {
  id: string;
  text: string;
  touchPoints?: string[] | undefined;
}

/**
 * The options of a choice question or the rows of a matrix: edit, add, remove and reorder (by
 * keyboard too: focus stays on the moved item's button). While the survey was never published, an
 * id made from the text follows the text; after that ids stay, because answers are stored under them.
 */
export function ItemListEditor<T extends Item>({
  items,
  onChange,
  noun,
  path,
  issues,
  readOnly,
  idsFollowText,
  minItems,
  withTouchPoints = false,
  testId,
}: {
  items: readonly T[];
  onChange: (items: T[]) => void;
  /** "option" or "row". */
  noun: string;
  /** The items' path inside the question: "options" or "rows". */
  path: string;
  issues: Map<string, string>;
  readOnly: boolean;
  idsFollowText: boolean;
  minItems: number;
  withTouchPoints?: boolean;
  testId: string;
}) {
  const list = useRef<HTMLOListElement>(null);
  const focusAfter = useRef<{ index: number; action: string } | null>(null);
  useEffect(() => {
    const f = focusAfter.current;
    if (!f || !list.current) return;
    focusAfter.current = null;
    const row = list.current.children[f.index];
    const wanted = row?.querySelector<HTMLElement>(`[data-action="${f.action}"]:not(:disabled)`) ?? row?.querySelector<HTMLElement>('input');
    wanted?.focus();
  });

  const fallback = (i: number) => `${noun}_${i + 1}`;
  function setText(i: number, text: string) {
    const item = items[i];
    if (!item) return;
    let id = item.id;
    const derived = item.id === idFromText(item.text, '') || /^[a-z]+_\d+$/.test(item.id) || item.id.startsWith(`${idFromText(item.text, '')}_`);
    if (idsFollowText && derived) {
      id = freeId(idFromText(text, fallback(i)), items.filter((_, j) => j !== i).map((x) => x.id));
    }
    onChange(items.map((x, j) => (j === i ? { ...x, id, text } : x)));
  }
  function add() {
    const id = freeId(fallback(items.length), items.map((x) => x.id));
    onChange([...items, { id, text: '' } as T]);
    focusAfter.current = { index: items.length, action: 'text' };
  }
  function moveItem(i: number, to: number, action: string) {
    onChange(move(items, i, to));
    focusAfter.current = { index: to, action };
  }
  function remove(i: number) {
    onChange(items.filter((_, j) => j !== i));
    focusAfter.current = { index: Math.min(i, items.length - 2), action: 'remove' };
  }
  const Noun = noun[0]?.toUpperCase() + noun.slice(1);

  return (
    <div className="items" data-testid={testId}>
      <ol className="item-list" ref={list}>
        {items.map((item, i) => {
          const textError = issues.get(`${path}.${i}.text`);
          const idError = issues.get(`${path}.${i}.id`);
          return (
            <li key={i} className="item" data-testid={`${testId}-item`}>
              <div className="item-main">
                <input
                  className="input"
                  aria-label={`${Noun} ${i + 1}`}
                  value={item.text}
                  readOnly={readOnly}
                  maxLength={300}
                  placeholder={`${Noun} ${i + 1}`}
                  data-action="text"
                  aria-invalid={textError ? true : undefined}
                  onChange={(e) => setText(i, e.target.value)}
                />
                {!readOnly && (
                  <span className="item-actions">
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="up" aria-label={`Move ${noun} ${i + 1} up`} title="Move up" disabled={i === 0} onClick={() => moveItem(i, i - 1, 'up')}>
                      <UpIcon size={15} />
                    </Button>
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="down" aria-label={`Move ${noun} ${i + 1} down`} title="Move down" disabled={i === items.length - 1} onClick={() => moveItem(i, i + 1, 'down')}>
                      <DownIcon size={15} />
                    </Button>
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="remove" aria-label={`Remove ${noun} ${i + 1}`} title="Remove" disabled={items.length <= minItems} onClick={() => remove(i)}>
                      <TrashIcon size={15} />
                    </Button>
                  </span>
                )}
              </div>
              <div className="item-meta">
                <span className="item-id" title="How the answer is stored and exported">
                  id <code>{item.id}</code>
                </span>
                {(textError ?? idError) && <span className="field-error">{textError ?? idError}</span>}
              </div>
              {withTouchPoints && (
                <TouchPointsField
                  compact
                  label={`Touch points of ${noun} ${i + 1}`}
                  value={item.touchPoints}
                  readOnly={readOnly}
                  error={issues.get(`${path}.${i}.touchPoints`) ?? [...issues].find(([k]) => k.startsWith(`${path}.${i}.touchPoints.`))?.[1]}
                  onChange={(touchPoints) => onChange(items.map((x, j) => (j === i ? withTouch(x, touchPoints) : x)))}
                />
              )}
            </li>
          );
        })}
      </ol>
      {issues.get(path) && <div className="field-error">{issues.get(path)}</div>}
      {!readOnly && (
        <Button size="sm" variant="ghost" icon={<PlusIcon size={15} />} onClick={add} data-testid={`${testId}-add`}>
          Add {noun}
        </Button>
      )}
    </div>
  );
}

function withTouch<T extends Item>(item: T, touchPoints: string[] | undefined): T {
  const { touchPoints: _, ...rest } = item;
  return (touchPoints ? { ...rest, touchPoints } : rest) as T;
}
