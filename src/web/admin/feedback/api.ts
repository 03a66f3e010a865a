import { queryOptions } from '@tanstack/react-query';
import type { FeedbackCreateInput, FeedbackDetail, FeedbackImportResult, FeedbackItem, FeedbackList, FeedbackUpdate, TextSettings } from '../../../contract/feedback.ts';
import { query, request } from '../api.ts';

/** The feedback items and text settings part of the API client. */

export type { FeedbackDetail, FeedbackItem, FeedbackList, TextSettings };
export type FeedbackFilters = Record<string, string | number | undefined>;

const id = (x: string) => encodeURIComponent(x);

export const feedbackApi = {
  list: (filters: FeedbackFilters) => request<FeedbackList>('GET', `/feedback${query(filters)}`),
  get: (itemId: string) => request<FeedbackDetail>('GET', `/feedback/${id(itemId)}`),
  create: (input: FeedbackCreateInput) => request<FeedbackDetail>('POST', '/feedback', input),
  update: (itemId: string, input: FeedbackUpdate) => request<FeedbackDetail>('PATCH', `/feedback/${id(itemId)}`, input),
  remove: (itemId: string) => request<null>('DELETE', `/feedback/${id(itemId)}`),
  importCsv: (file: Blob) => request<FeedbackImportResult>('POST', '/feedback/import', file),
  textSettings: () => request<TextSettings>('GET', '/text-settings'),
  putTextSettings: (input: TextSettings) => request<TextSettings>('PUT', '/text-settings', input),
};

export const feedbackItemQuery = (itemId: string) => queryOptions({ queryKey: ['feedback', 'item', itemId], queryFn: () => feedbackApi.get(itemId) });
export const textSettingsQuery = queryOptions({ queryKey: ['text-settings'], queryFn: feedbackApi.textSettings });

export const SENTIMENT_TONE = { negative: 'danger', neutral: 'neutral', positive: 'success' } as const;
