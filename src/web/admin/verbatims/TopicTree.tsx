import { Badge } from '../../ui/Badge.tsx';
import { formatCount } from '../../ui/format.ts';
import { isRunning, type Topic } from './verbatims-api.ts';

/** The topics as a tree: top-level ones, each with its children beneath. */
export function TopicTree({ topics, selected, onSelect }: { topics: readonly Topic[]; selected: string | undefined; onSelect: (id: string) => void }) {
  const ids = new Set(topics.map((t) => t.id));
  // A child whose parent is gone shows at the top level rather than vanishing.
  const roots = topics.filter((t) => t.parentId === null || !ids.has(t.parentId));
  const childrenOf = (id: string) => topics.filter((t) => t.parentId === id);
  const node = (t: Topic, depth: number) => (
    <li key={t.id}>
      <div className={t.id === selected ? 'tp-node active' : 'tp-node'} data-testid="topic-node">
        <button type="button" className="link-button" onClick={() => onSelect(t.id)} aria-current={t.id === selected ? 'true' : undefined}>
          {t.name}
        </button>
        <span className="row small" style={{ gap: 6 }}>
          {!t.active && <Badge>inactive</Badge>}
          {isRunning(t.application) ? (
            <Badge tone="info">applying…</Badge>
          ) : t.appliedCount !== null ? (
            <span className="muted num" title="Verbatims it matched when last applied to the history" data-testid="topic-node-count">
              {formatCount(t.appliedCount)}
            </span>
          ) : (
            <Badge tone="warning">not applied</Badge>
          )}
        </span>
      </div>
      {depth < 4 && childrenOf(t.id).length > 0 && <ul className="tp-tree">{childrenOf(t.id).map((c) => node(c, depth + 1))}</ul>}
    </li>
  );
  return <ul className="tp-tree" data-testid="topic-tree">{roots.map((t) => node(t, 0))}</ul>;
}
