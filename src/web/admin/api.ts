/**
 * The typed client of the Corridor API (/api/v1). Types come from the shared contract; the session
 * is an http-only cookie, so every call is a same-origin fetch with JSON bodies.
 */
import type { z } from 'zod';
import type { AccountDetail, AccountList, Assessment, AssessmentCreateInput } from '../../contract/accounts.ts';
import type { Me, User } from '../../contract/auth.ts';
import type { ContactDetail } from '../../contract/contacts.ts';
import type { UpsertResult } from '../../contract/customer-fields.ts';
import type { Overview, ResponseListSchema, SurveyDashboard } from '../../contract/dashboard.ts';
import type { OutboxMessage, OutboxPage } from '../../contract/email.ts';
import type {
  ContactPolicyResponseSchema,
  DryRun,
  Invitation,
  InvitationListSchema,
  Programme,
  ProgrammeCreateInput,
  ProgrammeUpdateInput,
  Rates,
} from '../../contract/programmes.ts';
import type { ContactPolicyInput } from '../../core/contact-policy-rules.ts';
import type { Period, SurveyCreateInput, SurveyDetail, SurveySummary, SurveyUpdateInput } from '../../contract/surveys.ts';
import type { Corridor, CorridorPutInput, TouchPoint, TouchPointCreateInput, TouchPointUpdateInput } from '../../contract/touch-points.ts';
import type { Unit } from '../../contract/units.ts';
import type { ApiKeyCreatedSchema, ApiKeyCreateInput, ApiKeySchema, UserCreateInput } from '../../contract/users.ts';

export type { Corridor, CorridorPutInput, TouchPoint, TouchPointCreateInput, TouchPointUpdateInput };
export type { AccountDetail, AccountList, Assessment, ContactDetail, UpsertResult };
export type { ApiKeyCreateInput, Overview, Period, SurveyDashboard, SurveyDetail, SurveySummary, Unit, User, UserCreateInput };

export type { OutboxMessage, OutboxPage };
export type { ContactPolicyInput, DryRun, Invitation, Programme, ProgrammeCreateInput, ProgrammeUpdateInput, Rates };
export type ContactPolicyResponse = z.infer<typeof ContactPolicyResponseSchema>;
export type InvitationList = z.infer<typeof InvitationListSchema>;
export type ProgrammeAction = 'activate' | 'pause' | 'end';
export type RateGrouping = Rates['by'];
export interface InvitationFilter {
  status?: Invitation['status'] | undefined;
  reason?: NonNullable<Invitation['reason']> | undefined;
  limit?: number;
  offset?: number;
}

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export type ResponseList = z.infer<typeof ResponseListSchema>;
export type SurveyResponse = ResponseList['responses'][number];

export interface FieldIssue {
  /** Dotted path of the field, e.g. "title" or "definition.questions.0.text". */
  path: string;
  message: string;
}

/** Any failed API call: the `{ error: { code, message, details } }` body plus the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field problems of a `validation_failed` error, with paths normalised to dots. */
  get issues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    const issues: FieldIssue[] = [];
    for (const d of this.details as unknown[]) {
      if (typeof d !== 'object' || d === null) continue;
      const { path, message } = d as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') continue;
      issues.push({ path: normalisePath(path), message });
    }
    return issues;
  }
}

function normalisePath(path: unknown): string {
  if (Array.isArray(path)) return path.map(String).join('.');
  if (typeof path !== 'string') return '';
  // Accept "a.b.0", "/a/b/0", "a[0].b" and "body.a" alike.
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body\./, '');
}

/** The first message for a field path (exact match), for showing next to that field. */
export function issueFor(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.issues.find((i) => i.path === path)?.message;
}

/** Messages of issues that no field on screen shows. */
export function otherIssues(error: unknown, shownPaths: (path: string) => boolean): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues.filter((i) => !shownPaths(i.path));
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 && error.code !== 'invalid_credentials');
}

