import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * A survey's responses in (submitted_at, id) order: the export walks it with a keyset cursor, and
 * the response list walks it backwards. It replaces the index on (survey_id, submitted_at desc),
 * which it covers, so writes keep one index for this.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index responses_survey_time_id_idx on responses (survey_id, submitted_at, id)`.execute(db);
  await sql`drop index responses_survey_time_idx`.execute(db);
}
