import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MonthlyReview, RelationshipSummary } from '../../../contract/reviews.ts';
import type { DigestSubscription, DigestSubscriptionCreateInput, DigestSubscriptionList } from '../../../contract/digests.ts';
import { query, request } from '../api.ts';

export const monthlyReviewQuery = (unitId: string | undefined, month: string | undefined) =>
  queryOptions({
    queryKey: ['reviews', 'monthly', unitId ?? 'default', month ?? 'default'],
    queryFn: () => request<MonthlyReview>('GET', `/reviews/monthly${query({ unitId, month })}`),
    placeholderData: keepPreviousData,
  });

export const relationshipSummaryQuery = (unitId: string | undefined) =>
  queryOptions({
    queryKey: ['reviews', 'relationship', unitId ?? 'default'],
    queryFn: () => request<RelationshipSummary>('GET', `/reviews/relationship${query({ unitId })}`),
    placeholderData: keepPreviousData,
  });

export const digestSubscriptionsQuery = (userId: string | undefined) =>
  queryOptions({
    queryKey: ['digests', userId ?? 'me'],
    queryFn: () => request<DigestSubscriptionList>('GET', `/digests/subscriptions${query({ userId })}`),
  });

export const createDigestSubscription = (input: DigestSubscriptionCreateInput) => request<DigestSubscription>('POST', '/digests/subscriptions', input);
export const deleteDigestSubscription = (id: string) => request<void>('DELETE', `/digests/subscriptions/${encodeURIComponent(id)}`);
