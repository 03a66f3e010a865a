import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json, Nullable } from './schema.ts';

/**
 * Table types of closing the loop: alert rules and cases (migration 0013), goals (0014), webhooks
 * (0015), digests and account-report links (0016). `Database` in schema.ts lists them.
 */

export interface GoalTable {
  id: Generated<string>;
  company_id: string;
  unit_id: string;
  name: string;
  /** The table also allows 'cases_closed_in_time', for when cases are measured; the API does not take it yet. */
  metric: 'nps' | 'csat' | 'summary_index' | 'response_rate' | 'cases_closed_in_time';
  touch_point_id: Nullable<string>;
  survey_id: Nullable<string>;
  programme_id: Nullable<string>;
  target: number;
  /** Days as YYYY-MM-DD (both drivers return dates as strings). */
  start_date: ColumnType<string, string, string>;
  due_date: ColumnType<string, string, string>;
  owner_user_id: Nullable<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An outgoing webhook of a company: where events are posted, and the secret that signs them. */
export interface WebhookEndpointTable {
  id: Generated<string>;
  company_id: string;
  name: string;
  url: string;
  kind: 'generic' | 'slack';
  secret: string;
  event_types: string[];
  active: Generated<boolean>;
  disabled_reason: Nullable<string>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

/** One event for one endpoint: kept once per dedupe key, retried until delivered or out of attempts. */
export interface WebhookDeliveryTable {
  id: Generated<string>;
  endpoint_id: string;
  company_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp;
  claim_token: Nullable<string>;
  claimed_until: Nullable<Date>;
  last_status: Nullable<number>;
  last_error: Nullable<string>;
  duration_ms: Nullable<number>;
  delivered_at: Nullable<Date>;
  created_at: Generated<Date>;
}

/** One POST of a delivery and what came back. */
export interface WebhookAttemptTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  started_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
  created_at: Generated<Date>;
}

/** A company's case settings (contract CaseSettingsSchema; absent fields take their defaults). Migration 0013. */
export interface CaseSettingsTable {
  company_id: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Generated<Date>;
  updated_by: Nullable<string>;
}

export interface CaseRootCauseTable {
  id: Generated<string>;
  company_id: string;
  key: string;
  label: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CaseQueueTable {
  id: Generated<string>;
  company_id: string;
  name: string;
  touch_point_ids: ColumnType<string[], string | undefined, string>;
  topics: ColumnType<string[], string | undefined, string>;
  /** Cases handed out so far: the round robin's position. */
  cursor: Generated<number>;
  created_at: Generated<Date>;
}

export interface CaseQueueMemberTable {
  queue_id: string;
  user_id: string;
}

export interface AlertRuleTable {
  id: Generated<string>;
  company_id: string;
  name: string;
  active: Generated<boolean>;
  conditions: ColumnType<unknown, string, string>;
  scope: ColumnType<unknown, string | undefined, string>;
  actions: ColumnType<unknown, string, string>;
  created_by: Nullable<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A stored response still to be checked against the alert rules. */
export interface AlertInboxTable {
  response_id: string;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  available_at: Generated<Date>;
}

export interface CaseTable {
  id: Generated<string>;
  number: Generated<string>;
  company_id: string;
  unit_id: string;
  /** The unit's materialised path: scope checks are prefix matches. */
  unit_path: string;
  account_id: Nullable<string>;
  contact_id: Nullable<string>;
  response_id: Nullable<string>;
  survey_id: Nullable<string>;
  touch_point_id: Nullable<string>;
  rule_id: Nullable<string>;
  /** For a case an account rule opened: what fired it (see alert_firings). */
  trigger_key: Nullable<string>;
  title: string;
  status: string;
  stage: string;
  assignee_id: Nullable<string>;
  queue_id: Nullable<string>;
  routed_via: Generated<string>;
  first_action_due_at: Nullable<Date>;
  resolution_due_at: Nullable<Date>;
  escalation_level: Generated<number>;
  escalated_to_id: Nullable<string>;
  first_action_escalated_at: Nullable<Date>;
  resolution_escalated_at: Nullable<Date>;
  root_cause_id: Nullable<string>;
  resolution: Nullable<string>;
  customer_told_at: Nullable<Date>;
  opened_at: Timestamp;
  acknowledged_at: Nullable<Date>;
  resolved_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  updated_at: Generated<Date>;
}

export interface CaseEventTable {
  id: Generated<string>;
  case_id: string;
  at: Timestamp;
  kind: string;
  actor_id: Nullable<string>;
  actor_label: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A message a case sends (assignment, escalation, a rule's email), sent at most once. */
export interface CaseNoticeTable {
  id: Generated<string>;
  company_id: string;
  /** The case it is about; null for a rule's email about a response that opened no case. */
  case_id: Nullable<string>;
  rule_id: Nullable<string>;
  response_id: Nullable<string>;
  kind: string;
  to_address: string;
  user_id: Nullable<string>;
  created_at: Timestamp;
  attempts: Generated<number>;
  available_at: Timestamp;
  sent_at: Nullable<Date>;
  failed_at: Nullable<Date>;
  error: Nullable<string>;
  /** For a rule's email about an account: the account, and what happened to it. */
  account_id: Nullable<string>;
  summary: Nullable<string>;
}

/** An account rule fired once for this key (migration 0018). */
export interface AlertFiringTable {
  rule_id: string;
  trigger_key: string;
  account_id: Nullable<string>;
  case_id: Nullable<string>;
  fired_at: Timestamp;
}

export interface DigestSubscriptionTable {
  id: Generated<string>;
  user_id: string;
  kind: 'monthly_review' | 'relationship_summary';
  unit_id: string;
  cadence: 'monthly' | 'quarterly';
  created_at: Generated<Date>;
}

export interface DigestDeliveryTable {
  subscription_id: string;
  /** 2026-11 for a month, 2026-Q3 for a quarter. */
  period: string;
  message_id: string;
  sent_at: Date;
}

export interface DigestDefaultsTable {
  user_id: string;
  applied_at: Date;
}

export interface AccountReportLinkTable {
  id: Generated<string>;
  account_id: string;
  /** SHA-256 of the token; the token itself is shown once. */
  token_hash: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_opened_at: Date | null;
}
