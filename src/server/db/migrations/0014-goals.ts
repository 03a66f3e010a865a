import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Goals: a metric over a scope (a unit, and optionally a touch point, a survey or a programme), a
 * target, a start and a due date, a name and an owner. Progress is computed when read, from the rollups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table goals (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      unit_id uuid not null references units(id),
      name text not null,
      metric text not null check (metric in ('nps', 'csat', 'summary_index', 'response_rate', 'cases_closed_in_time')),
      touch_point_id uuid references touch_points(id),
      survey_id uuid references surveys(id),
      programme_id uuid references programmes(id),
      target double precision not null,
      start_date date not null,
      due_date date not null,
      owner_user_id uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (due_date > start_date)
    )`.execute(db);
  await sql`create index goals_unit on goals (unit_id)`.execute(db);
  await sql`create index goals_owner on goals (owner_user_id)`.execute(db);
}
