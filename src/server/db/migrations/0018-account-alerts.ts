import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Alert rules on accounts (moved into a quadrant, silent for N days) are checked on a schedule, not
 * when a response arrives, so nothing like the alert inbox says "done". alert_firings does: a rule
 * fires once per trigger key (the account and the quarter it moved, or the account and the last
 * response its silence began after), and its case, email and webhook are written in the
 * transaction that inserts the firing, so a second look at the same account does nothing again.
 * A case and a notice may now be about an account without a response.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alert_firings (
      rule_id uuid not null references alert_rules(id) on delete cascade,
      trigger_key text not null,
      account_id uuid references accounts(id),
      case_id uuid references cases(id),
      fired_at timestamptz not null,
      primary key (rule_id, trigger_key)
    )`.execute(db);
  await sql`create index alert_firings_account_idx on alert_firings (account_id, fired_at desc)`.execute(db);
  await sql`alter table cases add column trigger_key text`.execute(db);
  await sql`alter table case_notices add column account_id uuid references accounts(id)`.execute(db);
  await sql`alter table case_notices add column summary text`.execute(db);
}
