import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ApiError, type InvitationFilter, type RateGrouping } from '../api.ts';

/** Query keys and fetchers of the programme screens and the contact policy. */

export const programmesQuery = queryOptions({ queryKey: ['programmes'], queryFn: api.programmes });

export const programmeQuery = (id: string) => queryOptions({ queryKey: ['programmes', id], queryFn: () => api.programme(id), refetchInterval: 15_000 });

export const invitationsQuery = (id: string, filter: InvitationFilter) =>
  queryOptions({ queryKey: ['programmes', id, 'invitations', filter], queryFn: () => api.invitations(id, filter), placeholderData: keepPreviousData });

export const ratesQuery = (id: string, by: RateGrouping) =>
  queryOptions({ queryKey: ['programmes', id, 'rates', by], queryFn: () => api.rates(id, by), placeholderData: keepPreviousData });

export const contactPolicyQuery = queryOptions({ queryKey: ['contact-policy'], queryFn: api.contactPolicy });

/** The company's touch points, or null where the server offers none (404): the form then hides the field. */
export const touchPointsQuery = queryOptions({
  queryKey: ['touch-points'],
  queryFn: async () => {
    try {
      return (await api.touchPoints()).touchPoints;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});
