import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MarketPeriod, MarketReview } from '../../../contract/market.ts';
import { query, request } from '../api.ts';

export const marketReviewQuery = (unit: string | undefined, period: MarketPeriod) =>
  queryOptions({
    queryKey: ['analytics', 'market', unit ?? 'default', period],
    queryFn: () => request<MarketReview>('GET', `/analytics/market${query({ unit, period })}`),
    placeholderData: keepPreviousData,
  });
