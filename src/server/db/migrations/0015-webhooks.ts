import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Outgoing webhooks: a company's endpoints (generic, signed with HMAC, or Slack-compatible), one
 * delivery per event and endpoint (kept once per dedupe key, retried with backoff under a lease),
 * and the log of every attempt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      name text not null,
      url text not null,
      kind text not null check (kind in ('generic', 'slack')),
      secret text not null,
      event_types text[] not null,
      active boolean not null default true,
      disabled_reason text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index webhook_endpoints_company_idx on webhook_endpoints (company_id)`.execute(db);
  await sql`
    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
      company_id uuid not null references units(id),
      event_id uuid not null,
      event_type text not null,
      payload jsonb not null,
      dedupe_key text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null,
      next_attempt_at timestamptz not null,
      claim_token uuid,
      claimed_until timestamptz,
      last_status integer,
      last_error text,
      duration_ms integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (endpoint_id, dedupe_key),
      unique (endpoint_id, event_id)
    )`.execute(db);
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc)`.execute(db);
  await sql`
    create table webhook_attempts (
      id uuid primary key default gen_random_uuid(),
      delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
      attempt integer not null,
      started_at timestamptz not null,
      duration_ms integer not null,
      status_code integer,
      error text,
      response_body text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, attempt)`.execute(db);
}
