import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { EmptyState, Skeleton } from '../../ui/Feedback.tsx';
import { PlusIcon } from '../../ui/icons.tsx';
import { LoadError } from '../components/QueryState.tsx';
import { touchPointsQuery } from '../queries.ts';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import { TopicEditor } from '../verbatims/TopicEditor.tsx';
import { TopicTree } from '../verbatims/TopicTree.tsx';
import { canManageTopics, VerbatimsTabs } from '../verbatims/VerbatimsTabs.tsx';
import { topicsQuery } from '../verbatims/verbatims-api.ts';
import '../verbatims/verbatims.css';

const route = getRouteApi('/_app/verbatims/topics');

/** The company's topic taxonomy: parents and children, each a rule over words, applied to the history. */
export function TopicsPage() {
  useTitle('Topics');
  const user = useUser();
  const { topic: selected } = route.useSearch();
  const navigate = useNavigate({ from: '/verbatims/topics' });
  const select = (id: string | undefined) => void navigate({ search: id ? { topic: id } : {} });
  const topics = useQuery(topicsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const list = topics.data?.topics ?? [];
  const current = selected && selected !== 'new' ? (list.find((t) => t.id === selected) ?? null) : null;
  const editing = selected === 'new' || current !== null;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Verbatims</h1>
          <p className="page-sub">Topics are your own labels: a rule over words and phrases, checked as you type and previewed on the history before you save; applied, each is a filter of the explorer.</p>
        </div>
      </header>
      <VerbatimsTabs canTopics={canManageTopics(user.role)} />
      {topics.isError ? (
        <LoadError error={topics.error} what="topics" onRetry={() => void topics.refetch()} />
      ) : (
        <div className="tp-grid">
          <Card
            title="Topics"
            flush
            actions={
              <Button size="sm" icon={<PlusIcon size={14} />} onClick={() => select('new')} data-testid="topic-new">
                New topic
              </Button>
            }
          >
            {topics.isPending ? (
              <div className="card-body stack">
                <Skeleton height={28} />
                <Skeleton height={28} />
              </div>
            ) : list.length === 0 ? (
              <EmptyState title="No topics yet">Define the subjects you track, e.g. “Invoicing” with the rule <code>invoice* OR billing</code>.</EmptyState>
            ) : (
              <TopicTree topics={list} selected={current?.id} onSelect={select} />
            )}
          </Card>
          {editing ? (
            <TopicEditor key={current?.id ?? 'new'} topic={current} topics={list} touchPoints={touchPoints.data?.touchPoints ?? []} onSaved={(t) => select(t.id)} />
          ) : (
            <Card>
              <EmptyState title="Choose a topic, or make a new one">A topic labels every verbatim whose words match its rule; children refine a parent (Billing › Wrong amount).</EmptyState>
            </Card>
          )}
        </div>
      )}
    </div>
  );
}
