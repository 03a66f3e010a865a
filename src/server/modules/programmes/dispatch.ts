import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { SuppressionReason } from '../../../core/contact-policy-rules.ts';
import { createPolicyEvaluator, type Decision } from '../../../core/contact-policy.ts';
import { ProgrammeConfigSchema, type ProgrammeConfig } from '../../../core/programme.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { createBatcher, type Batcher } from '../../db/batcher.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { completedCounts } from './service.ts';
import { loadMembers, type Member } from './population.ts';
import { loadPolicyHistory, lookbackDays, readContactPolicy } from './policy-store.ts';

/**
 * Sending invitations, exactly once. A batch of due invitations is *claimed* in one transaction
 * that also applies the contact policy (under a per-company lock, so caps hold across workers) and
 * the quota: each is either suppressed with its reason or marked `sending` with a fresh claim token
 * and a new link token. Then each message is delivered, and the mailer confirms the claim in the
 * database before the message's last line reaches the SMTP server (decision 0006): a worker that
 * dies before that delivers nothing and its claim is taken over after the lease; one that dies
 * after it has sent the message, which the database already says.
 */

const DAY = 86_400_000;

export interface ClaimedSend {
  invitationId: string;
  claimToken: string;
  kind: 'invitation' | 'reminder';
  /** The raw link token: it exists only in memory and in the message. */
  token: string;
  personalLinkId: string;
  programmeId: string;
  surveyId: string;
  companyId: string;
  member: Member;
  expiresAt: Date | null;
  config: ProgrammeConfig;
}

export interface DispatchOptions {
  batchSize: number;
  /** A claim older than this is taken over: its worker is presumed dead. */
  leaseMs: number;
}

interface DueRow {
  id: string;
  programme_id: string;
  company_id: string;
  survey_id: string;
  contact_id: string;
  scheduled_at: Date;
  personal_link_id: string | null;
  expires_at: Date | null;
  kind: ProgrammeConfig['kind'];
  p_status: string;
  config: unknown;
  quota: number | null;
}

/**
 * The companies a worker serves: all of them (null), or some — workers can be split by tenant, and
 * tests sharing one database keep to their own company.
 */
export type CompanyScope = readonly string[] | null;

/** Restricts a query to a worker's companies, by the column holding the company's id. */
export function inScope(column: string, companies: CompanyScope) {
  return companies ? sql<boolean>`${sql.ref(column)} = any(${[...companies]}::uuid[])` : sql<boolean>`true`;
}

/** Claims of dead workers go back to the queue; nothing of theirs was delivered. */
export async function reclaimStale(db: Db, now: Date, leaseMs: number, companies: CompanyScope = null): Promise<number> {
  const before = new Date(now.getTime() - leaseMs);
  const a = await db
    .updateTable('invitations')
    .set({ status: 'scheduled', claim_token: null, claimed_at: null })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', before)
    .where(inScope('company_id', companies))
    .executeTakeFirst();
  const b = await db
    .updateTable('invitations')
    .set({ claim_token: null, claimed_at: null })
    .where('status', '=', 'sent')
    .where('claim_token', 'is not', null)
    .where('claimed_at', '<', before)
    .where(inScope('company_id', companies))
    .executeTakeFirst();
  return Number(a.numUpdatedRows) + Number(b.numUpdatedRows);
}

function suppress(reason: SuppressionReason, detail: string): Decision {
  return { send: false, reason, detail };
}

/**
 * Claims up to a batch of due invitations of one company: the policy and the quota decide, in one
 * transaction under the company's lock. Returns what to send; suppressions are written.
 */
