import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type Period } from './api.ts';

/** Query keys and fetchers, so screens and route loaders share one cache. */

export const meQuery = queryOptions({ queryKey: ['me'], queryFn: api.me, staleTime: 5 * 60_000 });

export const overviewQuery = queryOptions({
  queryKey: ['overview'],
  queryFn: api.overview,
  refetchInterval: 30_000,
});

export const unitsQuery = queryOptions({ queryKey: ['units'], queryFn: api.units, staleTime: 5 * 60_000 });

export const surveysQuery = queryOptions({ queryKey: ['surveys'], queryFn: api.surveys });

export const surveyQuery = (id: string) => queryOptions({ queryKey: ['survey', id], queryFn: () => api.survey(id) });

/** Refreshes every 5 seconds so a new response shows within seconds. */
export const dashboardQuery = (id: string, period: Period) =>
  queryOptions({
    queryKey: ['survey', id, 'dashboard', period],
    queryFn: () => api.dashboard(id, period),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });

/** The raw responses of a survey, newest first, 50 a page, paged with nextBefore. */
export const responsesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['survey', id, 'responses'],
    queryFn: ({ pageParam }) => api.responses(id, pageParam === null ? { limit: 50 } : { limit: 50, before: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const usersQuery = queryOptions({ queryKey: ['users'], queryFn: api.users });

export const apiKeysQuery = queryOptions({ queryKey: ['api-keys'], queryFn: api.apiKeys });

/** The company's touch-point catalogue (the builder's suggestions share it). */
export const touchPointsQuery = queryOptions({ queryKey: ['touch-points'], queryFn: api.touchPoints, staleTime: 60_000 });

export const corridorsQuery = queryOptions({ queryKey: ['corridors'], queryFn: api.corridors });
