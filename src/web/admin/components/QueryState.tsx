import type { ReactNode } from 'react';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { ApiError, errorMessage } from '../api.ts';

/** What a screen shows when its data failed to load. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  const notFound = error instanceof ApiError && error.status === 404;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <Card>
      <div className="stack">
        <Alert tone={notFound || forbidden ? 'warning' : 'error'} title={notFound ? `This ${what} does not exist.` : forbidden ? `You may not see this ${what}.` : `Could not load the ${what}.`}>
          {errorMessage(error)}
        </Alert>
        {onRetry && !notFound && !forbidden && (
          <div>
            <Button onClick={onRetry}>Try again</Button>
          </div>
        )}
      </div>
    </Card>
  );
}

/** A placeholder page while data loads. */
export function PageSkeleton() {
  return (
    <div className="page" aria-busy="true" aria-label="Loading">
      <div className="stack">
        <Skeleton width={140} height={12} />
        <Skeleton width={320} height={26} />
      </div>
      <div className="kpi-grid">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={108} style={{ borderRadius: 10 }} />
        ))}
      </div>
      <Skeleton height={280} style={{ borderRadius: 10 }} />
    </div>
  );
}

/** A placeholder for a page of two panels side by side (builder, dashboard). */
export function TwoPanelSkeleton({ grid, height }: { grid: string; height: number }) {
  return (
    <div className="page" aria-busy="true" aria-label="Loading">
      <Skeleton width={330} height={28} />
      <div className={grid}>
        <Skeleton height={height} style={{ borderRadius: 10 }} />
        <Skeleton height={height} style={{ borderRadius: 10 }} />
      </div>
    </div>
  );
}

/** A whole page that failed to load. */
export function PageLoadError(props: { error: unknown; onRetry?: () => void; what: string }) {
  return (
    <div className="page">
      <LoadError {...props} />
    </div>
  );
}

/** The states of a list's query that every list card shows the same way. */
interface ListQuery<T> {
  isError: boolean;
  isPending: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * A card holding a list: an error with "try again", placeholder rows while loading, the empty state, or
 * the list itself (rendered only once the data is there).
 */
export function ListCard<T>({ query, what, isEmpty, empty, placeholderRows = 3, children }: {
  query: ListQuery<T>;
  what: string;
  isEmpty: boolean;
  empty: ReactNode;
  placeholderRows?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <LoadError error={query.error} what={what} onRetry={() => void query.refetch()} />;
  return (
    <Card flush>
      {query.isPending || query.data === undefined ? (
        <div className="card-body stack" aria-busy="true" aria-label="Loading">
          {Array.from({ length: placeholderRows }, (_, i) => (
            <Skeleton key={i} height={36} />
          ))}
        </div>
      ) : isEmpty ? (
        empty
      ) : (
        children(query.data)
      )}
    </Card>
  );
}
