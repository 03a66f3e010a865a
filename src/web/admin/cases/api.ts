import type { z } from 'zod';
import type {
  AlertRule,
  AlertRuleInput,
  CaseAssigneeListSchema,
  CaseBulk,
  CaseCountsSchema,
  CaseDetail,
  CaseListSchema,
  CaseMetrics,
  CaseSettings,
  CaseSettingsInput,
  CaseStatusChange,
  CaseUpdate,
  Queue,
  RootCause,
} from '../../../contract/cases.ts';
import { query, request } from '../api.ts';

/** The cases part of the API client. */

export type { AlertRule, AlertRuleInput, CaseDetail, CaseMetrics, CaseSettings, Queue, RootCause };
export type CaseList = z.infer<typeof CaseListSchema>;
export type CaseSummary = CaseList['cases'][number];
export type Assignee = z.infer<typeof CaseAssigneeListSchema>['assignees'][number];
export type CaseFilters = Record<string, string | number | undefined>;

const id = (x: string) => encodeURIComponent(x);

export const casesApi = {
  list: (filters: CaseFilters) => request<CaseList>('GET', `/cases${query(filters)}`),
  counts: () => request<z.infer<typeof CaseCountsSchema>>('GET', '/cases/counts'),
  get: (caseId: string) => request<CaseDetail>('GET', `/cases/${id(caseId)}`),
  status: (caseId: string, input: CaseStatusChange) => request<CaseDetail>('POST', `/cases/${id(caseId)}/status`, input),
  note: (caseId: string, text: string) => request<CaseDetail>('POST', `/cases/${id(caseId)}/notes`, { text }),
  assign: (caseId: string, assigneeId: string | null) => request<CaseDetail>('POST', `/cases/${id(caseId)}/assign`, { assigneeId }),
  update: (caseId: string, input: CaseUpdate) => request<CaseDetail>('PATCH', `/cases/${id(caseId)}`, input),
  bulk: (input: CaseBulk) => request<{ updated: number; refused: { id: string; message: string }[] }>('POST', '/cases/bulk', input),
  assignees: () => request<{ assignees: Assignee[] }>('GET', '/cases/assignees'),
  metrics: (params: CaseFilters) => request<CaseMetrics>('GET', `/cases/metrics${query(params)}`),
  rules: () => request<{ rules: AlertRule[] }>('GET', '/alert-rules'),
  createRule: (input: AlertRuleInput) => request<AlertRule>('POST', '/alert-rules', input),
  updateRule: (ruleId: string, input: Partial<AlertRuleInput>) => request<AlertRule>('PATCH', `/alert-rules/${id(ruleId)}`, input),
  settings: () => request<CaseSettings>('GET', '/case-settings'),
  putSettings: (input: CaseSettingsInput) => request<CaseSettings>('PUT', '/case-settings', input),
  rootCauses: () => request<{ rootCauses: RootCause[] }>('GET', '/root-causes'),
  createRootCause: (input: { key: string; label: string }) => request<RootCause>('POST', '/root-causes', input),
  updateRootCause: (causeId: string, input: { label?: string; active?: boolean }) => request<RootCause>('PATCH', `/root-causes/${id(causeId)}`, input),
  queues: () => request<{ queues: Queue[] }>('GET', '/case-queues'),
  createQueue: (input: { name: string; touchPointIds: string[]; topics: string[]; memberIds: string[] }) => request<Queue>('POST', '/case-queues', input),
};

export const caseCountsQuery = { queryKey: ['cases', 'counts'], queryFn: casesApi.counts, refetchInterval: 30_000 } as const;
export const rootCausesQuery = { queryKey: ['root-causes'], queryFn: casesApi.rootCauses } as const;
export const assigneesQuery = { queryKey: ['cases', 'assignees'], queryFn: casesApi.assignees } as const;

export const STAGE_TONE = { new: 'danger', acknowledged: 'warning', in_progress: 'info', resolved: 'success', closed: 'neutral' } as const;
