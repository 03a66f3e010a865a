import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

// PGlite's query() runs one statement at a time, so the script is split on the semicolons ending lines.
async function run(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, `
    create table units (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references units(id),
      name text not null,
      kind text not null check (kind in ('company', 'market', 'region', 'team')),
      path text not null unique,
      created_at timestamptz not null default now()
    );
    create index units_parent_idx on units (parent_id);
    create index units_path_idx on units (path text_pattern_ops);

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'analyst', 'manager', 'agent', 'viewer')),
      unit_id uuid not null references units(id),
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index users_email_idx on users (lower(email));

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      user_agent text,
      ip text
    );
    create index sessions_user_idx on sessions (user_id);

    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      key_hash text not null unique,
      role text not null check (role in ('admin', 'analyst', 'manager', 'agent', 'viewer')),
      unit_id uuid not null references units(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table surveys (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references units(id),
      slug text not null unique,
      title text not null,
      kind text not null check (kind in ('relationship', 'transactional', 'pulse', 'employee')),
      status text not null default 'draft' check (status in ('draft', 'live', 'closed')),
      draft_definition jsonb not null,
      live_version_id uuid,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index surveys_unit_idx on surveys (unit_id);

    create table survey_versions (
      id uuid primary key default gen_random_uuid(),
      survey_id uuid not null references surveys(id),
      number integer not null,
      definition jsonb not null,
      published_at timestamptz not null default now(),
      published_by uuid references users(id),
      unique (survey_id, number)
    );
    alter table surveys add constraint surveys_live_version_fk
      foreign key (live_version_id) references survey_versions(id);

    create table accounts (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references units(id),
      crm_id text not null,
      name text not null,
      code text,
      owner_user_id uuid references users(id),
      billed_revenue double precision,
      status text not null default 'active' check (status in ('active', 'defected')),
      attributes jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index accounts_unit_idx on accounts (unit_id);
    create index accounts_crm_idx on accounts (crm_id);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      account_id uuid references accounts(id),
      unit_id uuid not null references units(id),
      email text not null,
      name text,
      audience_role text,
      locale text not null default 'en',
      attributes jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index contacts_account_idx on contacts (account_id);
    create index contacts_email_idx on contacts (lower(email));

    create table responses (
      id uuid primary key default gen_random_uuid(),
      survey_id uuid not null references surveys(id),
      version_id uuid not null references survey_versions(id),
      unit_id uuid not null references units(id),
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      submitted_at timestamptz not null,
      answers jsonb not null,
      attributes jsonb not null default '{}',
      language text not null default 'en',
      channel text not null default 'link',
      created_at timestamptz not null default now()
    );
    create index responses_survey_time_idx on responses (survey_id, submitted_at desc);
    create index responses_unit_idx on responses (unit_id);
    create index responses_account_idx on responses (account_id);

    -- Pre-aggregated answers per survey × question × day × segment: dashboards read these, not responses.
    -- counts is a histogram of numeric answers (value -> count); n, sum and sum_sq give means and variances.
    create table rollup_daily (
      survey_id uuid not null references surveys(id),
      question_id text not null,
      day date not null,
      segment text not null default '',
      n integer not null,
      sum double precision not null,
      sum_sq double precision not null,
      counts jsonb not null,
      refreshed_at timestamptz not null default now(),
      primary key (survey_id, question_id, segment, day)
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'api_key', 'system', 'respondent')),
      actor_id uuid,
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id uuid,
      unit_id uuid,
      details jsonb not null default '{}'
    );
    create index audit_log_entity_idx on audit_log (entity_type, entity_id);
    create index audit_log_at_idx on audit_log (at desc);
  `);
}
