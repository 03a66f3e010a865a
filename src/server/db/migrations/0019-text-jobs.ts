import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Long text jobs of a company: applying a topic to every stored verbatim, and discovering the themes.
 * A job goes through its verbatims in id order, batch by batch; each batch's changes and the job's
 * cursor and counts commit together, so a job picked up again after a restart goes on where it
 * stopped. A job is claimed with a lease (available_at) like the inboxes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table text_jobs (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      kind text not null check (kind in ('topic.apply', 'themes.discover')),
      topic_id uuid references topics(id) on delete cascade,
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
      cursor uuid,
      done integer not null default 0,
      total integer,
      matched integer not null default 0,
      attempts integer not null default 0,
      available_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      error text,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index text_jobs_due_idx on text_jobs (available_at) where state in ('queued', 'running')`.execute(db);
  await sql`create index text_jobs_company_idx on text_jobs (company_id, kind, created_at desc)`.execute(db);
  await sql`create index text_jobs_topic_idx on text_jobs (topic_id, created_at desc) where topic_id is not null`.execute(db);
}
