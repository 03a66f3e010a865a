import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { GoalTable, WebhookEndpointTable, WebhookDeliveryTable, WebhookAttemptTable, CaseSettingsTable, CaseRootCauseTable, CaseQueueTable, CaseQueueMemberTable, AlertRuleTable, AlertInboxTable, AlertFiringTable, CaseTable, CaseEventTable, CaseNoticeTable, DigestSubscriptionTable, DigestDeliveryTable, DigestDefaultsTable, AccountReportLinkTable } from './schema-loop.ts';
import type { FeedbackItemTable, VerbatimTable, TextInboxTable, TopicTable, ThemeTable, TextSettingsTable, TextJobTable } from './schema-text.ts';

/** Row types of the tables, as Kysely sees them. Kept in step with migrations/ by hand. */

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T extends object | null> = JSONColumnType<T, string, string>;

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
  touch_point_id: Nullable<string>;
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

export type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
export type Attributes = ColumnType<Record<string, string>, string | undefined, string>;

export interface AccountTable {
  id: Generated<string>;
  /** The company (top unit) the account belongs to: CRM ids are unique within it. */
  company_id: string;
  unit_id: string;
  crm_id: string;
  name: string;
  code: string | null;
  owner_user_id: string | null;
  billed_revenue: number | null;
  /** Sold but not yet billed, and the further potential; with the period these figures cover. */
  booked_revenue: Nullable<number>;
  potential_revenue: Nullable<number>;
  revenue_period: Nullable<string>;
  key_account: Generated<boolean>;
  status: Generated<string>;
  attributes: Attributes;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type AssessmentRating = 'superior' | 'good' | 'fair' | 'at_risk';

/** The account team's own view of a relationship; every assessment is kept, the latest is current. */
export interface AccountAssessmentTable {
  id: Generated<string>;
  account_id: string;
  rating: AssessmentRating;
  note: Nullable<string>;
  assessed_on: ColumnType<string, string, string>;
  author_user_id: Nullable<string>;
  author_label: string;
  created_at: Generated<Date>;
}

export interface ContactTable {
  id: Generated<string>;
  /** The company (top unit): emails and CRM ids are unique within it. */
  company_id: string;
  account_id: string | null;
  unit_id: string;
  email: string;
  crm_id: Nullable<string>;
  name: string | null;
  audience_role: string | null;
  locale: Generated<string>;
  /** An IANA time zone (Europe/Berlin); send windows are in the contact's own time. */
  time_zone: Generated<string>;
  consent: Generated<'granted' | 'unknown' | 'withdrawn'>;
  /** Set when the contact opted out or unsubscribed: no programme ever invites them again. */
  opted_out_at: Nullable<Date>;
  opt_out_source: Nullable<string>;
  bounce_state: Generated<'none' | 'soft' | 'hard' | 'complaint'>;
  bounced_at: Nullable<Date>;
  attributes: Attributes;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TouchPointTable {
  id: Generated<string>;
  company_id: string;
  /** The stable key surveys and events use (service-call). */
  key: string;
  name: string;
  stage: string;
  channel: string;
  direct: Generated<boolean>;
  owning_function: string;
  description: Nullable<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The ordered touch points one audience goes through. */
export interface CorridorTable {
  id: Generated<string>;
  company_id: string;
  audience_role: string;
  name: string;
  created_at: Generated<Date>;
}

export interface CorridorStepTable {
  corridor_id: string;
  position: number;
  touch_point_id: string;
}

/** A transaction reported by another system; idempotent by (company, external id). */
export interface EventTable {
  id: Generated<string>;
  company_id: string;
  external_id: string;
  type: string;
  occurred_at: Timestamp;
  received_at: Generated<Date>;
  contact_id: Nullable<string>;
  account_id: Nullable<string>;
  touch_point_id: Nullable<string>;
  attributes: Attributes;
  /** The contact as the event named it ({email} or {crmId}), kept when it matched nobody. */
  contact_ref: ColumnType<Record<string, string>, string | undefined, string>;
  /** What each programme did with the event: invited, or skipped and why. */
  outcomes: ColumnType<EventOutcome[], string | undefined, string>;
}

export interface EventOutcome {
  programmeId: string;
  result: 'invited' | 'skipped';
  reason?: string;
  invitationId?: string;
}

export type ProgrammeKind = 'persistent' | 'periodic' | 'pulsed';
export type ProgrammeStatus = 'draft' | 'active' | 'paused' | 'ended';

export interface ProgrammeTable {
  id: Generated<string>;
  company_id: string;
  unit_id: string;
  name: string;
  kind: ProgrammeKind;
  survey_id: string;
  touch_point_id: Nullable<string>;
  status: Generated<ProgrammeStatus>;
  /** The kind's settings (trigger, cadence, segment, reminders, policy overrides), parsed by the programme schema. */
  config: ColumnType<Record<string, unknown>, string, string>;
  /** Completed responses after which nothing more is sent. */
  quota: Nullable<number>;
  created_by: Nullable<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  activated_at: Nullable<Date>;
}

export interface ContactPolicyTable {
  company_id: string;
  rules: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Generated<Date>;
  updated_by: Nullable<string>;
}

export type InvitationStatus = 'scheduled' | 'suppressed' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** One programme's invitation of one contact in one wave; sent at most once (see docs/architecture.md). */
export interface InvitationTable {
  id: Generated<string>;
  programme_id: string;
  company_id: string;
  survey_id: string;
  contact_id: string;
  account_id: Nullable<string>;
  unit_id: string;
  /** The period (2026, 2026-Q3), the event's id for persistent programmes, or 'once'. */
  wave: string;
  event_id: Nullable<string>;
  status: Generated<InvitationStatus>;
  scheduled_at: Timestamp;
  suppression_reason: Nullable<string>;
  suppression_detail: Nullable<string>;
  /** Who is sending it now: a sender confirms its claim before the message's last line goes out. */
  claim_token: Nullable<string>;
  claimed_at: Nullable<Date>;
  sent_at: Nullable<Date>;
  message_id: Nullable<string>;
  /** The survey link it carries; its response marks the invitation completed. */
  personal_link_id: Nullable<string>;
  opened_at: Nullable<Date>;
  started_at: Nullable<Date>;
  bounced_at: Nullable<Date>;
  unsubscribed_at: Nullable<Date>;
  reminders_sent: Generated<number>;
  next_reminder_at: Nullable<Date>;
  owner_notified_at: Nullable<Date>;
  expires_at: Nullable<Date>;
  error: Nullable<string>;
  created_at: Generated<Date>;
}

/** Mail kept in the database instead of sent, when no SMTP server is configured. */
export interface OutboxMessageTable {
  id: Generated<string>;
  company_id: Nullable<string>;
  kind: string;
  invitation_id: Nullable<string>;
  from_address: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  message_id: string;
  created_at: Generated<Date>;
  /** The order mail was held in. */
  seq: Generated<string>;
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
  /** The survey's touch point and the account's owner when the response was stored. */
  touch_point_id: ColumnType<string | null, string | null | undefined, string | null>;
  account_owner_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

/** A bounce or complaint the mail provider reported, kept once (dedupe_key) per company. */
export interface EmailEventTable {
  id: Generated<string>;
  company_id: string;
  contact_id: string | null;
  type: 'bounce' | 'complaint';
  bounce_type: 'hard' | 'soft' | null;
  email: string;
  message_id: string | null;
  occurred_at: Timestamp;
  dedupe_key: string;
  received_at: Generated<Date>;
}

export interface PersonalLinkTable {
  id: Generated<string>;
  survey_id: string;
  contact_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** A further token for a personal link (a reminder's), stored as its hash. */
export interface PersonalLinkTokenTable {
  token_hash: string;
  personal_link_id: string;
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

/** The segment rollup: per survey × key × dimension × value × unit × day (rollups/segments.ts). */
export interface RollupSegmentTable {
  survey_id: string;
  question_id: string;
  dimension: string;
  value: string;
  unit_id: string;
  day: string;
  n: number;
  sum: number;
  sum_sq: number;
  counts: Json<Record<string, number>>;
  refreshed_at: Generated<Date>;
}

/** rollup_segments summed over units, by calendar month (migration 0012). */
export interface RollupSegmentMonthTable {
  survey_id: string;
  question_id: string;
  dimension: string;
  value: string;
  month: string;
  n: number;
  sum: number;
  sum_sq: number;
  counts: Json<Record<string, number>>;
  refreshed_at: Generated<Date>;
}

export interface RollupSegmentValueTable {
  survey_id: string;
  dimension: string;
  value: string;
}

export interface RollupSegmentOverflowTable {
  survey_id: string;
  dimension: string;
  at: Generated<Date>;
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

/** The company's account analytics settings (contract AccountSettingsSchema). */
export interface AccountAnalyticsSettingsTable {
  company_id: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Generated<Date>;
  updated_by: Nullable<string>;
}

export interface Database {
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  surveys: SurveyTable;
  survey_versions: SurveyVersionTable;
  accounts: AccountTable;
  account_assessments: AccountAssessmentTable;
  contacts: ContactTable;
  touch_points: TouchPointTable;
  corridors: CorridorTable;
  corridor_steps: CorridorStepTable;
  events: EventTable;
  programmes: ProgrammeTable;
  contact_policies: ContactPolicyTable;
  invitations: InvitationTable;
  outbox_messages: OutboxMessageTable;
  email_events: EmailEventTable;
  responses: ResponseTable;
  personal_links: PersonalLinkTable;
  personal_link_tokens: PersonalLinkTokenTable;
  response_sessions: ResponseSessionTable;
  rollup_daily: RollupDailyTable;
  rollup_segments: RollupSegmentTable;
  rollup_segment_months: RollupSegmentMonthTable;
  rollup_segment_values: RollupSegmentValueTable;
  rollup_segment_overflow: RollupSegmentOverflowTable;
  audit_log: AuditLogTable;
  account_analytics_settings: AccountAnalyticsSettingsTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  case_settings: CaseSettingsTable;
  case_root_causes: CaseRootCauseTable;
  case_queues: CaseQueueTable;
  case_queue_members: CaseQueueMemberTable;
  alert_rules: AlertRuleTable;
  alert_inbox: AlertInboxTable;
  alert_firings: AlertFiringTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_notices: CaseNoticeTable;
  goals: GoalTable;
  digest_subscriptions: DigestSubscriptionTable;
  digest_deliveries: DigestDeliveryTable;
  digest_defaults: DigestDefaultsTable;
  account_report_links: AccountReportLinkTable;
  feedback_items: FeedbackItemTable;
  verbatims: VerbatimTable;
  text_inbox: TextInboxTable;
  text_jobs: TextJobTable;
  topics: TopicTable;
  themes: ThemeTable;
  text_settings: TextSettingsTable;
}
