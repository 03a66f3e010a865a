import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AnalyticsQuery, AnalyticsResult, DimensionList } from '../../../contract/analytics.ts';
import { ApiError } from '../api.ts';

/** The explorer's calls: its own file, so the shared api.ts stays as it is. */
async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch(() => {
    throw new ApiError(0, 'network_error', 'Cannot reach the Corridor server. Check your connection and try again.');
  });
  const json = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: unknown } } | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? `The server answered ${res.status}.`, json?.error?.details);
  return json as T;
}

export const dimensionsQuery = (surveyIds: readonly string[]) =>
  queryOptions({
    queryKey: ['analytics', 'dimensions', [...surveyIds].sort().join(',')],
    queryFn: () => call<DimensionList>('GET', `/analytics/dimensions?survey=${encodeURIComponent(surveyIds.join(','))}`),
    enabled: surveyIds.length > 0,
    staleTime: 60_000,
  });

export const analyticsQuery = (q: AnalyticsQuery) =>
  queryOptions({
    queryKey: ['analytics', 'query', q],
    queryFn: () => call<AnalyticsResult>('POST', '/analytics/query', q),
    enabled: q.surveys.length > 0,
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
  });
