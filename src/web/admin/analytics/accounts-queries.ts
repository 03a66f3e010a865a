import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AccountCommentList, AccountQuadrants, AccountSettingsView, AccountTrend, PerceptionGapList, Silence } from '../../../contract/account-analytics.ts';
import { request } from '../api.ts';

/** Queries of the account analytics pages (/analytics/accounts, /analytics/executive, /my-accounts). */

export type { AccountCommentList, AccountQuadrants, AccountSettingsView, AccountTrend, PerceptionGapList, Silence };
export type AccountPlacement = AccountQuadrants['accounts'][number];

export interface AccountFilter {
  owner?: 'me' | string | undefined;
  unit?: string | undefined;
}

function search(f: AccountFilter): string {
  const s = new URLSearchParams();
  if (f.owner) s.set('owner', f.owner);
  if (f.unit) s.set('unit', f.unit);
  const text = s.toString();
  return text ? `?${text}` : '';
}

const options = <T,>(name: string, f: AccountFilter) =>
  queryOptions({ queryKey: ['account-analytics', name, f.owner ?? '', f.unit ?? ''], queryFn: () => request<T>('GET', `/analytics/${name}${search(f)}`), placeholderData: keepPreviousData, staleTime: 30_000 });

export const accountQuadrantsQuery = (f: AccountFilter = {}) => options<AccountQuadrants>('accounts', f);
export const perceptionGapQuery = (f: AccountFilter = {}) => options<PerceptionGapList>('perception-gap', f);
export const silenceQuery = (f: AccountFilter = {}) => options<Silence>('silence', f);
export const accountTrendQuery = (f: AccountFilter = {}) => options<AccountTrend>('account-trend', f);
export const accountCommentsQuery = (f: AccountFilter = {}) => options<AccountCommentList>('account-comments', f);
export const accountSettingsQuery = queryOptions({ queryKey: ['account-analytics', 'settings'], queryFn: () => request<AccountSettingsView>('GET', '/analytics/account-settings') });
