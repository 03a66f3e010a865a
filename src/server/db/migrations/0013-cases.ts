import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Alert rules and cases (docs/decisions/0013-alert-pipeline.md): per company the case settings
 * (business calendar, deadlines, statuses, fallback), root causes and specialist queues; alert rules
 * with their conditions, scope and actions as jsonb (parsed by contract/cases.ts); the alert inbox the
 * response writer fills in the statement that stores a response; cases, one per rule and response,
 * with the unit path for scope checks; their timeline; and the notices each case sends, exactly once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_settings (
      company_id uuid primary key references units(id),
      settings jsonb not null default '{}'::jsonb,
      updated_at timestamptz not null default now(),
      updated_by text
    )`.execute(db);
  await sql`
    create table case_root_causes (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      key text not null,
      label text not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (company_id, key)
    )`.execute(db);
  await sql`
    create table case_queues (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      name text not null,
      touch_point_ids jsonb not null default '[]'::jsonb,
      topics jsonb not null default '[]'::jsonb,
      cursor integer not null default 0,
      created_at timestamptz not null default now(),
      unique (company_id, name)
    )`.execute(db);
  await sql`
    create table case_queue_members (
      queue_id uuid not null references case_queues(id) on delete cascade,
      user_id uuid not null references users(id),
      primary key (queue_id, user_id)
    )`.execute(db);
  await sql`
    create table alert_rules (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      name text not null,
      active boolean not null default true,
      conditions jsonb not null,
      scope jsonb not null default '{}'::jsonb,
      actions jsonb not null,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index alert_rules_active_idx on alert_rules (company_id) where active`.execute(db);
  // Filled by the response writer in the statement that stores the response; drained by the alert worker.
  await sql`
    create table alert_inbox (
      response_id uuid primary key references responses(id),
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      available_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      number bigserial not null,
      company_id uuid not null references units(id),
      unit_id uuid not null references units(id),
      unit_path text not null,
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      response_id uuid references responses(id),
      survey_id uuid references surveys(id),
      touch_point_id uuid references touch_points(id),
      rule_id uuid references alert_rules(id),
      title text not null,
      status text not null,
      stage text not null,
      assignee_id uuid references users(id),
      queue_id uuid references case_queues(id),
      routed_via text not null default 'manual',
      first_action_due_at timestamptz,
      resolution_due_at timestamptz,
      escalation_level integer not null default 0,
      escalated_to_id uuid references users(id),
      first_action_escalated_at timestamptz,
      resolution_escalated_at timestamptz,
      root_cause_id uuid references case_root_causes(id),
      resolution text,
      customer_told_at timestamptz,
      opened_at timestamptz not null,
      acknowledged_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      unique (rule_id, response_id)
    )`.execute(db);
  await sql`create index cases_company_opened_idx on cases (company_id, opened_at desc)`.execute(db);
  await sql`create index cases_unit_path_idx on cases (unit_path text_pattern_ops)`.execute(db);
  await sql`create index cases_assignee_idx on cases (assignee_id) where closed_at is null`.execute(db);
  await sql`create index cases_contact_idx on cases (contact_id)`.execute(db);
  // The escalation pass reads open cases by their deadlines.
  await sql`create index cases_first_due_idx on cases (first_action_due_at) where acknowledged_at is null and first_action_escalated_at is null`.execute(db);
  await sql`create index cases_resolution_due_idx on cases (resolution_due_at) where resolved_at is null and resolution_escalated_at is null`.execute(db);
  await sql`
    create table case_events (
      id bigserial primary key,
      case_id uuid not null references cases(id),
      at timestamptz not null,
      kind text not null,
      actor_id text,
      actor_label text not null,
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index case_events_case_idx on case_events (case_id, id)`.execute(db);
  // A notice is written with the change that calls for it and sent after; sent_at is set by the
  // mailer's confirm, so a notice goes out at most once (decision 0006).
  await sql`
    create table case_notices (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      case_id uuid references cases(id),
      rule_id uuid references alert_rules(id),
      response_id uuid references responses(id),
      kind text not null,
      to_address text not null,
      user_id uuid references users(id),
      created_at timestamptz not null,
      attempts integer not null default 0,
      available_at timestamptz not null,
      sent_at timestamptz,
      failed_at timestamptz,
      error text
    )`.execute(db);
  await sql`create index case_notices_pending_idx on case_notices (available_at) where sent_at is null and failed_at is null`.execute(db);
}
