import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/** Server-to-server submissions carry an idempotency key: a retried request finds its first response. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table responses add column idempotency_key text`.execute(db);
  await sql`alter table responses add column request_hash text`.execute(db);
  await sql`create unique index responses_idempotency_idx on responses (survey_id, idempotency_key) where idempotency_key is not null`.execute(db);
}