/** A message for people: the API's own message, or a plain explanation of a network failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

const BASE = '/api/v1';

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof Blob) {
    init.headers = { accept: 'application/json', 'content-type': 'text/csv' };
    init.body = body;
  } else if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, init);
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the Corridor server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    if (err && typeof err.code === 'string' && typeof err.message === 'string') {
      throw new ApiError(res.status, err.code, err.message, err.details);
    }
    throw new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}.`.replace(' .', '.'));
  }
  return json as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export const api = {
  login: (email: string, password: string) => request<Me>('POST', '/auth/login', { email, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/auth/me'),
  overview: () => request<Overview>('GET', '/overview'),
  units: () => request<{ units: Unit[] }>('GET', '/units'),
  surveys: () => request<{ surveys: SurveySummary[] }>('GET', '/surveys'),
  createSurvey: (input: SurveyCreateInput) => request<SurveyDetail>('POST', '/surveys', input),
  survey: (id: string) => request<SurveyDetail>('GET', `/surveys/${encodeURIComponent(id)}`),
  updateSurvey: (id: string, input: SurveyUpdateInput) => request<SurveyDetail>('PATCH', `/surveys/${encodeURIComponent(id)}`, input),
  publishSurvey: (id: string) => request<SurveyDetail>('POST', `/surveys/${encodeURIComponent(id)}/publish`),
  closeSurvey: (id: string) => request<SurveyDetail>('POST', `/surveys/${encodeURIComponent(id)}/close`),
  reopenSurvey: (id: string) => request<SurveyDetail>('POST', `/surveys/${encodeURIComponent(id)}/reopen`),
  previewLink: (id: string) => request<{ url: string }>('POST', `/surveys/${encodeURIComponent(id)}/preview-link`),
  dashboard: (id: string, period: Period) =>
    request<SurveyDashboard>('GET', `/surveys/${encodeURIComponent(id)}/dashboard${query({ period })}`),
  responses: (id: string, opts: { limit?: number; before?: string } = {}) =>
    request<ResponseList>('GET', `/surveys/${encodeURIComponent(id)}/responses${query(opts)}`),
  users: () => request<{ users: User[] }>('GET', '/users'),
  createUser: (input: UserCreateInput) => request<User>('POST', '/users', input),
  accounts: (params: Record<string, string | number | undefined>) => request<AccountList>('GET', `/accounts${query(params)}`),
  account: (id: string) => request<AccountDetail>('GET', `/accounts/${encodeURIComponent(id)}`),
  assessAccount: (id: string, input: AssessmentCreateInput) => request<Assessment>('POST', `/accounts/${encodeURIComponent(id)}/assessments`, input),
  importCsv: (kind: 'accounts' | 'contacts', file: Blob, mode: 'all-or-nothing' | 'skip-bad-rows') => request<UpsertResult>('POST', `/${kind}/import${query({ mode })}`, file),
  contact: (id: string) => request<ContactDetail>('GET', `/contacts/${encodeURIComponent(id)}`),
  optOut: (id: string) => request<ContactDetail>('POST', `/contacts/${encodeURIComponent(id)}/opt-out`, {}),
  optIn: (id: string, reason: string) => request<ContactDetail>('POST', `/contacts/${encodeURIComponent(id)}/opt-in`, { reason }),
  apiKeys: () => request<{ apiKeys: ApiKey[] }>('GET', '/api-keys'),
  createApiKey: (input: ApiKeyCreateInput) => request<ApiKeyCreated>('POST', '/api-keys', input),
  touchPoints: () => request<{ touchPoints: TouchPoint[] }>('GET', '/touch-points'),
  createTouchPoint: (input: TouchPointCreateInput) => request<TouchPoint>('POST', '/touch-points', input),
  updateTouchPoint: (id: string, input: TouchPointUpdateInput) => request<TouchPoint>('PATCH', `/touch-points/${encodeURIComponent(id)}`, input),
  deleteTouchPoint: (id: string) => request<void>('DELETE', `/touch-points/${encodeURIComponent(id)}`),
  corridors: () => request<{ corridors: Corridor[] }>('GET', '/corridors'),
  putCorridor: (audienceRole: string, input: CorridorPutInput) => request<Corridor>('PUT', `/corridors/${encodeURIComponent(audienceRole)}`, input),
  deleteCorridor: (audienceRole: string) => request<void>('DELETE', `/corridors/${encodeURIComponent(audienceRole)}`),
  programmes: () => request<{ programmes: Programme[] }>('GET', '/programmes'),
  programme: (id: string) => request<Programme>('GET', `/programmes/${encodeURIComponent(id)}`),
  createProgramme: (input: ProgrammeCreateInput) => request<Programme>('POST', '/programmes', input),
  updateProgramme: (id: string, input: ProgrammeUpdateInput) => request<Programme>('PATCH', `/programmes/${encodeURIComponent(id)}`, input),
  programmeAction: (id: string, action: ProgrammeAction) => request<Programme>('POST', `/programmes/${encodeURIComponent(id)}/actions`, { action }),
  dryRunProgramme: (id: string) => request<DryRun>('POST', `/programmes/${encodeURIComponent(id)}/dry-run`),
  dryRunDraft: (input: ProgrammeCreateInput) => request<DryRun>('POST', '/programmes/dry-run', input),
  invitations: (id: string, filter: InvitationFilter = {}) =>
    request<InvitationList>('GET', `/programmes/${encodeURIComponent(id)}/invitations${query({ ...filter })}`),
  rates: (id: string, by: RateGrouping) => request<Rates>('GET', `/programmes/${encodeURIComponent(id)}/rates${query({ by })}`),
  contactPolicy: () => request<ContactPolicyResponse>('GET', '/contact-policy'),
  saveContactPolicy: (rules: ContactPolicyInput) => request<ContactPolicyResponse>('PUT', '/contact-policy', rules),
  outbox: (opts: { limit?: number; before?: string } = {}) => request<OutboxPage>('GET', `/outbox${query(opts)}`),
  outboxMessage: (id: string) => request<OutboxMessage>('GET', `/outbox/${encodeURIComponent(id)}`),
};
