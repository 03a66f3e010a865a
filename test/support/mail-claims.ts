import { sql } from 'kysely';
import type { Db } from '../../src/server/db/connect.ts';
import type { Mailer } from '../../src/server/email/transport.ts';

/**
 * The invitation sender's protocol on a small table of its own (id, status, claim): claim a row
 * (status 'sending' with my claim token), deliver, and confirm by moving it to 'sent' only while
 * the claim is still mine. Shared by the exactly-once test and its child process.
 */

export async function createClaimTable(db: Db, table: string, n: number): Promise<void> {
  await sql`create table ${sql.table(table)} (id int primary key, status text not null, claim uuid)`.execute(db);
  await sql`insert into ${sql.table(table)} (id, status) select g, 'scheduled' from generate_series(1, ${n}) g`.execute(db);
}

/** Each row's message has its own Message-ID, so a sink can count deliveries per row. */
export const messageIdOf = (table: string, id: number) => `<${table}-${id}@corridor.test>`;

/** Claims a row (a scheduled one, or one whose claim is being taken over) and delivers its message. */
export async function deliverClaimed(db: Db, mailer: Mailer, table: string, id: number, claim: string, takeOver = false, beforeConfirm?: () => Promise<void>): Promise<'sent' | 'abandoned' | 'taken'> {
  const claimed = await sql`update ${sql.table(table)} set status = 'sending', claim = ${claim} where id = ${id} and status in (${takeOver ? sql`'scheduled', 'sending'` : sql`'scheduled'`})`.execute(db);
  if (claimed.numAffectedRows !== 1n) return 'taken';
  return mailer.deliver(
    { to: `contact-${id}@example.test`, subject: `Message ${id}`, html: `<p>Message ${id}</p>`, text: `Message ${id}`, headers: {}, messageId: messageIdOf(table, id), kind: 'notice', companyId: null, invitationId: null },
    async (tx) => (await beforeConfirm?.(), await sql`update ${sql.table(table)} set status = 'sent' where id = ${id} and claim = ${claim} and status = 'sending'`.execute(tx)).numAffectedRows === 1n,
  );
}
