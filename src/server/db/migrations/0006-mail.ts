import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

/**
 * Mail events from the mail provider (bounces and complaints), each kept once, so that a webhook
 * sent twice changes nothing and three soft bounces of a contact can be counted; and the index that
 * finds an invitation by its Message-ID; and the order in which the outbox held its mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_events (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      contact_id uuid references contacts(id),
      type text not null check (type in ('bounce', 'complaint')),
      bounce_type text check (bounce_type in ('hard', 'soft')),
      email text not null,
      message_id text,
      occurred_at timestamptz not null,
      dedupe_key text not null,
      received_at timestamptz not null default now(),
      unique (company_id, dedupe_key)
    )`.execute(db);
  await sql`create index email_events_contact_idx on email_events (contact_id, type, bounce_type)`.execute(db);
  await sql`create index invitations_message_id_idx on invitations (message_id) where message_id is not null`.execute(db);
  // Held mail in the order it was held: timestamps of one transaction, or of one clock tick, can tie.
  await sql`alter table outbox_messages add column seq bigint generated always as identity`.execute(db);
  await sql`create index outbox_messages_company_seq_idx on outbox_messages (company_id, seq desc)`.execute(db);
}
