import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Email digests of the reviews. A subscription is a user × digest kind × unit with a cadence; a
 * delivery row per subscription and period (2026-11, 2026-Q3) is written in the same statement that
 * confirms the message to the SMTP server, and its primary key makes a second send impossible.
 * digest_defaults marks the users whose role's default subscriptions were created once, so an
 * unsubscribed default stays unsubscribed.
 *
 * Shared account reports: a token (only its SHA-256 kept) opens one account's report without login
 * until it expires or is revoked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table digest_subscriptions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      kind text not null check (kind in ('monthly_review', 'relationship_summary')),
      unit_id uuid not null references units(id),
      cadence text not null check (cadence in ('monthly', 'quarterly')),
      created_at timestamptz not null default now(),
      unique (user_id, kind, unit_id)
    )`.execute(db);
  await sql`create index digest_subscriptions_unit_idx on digest_subscriptions (unit_id)`.execute(db);
  await sql`
    create table digest_deliveries (
      subscription_id uuid not null references digest_subscriptions(id) on delete cascade,
      period text not null,
      message_id text not null,
      sent_at timestamptz not null,
      primary key (subscription_id, period)
    )`.execute(db);
  await sql`
    create table digest_defaults (
      user_id uuid primary key references users(id) on delete cascade,
      applied_at timestamptz not null
    )`.execute(db);
  await sql`
    create table account_report_links (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts(id) on delete cascade,
      token_hash text not null unique,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_opened_at timestamptz
    )`.execute(db);
  await sql`create index account_report_links_account_idx on account_report_links (account_id, created_at desc)`.execute(db);
}
