import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/**
 * A recompute of a survey's rollup (refresh.ts) holds this lock exclusively; the writer's increments
 * hold it shared (responses/writer-sql.ts). So a recompute either sees a batch's responses (it
 * started after the batch committed) or finishes before the batch's increments land on its rows —
 * never half of each. Increments do not block one another. Transaction-scoped: it ends with the commit.
 */

// Advisory lock class, two-key form so it never meets pg-boss's one-key locks: "ROLL".
export const ROLLUP_LOCK_CLASS = 0x524f4c4c;

export async function lockRollupForRecompute(tx: Db, surveyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, hashtext(${surveyId}))`.execute(tx);
}
