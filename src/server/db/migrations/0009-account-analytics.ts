import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Account analytics settings, one row per company: the summary index, which surveys feed accounts,
 * the score target, the revenue threshold, role weights and the window (parsed by the contract's
 * AccountSettingsSchema; absent fields take their defaults).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table account_analytics_settings (
      company_id uuid primary key references units(id),
      settings jsonb not null default '{}'::jsonb,
      updated_at timestamptz not null default now(),
      updated_by text
    )`.execute(db);
}
