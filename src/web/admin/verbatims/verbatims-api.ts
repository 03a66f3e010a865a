import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  JobProgress,
  QuoteInput,
  QuoteResultSchema,
  ThemeEffects,
  ThemeList,
  ThemeTrend,
  Topic,
  TopicInput,
  TopicPreview,
  TopicUpdate,
  TrendingThemes,
  Verbatim,
  VerbatimSearchResult,
} from '../../../contract/verbatims.ts';
import { query, request } from '../api.ts';

/** The verbatims part of the API client: the explorer's reads, topics, themes and quoting. */

export type { JobProgress, ThemeEffects, ThemeList, ThemeTrend, Topic, TopicInput, TopicPreview, TrendingThemes, Verbatim, VerbatimSearchResult };
export type QuoteResult = z.infer<typeof QuoteResultSchema>;
type Filter = Record<string, string>;

const id = (x: string) => encodeURIComponent(x);

export const verbatimsApi = {
  search: (filter: Filter, cursor?: string) => request<VerbatimSearchResult>('GET', `/verbatims${query({ ...filter, cursor, limit: 25 })}`),
  trend: (filter: Filter) => request<ThemeTrend>('GET', `/verbatims/theme-trend${query({ ...filter, months: 12, top: 6 })}`),
  trending: (filter: Filter, month?: string) => request<TrendingThemes>('GET', `/verbatims/trending-themes${query({ ...filter, month })}`),
  effects: (filter: Filter) => request<ThemeEffects>('GET', `/verbatims/theme-effects${query(filter)}`),
  quote: (verbatimId: string, input: QuoteInput) => request<QuoteResult>('POST', `/verbatims/${id(verbatimId)}/quote`, input),
  themes: () => request<ThemeList>('GET', '/themes'),
  topics: () => request<{ topics: Topic[] }>('GET', '/topics'),
  createTopic: (input: TopicInput) => request<Topic>('POST', '/topics', input),
  updateTopic: (topicId: string, input: TopicUpdate) => request<Topic>('PATCH', `/topics/${id(topicId)}`, input),
  deleteTopic: (topicId: string) => request<void>('DELETE', `/topics/${id(topicId)}`),
  previewTopic: (input: { query: string; touchPointIds?: string[] }) => request<TopicPreview>('POST', '/topics/preview', input),
  applyTopic: (topicId: string) => request<Topic>('POST', `/topics/${id(topicId)}/apply`),
  topic: (topicId: string) => request<Topic>('GET', `/topics/${id(topicId)}`),
};

/** The explorer's reads share the filter in their keys, so one change of filter refetches them all (the search itself pages: VerbatimResults.tsx). */
export const trendQuery = (filter: Filter) =>
  queryOptions({ queryKey: ['verbatims', 'trend', filter], queryFn: () => verbatimsApi.trend(filter), placeholderData: keepPreviousData });
/** `month` absent: the current month (the server's clock). */
export const trendingQuery = (filter: Filter, month?: string) =>
  queryOptions({ queryKey: ['verbatims', 'trending', filter, month ?? null], queryFn: () => verbatimsApi.trending(filter, month), placeholderData: keepPreviousData });

/** The calendar month before `now`'s, as YYYY-MM (UTC, as the server counts months). */
export function monthBefore(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
export const effectsQuery = (filter: Filter) =>
  queryOptions({ queryKey: ['verbatims', 'effects', filter], queryFn: () => verbatimsApi.effects(filter), placeholderData: keepPreviousData });
export const themesQuery = queryOptions({ queryKey: ['themes'], queryFn: verbatimsApi.themes, staleTime: 60_000 });
export const topicsQuery = queryOptions({ queryKey: ['topics'], queryFn: verbatimsApi.topics });

/** Whether a job is still going (the page polls until it is not). */
export function isRunning(job: JobProgress | undefined): boolean {
  return job?.state === 'queued' || job?.state === 'running';
}
