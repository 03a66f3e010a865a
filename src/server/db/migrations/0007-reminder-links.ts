import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * More tokens for one personal link. Tokens are stored only as hashes, so a reminder cannot repeat
 * the invitation's link; it carries a token of its own that opens the same link (one response).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table personal_link_tokens (
      token_hash text primary key,
      personal_link_id uuid not null references personal_links(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index personal_link_tokens_link_idx on personal_link_tokens (personal_link_id)`.execute(db);
}