export async function claimDue(svc: Services, companyId: string, now: Date, batchSize: number): Promise<ClaimedSend[]> {
  return svc.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`invitations:${companyId}`}))`.execute(tx);
    const due = (
      await sql<DueRow>`
        select i.id, i.programme_id, i.company_id, i.survey_id, i.contact_id, i.scheduled_at, i.personal_link_id, i.expires_at,
               p.kind, p.status as p_status, p.config, p.quota
          from invitations i join programmes p on p.id = i.programme_id
         where i.company_id = ${companyId} and i.status = 'scheduled' and i.scheduled_at <= ${now} and p.status in ('active', 'ended')
         order by i.scheduled_at, i.id
         limit ${batchSize}
         for update of i skip locked`.execute(tx)
    ).rows;
    if (due.length === 0) return [];
    const members = await loadMembers(tx, due.map((d) => d.contact_id));
    const { rules } = await readContactPolicy(tx, companyId);
    const configs = new Map(due.map((d) => [d.programme_id, ProgrammeConfigSchema.parse(d.config)]));
    const history = await loadPolicyHistory(tx, {
      contactIds: due.map((d) => d.contact_id),
      accountIds: [...members.values()].flatMap((m) => (m.accountId ? [m.accountId] : [])),
      since: new Date(now.getTime() - lookbackDays(rules, [...configs.values()].map((c) => c.overrides)) * DAY),
      plannedUntil: new Date(now.getTime() + rules.relationshipPriorityDays * DAY),
      excludeInvitationIds: due.map((d) => d.id),
    });
    const evaluator = createPolicyEvaluator(rules, history);
    const quotaLeft = new Map<string, number>();
    const withQuota = [...new Set(due.filter((d) => d.quota !== null).map((d) => d.programme_id))];
    const completed = await completedCounts(tx, withQuota);
    for (const d of due) if (d.quota !== null) quotaLeft.set(d.programme_id, d.quota - (completed.get(d.programme_id) ?? 0));

    const suppressed: { id: string; reason: string; detail: string; status: 'suppressed' | 'cancelled' }[] = [];
    const sends: ClaimedSend[] = [];
    for (const d of due) {
      const config = configs.get(d.programme_id);
      const member = members.get(d.contact_id);
      if (!config || !member) continue;
      let decision: Decision;
      if (d.p_status === 'ended' || (d.expires_at && d.expires_at <= now)) decision = suppress('programme_ended', 'The programme ended before this invitation was due');
      else if ((quotaLeft.get(d.programme_id) ?? 1) <= 0) decision = suppress('quota_reached', `The quota of ${d.quota ?? 0} responses is reached`);
      else decision = evaluator.decide({ contact: member.policy, programme: { id: d.programme_id, kind: d.kind, excludeRoles: config.excludeRoles, overrides: config.overrides }, at: now, channel: 'email' });
      if (!decision.send) {
        suppressed.push({ id: d.id, reason: decision.reason, detail: decision.detail, status: decision.reason === 'programme_ended' ? 'cancelled' : 'suppressed' });
        continue;
      }
      const expiresAt = d.expires_at ?? new Date(now.getTime() + config.expiresAfterDays * DAY);
      sends.push({
        invitationId: d.id,
        claimToken: randomUUID(),
        kind: 'invitation',
        token: newToken(),
        personalLinkId: d.personal_link_id ?? randomUUID(),
        programmeId: d.programme_id,
        surveyId: d.survey_id,
        companyId,
        member,
        expiresAt,
        config,
      });
    }
    if (suppressed.length > 0) {
      await sql`
        update invitations i set status = v.status, suppression_reason = v.reason, suppression_detail = v.detail
          from unnest(${suppressed.map((s) => s.id)}::uuid[], ${suppressed.map((s) => s.status)}::text[], ${suppressed.map((s) => s.reason)}::text[], ${suppressed.map((s) => s.detail)}::text[])
               as v(id, status, reason, detail)
         where i.id = v.id`.execute(tx);
    }
    if (sends.length > 0) {
      const hasLink = new Set(due.filter((d) => d.personal_link_id).map((d) => d.id));
      const fresh = sends.filter((s) => !hasLink.has(s.invitationId));
      const reused = sends.filter((s) => hasLink.has(s.invitationId));
      if (fresh.length > 0) {
        await sql`
          insert into personal_links (id, survey_id, contact_id, token_hash)
          select * from unnest(${fresh.map((s) => s.personalLinkId)}::uuid[], ${fresh.map((s) => s.surveyId)}::uuid[], ${fresh.map((s) => s.member.contactId)}::uuid[], ${fresh.map((s) => hashToken(s.token))}::text[])`.execute(tx);
      }
      if (reused.length > 0) {
        // A claim taken over: the earlier token never left (its message was not delivered), so it is replaced.
        await sql`
          update personal_links l set token_hash = v.hash
            from unnest(${reused.map((s) => s.personalLinkId)}::uuid[], ${reused.map((s) => hashToken(s.token))}::text[]) as v(id, hash)
           where l.id = v.id`.execute(tx);
      }
      await sql`
        update invitations i set status = 'sending', claim_token = v.claim, claimed_at = ${now}, personal_link_id = v.link, expires_at = v.expires
          from unnest(${sends.map((s) => s.invitationId)}::uuid[], ${sends.map((s) => s.claimToken)}::uuid[], ${sends.map((s) => s.personalLinkId)}::uuid[], ${sends.map((s) => s.expiresAt)}::timestamptz[])
               as v(id, claim, link, expires)
         where i.id = v.id`.execute(tx);
    }
    return sends;
  });
}

/** Claims reminders that are due: sent, unanswered, not unsubscribed or bounced, programme active, quota open. */
export async function claimReminders(svc: Services, now: Date, batchSize: number, companies: CompanyScope = null): Promise<ClaimedSend[]> {
  return svc.db.transaction().execute(async (tx) => {
    const rows = (
      await sql<{ id: string; programme_id: string; company_id: string; survey_id: string; contact_id: string; personal_link_id: string; expires_at: Date | null; config: unknown; quota: number | null }>`
        select i.id, i.programme_id, i.company_id, i.survey_id, i.contact_id, i.personal_link_id, i.expires_at, p.config, p.quota
          from invitations i
          join programmes p on p.id = i.programme_id
          join contacts c on c.id = i.contact_id
         where i.next_reminder_at <= ${now} and i.status = 'sent' and i.claim_token is null
           and p.status = 'active' and i.unsubscribed_at is null and i.bounced_at is null
           and c.opted_out_at is null and c.bounce_state not in ('hard', 'complaint')
           and (i.expires_at is null or i.expires_at > ${now})
           and not exists (select 1 from responses r where r.personal_link_id = i.personal_link_id)
           and ${inScope('i.company_id', companies)}
         order by i.next_reminder_at
         limit ${batchSize}
         for update of i skip locked`.execute(tx)
    ).rows;
    if (rows.length === 0) return [];
    const completed = await completedCounts(tx, [...new Set(rows.filter((r) => r.quota !== null).map((r) => r.programme_id))]);
    const full = new Set(rows.filter((r) => r.quota !== null && (completed.get(r.programme_id) ?? 0) >= r.quota).map((r) => r.id));
    if (full.size > 0) await tx.updateTable('invitations').set({ next_reminder_at: null }).where('id', 'in', [...full]).execute();
    const open = rows.filter((r) => !full.has(r.id));
    const members = await loadMembers(tx, open.map((r) => r.contact_id));
    const sends: ClaimedSend[] = [];
    for (const r of open) {
      const member = members.get(r.contact_id);
      if (!member) continue;
      sends.push({
        invitationId: r.id,
        claimToken: randomUUID(),
        kind: 'reminder',
        token: newToken(),
        personalLinkId: r.personal_link_id,
        programmeId: r.programme_id,
        surveyId: r.survey_id,
        companyId: r.company_id,
        member,
        expiresAt: r.expires_at,
        config: ProgrammeConfigSchema.parse(r.config),
      });
    }
    if (sends.length > 0) {
      await sql`
        update invitations i set claim_token = v.claim, claimed_at = ${now}
          from unnest(${sends.map((s) => s.invitationId)}::uuid[], ${sends.map((s) => s.claimToken)}::uuid[]) as v(id, claim)
         where i.id = v.id`.execute(tx);
    }
    return sends;
  });
}

/**
 * Confirms a claimed send just before the message's last line: true when this worker still holds
 * the claim (the invitation now reads sent), false when another worker took it over (this message is
 * abandoned). One statement either way, so it is atomic without a transaction; `db` is the mailer's
 * (a transaction in outbox mode).
 */
export async function confirmSend(db: Db, s: ClaimedSend, messageId: string, now: Date): Promise<boolean> {
  const reminders = s.config.reminders;
  if (s.kind === 'invitation') {
    const r = await db
      .updateTable('invitations')
      .set({ status: 'sent', sent_at: now, message_id: messageId, claim_token: null, next_reminder_at: nextReminder(s, now) })
      .where('id', '=', s.invitationId)
      .where('claim_token', '=', s.claimToken)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  // The reminder's own link token exists if and only if the reminder counts as sent.
  const r = await sql<{ personal_link_id: string }>`
    with confirmed as (
      update invitations set reminders_sent = reminders_sent + 1, claim_token = null,
             next_reminder_at = case when reminders_sent + 1 < ${reminders.count} then ${new Date(now.getTime() + reminders.afterDays * DAY)}::timestamptz end
       where id = ${s.invitationId} and claim_token = ${s.claimToken} and status = 'sent'
       returning id)
    insert into personal_link_tokens (token_hash, personal_link_id)
    select ${hashToken(s.token)}, ${s.personalLinkId}::uuid from confirmed
    returning personal_link_id`.execute(db);
  return r.rows.length === 1;
}

function nextReminder(s: ClaimedSend, now: Date): Date | null {
  return s.config.reminders.count > 0 ? new Date(now.getTime() + s.config.reminders.afterDays * DAY) : null;
}

export interface Confirmation {
  send: ClaimedSend;
  messageId: string;
  at: Date;
}

/**
 * Confirms invitations in groups: the messages waiting for their last line at the same time are
 * confirmed by one statement (group commit, db/batcher.ts), each learning whether its claim held.
 */
export function createInvitationConfirmer(db: Db): Batcher<Confirmation, boolean> {
  return createBatcher<Confirmation, boolean>(
    async (items) => {
      const rows = await sql<{ id: string }>`
        update invitations i set status = 'sent', sent_at = v.at, message_id = v.message_id, claim_token = null, next_reminder_at = v.next
          from unnest(${items.map((c) => c.send.invitationId)}::uuid[], ${items.map((c) => c.send.claimToken)}::uuid[], ${items.map((c) => c.messageId)}::text[],
                      ${items.map((c) => c.at)}::timestamptz[], ${items.map((c) => nextReminder(c.send, c.at))}::timestamptz[]) as v(id, claim, message_id, at, next)
         where i.id = v.id and i.claim_token = v.claim and i.status = 'sending'
         returning i.id`.execute(db);
      const confirmed = new Set(rows.rows.map((r) => r.id));
      return items.map((c) => ({ ok: true as const, value: confirmed.has(c.send.invitationId) }));
    },
    { maxBatch: 500 },
  );
}

/** A send that failed at the SMTP server: permanent failures end the invitation, others retry later. */
export async function recordSendFailure(db: Db, s: ClaimedSend, err: { permanent: boolean; message: string }, now: Date): Promise<void> {
  if (s.kind === 'reminder') {
    await db.updateTable('invitations').set({ claim_token: null, claimed_at: null, ...(err.permanent ? { next_reminder_at: null } : {}) }).where('id', '=', s.invitationId).where('claim_token', '=', s.claimToken).execute();
    return;
  }
  await db
    .updateTable('invitations')
    .set(
      err.permanent
        ? { status: 'failed', error: err.message.slice(0, 500), claim_token: null }
        : { status: 'scheduled', scheduled_at: new Date(now.getTime() + 5 * 60_000), error: err.message.slice(0, 500), claim_token: null, claimed_at: null },
    )
    .where('id', '=', s.invitationId)
    .where('claim_token', '=', s.claimToken)
    .execute();
}

/** Companies with invitations due now. */
export async function companiesWithDue(db: Db, now: Date, companies: CompanyScope = null): Promise<string[]> {
  const rows = await sql<{ company_id: string }>`
    select distinct company_id from invitations
     where status = 'scheduled' and scheduled_at <= ${now} and ${inScope('company_id', companies)}`.execute(db);
  return rows.rows.map((r) => r.company_id);
}
