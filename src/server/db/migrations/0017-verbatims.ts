import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Verbatims: customers' own words, analysed. A verbatim is one text answer of a response (response_id,
 * question_key) or one feedback item (interview, focus group, forum post, observation, complaint
 * letter). Each carries its sentiment, its sentences with their own sentiment, the discovered themes
 * and the user-defined topics it matched, and a full-text vector for search.
 *
 * text_inbox is filled by the response writer in the statement that stores a response, so every
 * stored comment is analysed even when the process dies right after; the text indexer drains it.
 * Feedback items are analysed in the transaction that stores them.
 *
 * topics: the company's taxonomy of user-defined topics with their rules (keywords, phrases, boolean
 * combinations). themes: the themes discovered from the company's verbatims, with readable names.
 * text_settings: PII masking at ingest, per company.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table feedback_items (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      kind text not null check (kind in ('interview', 'focus_group', 'forum_post', 'observation', 'complaint_letter', 'other')),
      title text,
      body text not null,
      author text not null,
      occurred_at timestamptz not null,
      unit_id uuid not null references units(id),
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      touch_point_id uuid references touch_points(id),
      external_id text,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index feedback_items_external_idx on feedback_items (company_id, external_id) where external_id is not null`.execute(db);
  await sql`create index feedback_items_company_time_idx on feedback_items (company_id, occurred_at desc)`.execute(db);
  await sql`create index feedback_items_account_idx on feedback_items (account_id) where account_id is not null`.execute(db);

  await sql`
    create table verbatims (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      response_id uuid references responses(id) on delete cascade,
      question_key text,
      feedback_item_id uuid references feedback_items(id) on delete cascade,
      kind text not null,
      survey_id uuid references surveys(id),
      survey_kind text,
      unit_id uuid not null references units(id),
      unit_path text not null,
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      touch_point_id uuid references touch_points(id),
      occurred_at timestamptz not null,
      score real,
      score_band text check (score_band in ('detractor', 'passive', 'promoter')),
      text text not null,
      search tsvector generated always as (to_tsvector('english', text)) stored,
      sentiment real not null,
      sentiment_label text not null check (sentiment_label in ('negative', 'neutral', 'positive')),
      sentences jsonb not null,
      themes text[] not null default '{}',
      topics uuid[] not null default '{}',
      analysis_version integer not null,
      analysed_at timestamptz not null,
      check ((response_id is not null and question_key is not null and feedback_item_id is null)
          or (response_id is null and question_key is null and feedback_item_id is not null))
    )`.execute(db);
  await sql`create unique index verbatims_response_idx on verbatims (response_id, question_key) where response_id is not null`.execute(db);
  await sql`create unique index verbatims_feedback_idx on verbatims (feedback_item_id) where feedback_item_id is not null`.execute(db);
  await sql`create index verbatims_company_time_idx on verbatims (company_id, occurred_at desc)`.execute(db);
  await sql`create index verbatims_search_idx on verbatims using gin (search)`.execute(db);
  await sql`create index verbatims_themes_idx on verbatims using gin (themes)`.execute(db);
  await sql`create index verbatims_topics_idx on verbatims using gin (topics)`.execute(db);
  await sql`create index verbatims_account_idx on verbatims (account_id) where account_id is not null`.execute(db);

  await sql`
    create table text_inbox (
      response_id uuid primary key references responses(id) on delete cascade,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      available_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table topics (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      parent_id uuid references topics(id) on delete cascade,
      name text not null,
      rule jsonb not null,
      touch_point_ids uuid[] not null default '{}',
      active boolean not null default true,
      applied_at timestamptz,
      applied_count integer,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (company_id, name)
    )`.execute(db);

  await sql`
    create table themes (
      company_id uuid not null references units(id),
      key text not null,
      name text not null,
      terms text[] not null,
      verbatim_count integer not null default 0,
      discovered_at timestamptz not null,
      primary key (company_id, key)
    )`.execute(db);

  await sql`
    create table text_settings (
      company_id uuid primary key references units(id),
      mask_pii boolean not null default false,
      updated_at timestamptz not null default now()
    )`.execute(db);
}
