import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MonthlyReview, RelationshipSummary } from '../../../contract/reviews.ts';
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
