import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * The respondent's way through a survey: personal links for known contacts (one response per
 * link), sessions that keep the answers of a multi-page survey as they are given (so a respondent
 * can resume), partial responses of those who stop early, and draft preview links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table personal_links (
      id uuid primary key default gen_random_uuid(),
      survey_id uuid not null references surveys(id),
      contact_id uuid not null references contacts(id),
      token_hash text not null unique,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index personal_links_survey_contact_idx on personal_links (survey_id, contact_id)`.execute(db);
  await sql`
    create table response_sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      survey_id uuid not null references surveys(id),
      version_id uuid not null references survey_versions(id),
      unit_id uuid not null references units(id),
      personal_link_id uuid references personal_links(id),
      contact_id uuid references contacts(id),
      account_id uuid references accounts(id),
      language text not null,
      audience text,
      seed text not null,
      answers jsonb not null default '{}',
      history jsonb not null default '[]',
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index response_sessions_link_idx on response_sessions (personal_link_id) where personal_link_id is not null`.execute(db);
  await sql`alter table responses add column status text not null default 'complete' check (status in ('complete', 'partial'))`.execute(db);
  await sql`alter table responses add column audience text`.execute(db);
  await sql`alter table responses add column started_at timestamptz`.execute(db);
  await sql`alter table responses add column session_id uuid references response_sessions(id)`.execute(db);
  await sql`alter table responses add column personal_link_id uuid references personal_links(id)`.execute(db);
  await sql`create unique index responses_session_idx on responses (session_id) where session_id is not null`.execute(db);
  await sql`create unique index responses_personal_link_idx on responses (personal_link_id) where personal_link_id is not null`.execute(db);
  await sql`alter table surveys add column preview_token_hash text unique`.execute(db);
}
