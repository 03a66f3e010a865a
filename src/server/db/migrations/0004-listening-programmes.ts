import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after release; add a new migration.

// PGlite's query() runs one statement at a time, so the script is split on the semicolons ending lines.
async function run(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

/**
 * The CRM side and the listening programmes: accounts and contacts keyed per company (CRM id, email),
 * the account team's own assessments, the touch-point catalogue and corridors, events reported by
 * other systems, programmes (persistent, periodic, pulsed), the central contact policy, invitations
 * with their status, and the outbox that holds mail when no SMTP server is configured.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, `
    alter table accounts add column company_id uuid references units(id);
    update accounts a set company_id = split_part(u.path, '/', 2)::uuid from units u where u.id = a.unit_id;
    alter table accounts alter column company_id set not null;
    alter table accounts add column booked_revenue double precision;
    alter table accounts add column potential_revenue double precision;
    alter table accounts add column revenue_period text;
    alter table accounts add column key_account boolean not null default false;
    alter table accounts add column updated_at timestamptz not null default now();
    drop index accounts_crm_idx;
    create unique index accounts_company_crm_idx on accounts (company_id, crm_id);
    create index accounts_owner_idx on accounts (owner_user_id);

    alter table contacts add column company_id uuid references units(id);
    update contacts c set company_id = split_part(u.path, '/', 2)::uuid from units u where u.id = c.unit_id;
    alter table contacts alter column company_id set not null;
    alter table contacts add column crm_id text;
    alter table contacts add column time_zone text not null default 'UTC';
    alter table contacts add column consent text not null default 'unknown' check (consent in ('granted', 'unknown', 'withdrawn'));
    alter table contacts add column opted_out_at timestamptz;
    alter table contacts add column opt_out_source text;
    alter table contacts add column bounce_state text not null default 'none' check (bounce_state in ('none', 'soft', 'hard', 'complaint'));
    alter table contacts add column bounced_at timestamptz;
    alter table contacts add column updated_at timestamptz not null default now();
    drop index contacts_email_idx;
    create unique index contacts_company_email_idx on contacts (company_id, lower(email));
    create unique index contacts_company_crm_idx on contacts (company_id, crm_id) where crm_id is not null;

    create table account_assessments (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts(id),
      rating text not null check (rating in ('superior', 'good', 'fair', 'at_risk')),
      note text,
      assessed_on date not null,
      author_user_id uuid references users(id),
      author_label text not null,
      created_at timestamptz not null default now()
    );
    create index account_assessments_account_idx on account_assessments (account_id, assessed_on desc, created_at desc);

    create table touch_points (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      key text not null,
      name text not null,
      stage text not null,
      channel text not null,
      direct boolean not null default true,
      owning_function text not null,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (company_id, key)
    );

    create table corridors (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      audience_role text not null,
      name text not null,
      created_at timestamptz not null default now(),
      unique (company_id, audience_role)
    );
    create table corridor_steps (
      corridor_id uuid not null references corridors(id) on delete cascade,
      position integer not null,
      touch_point_id uuid not null references touch_points(id),
      primary key (corridor_id, position),
      unique (corridor_id, touch_point_id)
    );

    alter table surveys add column touch_point_id uuid references touch_points(id);

    create table events (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      external_id text not null,
      type text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null default now(),
      contact_id uuid references contacts(id),
      account_id uuid references accounts(id),
      touch_point_id uuid references touch_points(id),
      attributes jsonb not null default '{}',
      contact_ref jsonb not null default '{}',
      outcomes jsonb not null default '[]',
      unique (company_id, external_id)
    );
    create index events_company_type_idx on events (company_id, type, occurred_at desc);
    create index events_contact_idx on events (contact_id);

    create table programmes (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references units(id),
      unit_id uuid not null references units(id),
      name text not null,
      kind text not null check (kind in ('persistent', 'periodic', 'pulsed')),
      survey_id uuid not null references surveys(id),
      touch_point_id uuid references touch_points(id),
      status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'ended')),
      config jsonb not null,
      quota integer check (quota is null or quota > 0),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      activated_at timestamptz
    );
    create index programmes_company_idx on programmes (company_id, status);

    create table contact_policies (
      company_id uuid primary key references units(id),
      rules jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by text
    );

    create table invitations (
      id uuid primary key default gen_random_uuid(),
      programme_id uuid not null references programmes(id),
      company_id uuid not null references units(id),
      survey_id uuid not null references surveys(id),
      contact_id uuid not null references contacts(id),
      account_id uuid references accounts(id),
      unit_id uuid not null references units(id),
      wave text not null,
      event_id uuid references events(id),
      status text not null default 'scheduled'
        check (status in ('scheduled', 'suppressed', 'sending', 'sent', 'failed', 'cancelled')),
      scheduled_at timestamptz not null,
      suppression_reason text,
      suppression_detail text,
      claim_token uuid,
      claimed_at timestamptz,
      sent_at timestamptz,
      message_id text,
      personal_link_id uuid unique references personal_links(id),
      opened_at timestamptz,
      started_at timestamptz,
      bounced_at timestamptz,
      unsubscribed_at timestamptz,
      reminders_sent integer not null default 0,
      next_reminder_at timestamptz,
      owner_notified_at timestamptz,
      expires_at timestamptz,
      error text,
      created_at timestamptz not null default now(),
      unique (programme_id, contact_id, wave)
    );
    create index invitations_due_idx on invitations (scheduled_at) where status = 'scheduled';
    create index invitations_reminder_idx on invitations (next_reminder_at) where next_reminder_at is not null;
    create index invitations_claimed_idx on invitations (claimed_at) where status = 'sending';
    create index invitations_contact_idx on invitations (contact_id, sent_at);
    create index invitations_account_idx on invitations (account_id, sent_at);
    create index invitations_programme_idx on invitations (programme_id, status);

    create table outbox_messages (
      id uuid primary key default gen_random_uuid(),
      company_id uuid references units(id),
      kind text not null,
      invitation_id uuid references invitations(id),
      from_address text not null,
      to_address text not null,
      subject text not null,
      html text not null,
      text text not null,
      headers jsonb not null default '{}',
      message_id text not null,
      created_at timestamptz not null default now()
    );
    create index outbox_messages_company_idx on outbox_messages (company_id, created_at desc);
  `);
}
