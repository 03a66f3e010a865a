import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { EmployeeCustomer } from '../../../contract/employees.ts';
import type { Goal, GoalCreateInput, GoalList } from '../../../contract/goals.ts';
import { query, request } from '../api.ts';

export type { EmployeeCustomer, Goal, GoalCreateInput, GoalList };

export interface GoalFilter {
  unit?: string | undefined;
  mine?: boolean;
}

export const goalsQuery = (f: GoalFilter = {}) =>
  queryOptions({
    queryKey: ['goals', f.unit ?? 'all', f.mine ? 'mine' : 'any'],
    queryFn: () => request<GoalList>('GET', `/goals${query({ unit: f.unit, mine: f.mine ? 'true' : undefined })}`),
  });

export const goalsApi = {
  create: (input: GoalCreateInput) => request<Goal>('POST', '/goals', input),
  update: (id: string, input: GoalCreateInput) => request<Goal>('PUT', `/goals/${encodeURIComponent(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/goals/${encodeURIComponent(id)}`),
};

export const employeeCustomerQuery = (level: EmployeeCustomer['level']) =>
  queryOptions({
    queryKey: ['analytics', 'employee-customer', level],
    queryFn: () => request<EmployeeCustomer>('GET', `/analytics/employee-customer${query({ level })}`),
    placeholderData: keepPreviousData,
  });
