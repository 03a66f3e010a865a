import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';

/** Query keys and fetchers of Settings → Outbox. */

export const OUTBOX_PAGE_SIZE = 25;

/** The held mail, newest first, a page at a time ("Older" follows the cursor). */
export const outboxQuery = infiniteQueryOptions({
  queryKey: ['outbox'],
  queryFn: ({ pageParam }) => api.outbox(pageParam === null ? { limit: OUTBOX_PAGE_SIZE } : { limit: OUTBOX_PAGE_SIZE, before: pageParam }),
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.next,
});

/** One held message with its HTML, text and headers; a held message never changes. */
export const outboxMessageQuery = (id: string) => queryOptions({ queryKey: ['outbox', id], queryFn: () => api.outboxMessage(id), staleTime: Infinity });
