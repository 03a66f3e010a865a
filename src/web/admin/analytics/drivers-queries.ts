import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CorridorView, DriverAnalysisResult, DriverSet } from '../../../contract/drivers.ts';
import { query, request } from '../api.ts';

/** Query options of the drivers page and the corridor view. */

export interface DriverParams {
  outcome?: string | undefined;
  drivers: DriverSet;
}

export const driversQuery = (surveyId: string, params: DriverParams) =>
  queryOptions({
    queryKey: ['survey', surveyId, 'drivers', params],
    queryFn: () => request<DriverAnalysisResult>('GET', `/surveys/${encodeURIComponent(surveyId)}/drivers${query({ outcome: params.outcome, drivers: params.drivers })}`),
    placeholderData: keepPreviousData,
  });

export const corridorViewQuery = (audienceRole: string) =>
  queryOptions({
    queryKey: ['corridor', audienceRole, 'view'],
    queryFn: () => request<CorridorView>('GET', `/corridors/${encodeURIComponent(audienceRole)}/view`),
    placeholderData: keepPreviousData,
  });
