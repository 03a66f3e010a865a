import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { EmptyState, Skeleton } from '../../ui/Feedback.tsx';
import { CommentIcon } from '../../ui/icons.tsx';
import { LoadError } from '../components/QueryState.tsx';
import { verbatimsApi, type Verbatim, type VerbatimSearchResult } from './verbatims-api.ts';
import type { ListKey } from './verbatims-search.ts';
import { QuotePanel } from './QuotePanel.tsx';
import { VerbatimItem } from './VerbatimItem.tsx';

/** The search's pages, 25 at a time, keyset-paged by the API's cursor. */
export function useVerbatimSearch(filter: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: ['verbatims', 'search', filter],
    queryFn: ({ pageParam }) => verbatimsApi.search(filter, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last: VerbatimSearchResult) => last.nextCursor,
  });
}

/** The result list: verbatims with their analysis, a "quote into case" panel, and more on demand. */
export function VerbatimResults({ search, filtered, canQuote, onFilter, onClear }: {
  search: ReturnType<typeof useVerbatimSearch>;
  filtered: boolean;
  canQuote: boolean;
  onFilter: (key: ListKey, value: string) => void;
  onClear: () => void;
}) {
  const [quoting, setQuoting] = useState<string | null>(null);
  if (search.isError) return <LoadError error={search.error} what="verbatims" onRetry={() => void search.refetch()} />;
  if (!search.data) {
    return (
      <Card flush>
        <div className="card-body stack" aria-busy="true" aria-label="Loading verbatims">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={64} />
          ))}
        </div>
      </Card>
    );
  }
  const items: Verbatim[] = search.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <Card flush>
        {filtered ? (
          <EmptyState icon={<CommentIcon size={28} />} title="Nothing matches" action={<Button onClick={onClear}>Clear the search and filters</Button>}>
            No verbatim has these words under these filters. Try fewer words, a prefix such as <code>deliver*</code>, or remove a filter.
          </EmptyState>
        ) : (
          <EmptyState icon={<CommentIcon size={28} />} title="No verbatims yet">
            Survey comments show here once customers answer; interviews, forum posts and other feedback once they are entered or imported.
          </EmptyState>
        )}
      </Card>
    );
  }
  return (
    <Card flush aria-busy={search.isFetching && !search.isFetchingNextPage}>
      <ul className="vx-list" data-testid="verbatim-list">
        {items.map((v) => (
          <VerbatimItem key={v.id} v={v} onFilter={onFilter} {...(canQuote ? { onQuote: (x: Verbatim) => setQuoting(quoting === x.id ? null : x.id) } : {})}>
            {quoting === v.id && <QuotePanel v={v} onClose={() => setQuoting(null)} />}
          </VerbatimItem>
        ))}
      </ul>
      {search.hasNextPage && (
        <div className="card-body" style={{ textAlign: 'center' }}>
          <Button onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage} data-testid="verbatim-more">
            Show more
          </Button>
        </div>
      )}
    </Card>
  );
}
