import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/**
 * A recompute of a survey's rollup (refresh.ts) holds this lock exclusively, increments (increment.ts)
 * hold it shared: a recompute either sees a batch's responses (it started after the batch committed)
 * or finishes before the batch's increments land on its rows — never half of each. Increments do not
 * block one another. Transaction-scoped: it ends with the commit.
 */

// Advisory lock class, two-key form so it never meets pg-boss's one-key locks: "ROLL".
const ROLLUP_LOCK_CLASS = 0x524f4c4c;

export async function lockRollupForRecompute(tx: Db, surveyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, hashtext(${surveyId}))`.execute(tx);
}

/** Takes the shared lock of each survey, in one order for every caller. */
export async function lockRollupsForIncrement(tx: Db, surveyIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(surveyIds)].sort();
  await sql`select pg_advisory_xact_lock_shared(${ROLLUP_LOCK_CLASS}, hashtext(s)) from unnest(${sorted}::text[]) as s`.execute(tx);
}
