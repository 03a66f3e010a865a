import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Row types of the tables, as Kysely sees them. Kept in step with migrations/ by hand. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface UnitTable {
  id: Generated<string>;
  parent_id: string | null;
  name: string;
  kind: string;
  /** Materialised path of ids, '/root/child/.../self/': scope checks are prefix matches. */
  path: string;
  created_at: Generated<Date>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: string;
  unit_id: string;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface SessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiKeyTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  role: string;
  unit_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SurveyTable {
  id: Generated<string>;
  unit_id: string;
  slug: string;
  title: string;
  kind: string;
  status: string;
  draft_definition: Json<object>;
  live_version_id: string | null;
  /** SHA-256 of the draft preview link's token; null when no preview link was made. */
  preview_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SurveyVersionTable {
  id: Generated<string>;
  survey_id: string;
  number: number;
  definition: Json<object>;
  published_at: Generated<Date>;
  published_by: string | null;
}

export interface AccountTable {
  id: Generated<string>;
  unit_id: string;
  crm_id: string;
  name: string;
  code: string | null;
  owner_user_id: string | null;
  billed_revenue: number | null;
  status: Generated<string>;
  attributes: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface ContactTable {
  id: Generated<string>;
  account_id: string | null;
  unit_id: string;
  email: string;
  name: string | null;
  audience_role: string | null;
  locale: Generated<string>;
  attributes: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface ResponseTable {
  id: Generated<string>;
  survey_id: string;
  version_id: string;
  unit_id: string;
  account_id: string | null;
  contact_id: string | null;
  submitted_at: Timestamp;
  answers: Json<Record<string, number | string | boolean | string[]>>;
  attributes: Json<Record<string, string>>;
  language: string;
  channel: string;
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
  request_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** complete, or partial when the respondent stopped early. */
  status: Generated<'complete' | 'partial'>;
  audience: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  session_id: ColumnType<string | null, string | null | undefined, string | null>;
  personal_link_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface PersonalLinkTable {
  id: Generated<string>;
  survey_id: string;
  contact_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** A respondent's way through a multi-page survey: the answers so far and the pages passed. */
export interface ResponseSessionTable {
  id: Generated<string>;
  token_hash: string;
  survey_id: string;
  version_id: string;
  unit_id: string;
  personal_link_id: string | null;
  contact_id: string | null;
  account_id: string | null;
  language: string;
  audience: string | null;
  seed: string;
  answers: ColumnType<Record<string, number | string | boolean | string[]>, string | undefined, string>;
  history: ColumnType<string[], string | undefined, string>;
  started_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RollupDailyTable {
  survey_id: string;
  question_id: string;
  day: string;
  segment: string;
  n: number;
  sum: number;
  sum_sq: number;
  counts: Json<Record<string, number>>;
  refreshed_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  unit_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface Database {
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  surveys: SurveyTable;
  survey_versions: SurveyVersionTable;
  accounts: AccountTable;
  contacts: ContactTable;
  responses: ResponseTable;
  personal_links: PersonalLinkTable;
  response_sessions: ResponseSessionTable;
  rollup_daily: RollupDailyTable;
  audit_log: AuditLogTable;
}
