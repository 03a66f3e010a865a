import { sql } from 'kysely';
import { ContactPolicySchema, type ContactPolicy, type PolicyOverrides } from '../../../core/contact-policy-rules.ts';
import type { PastInvitation, PlannedRelationship } from '../../../core/contact-policy.ts';
import type { Db } from '../../db/connect.ts';

/** The company's contact policy and the invitation history it is checked against. */

/** The company's policy; the defaults until someone saves one. */
export async function readContactPolicy(db: Db, companyId: string): Promise<{ rules: ContactPolicy; updatedAt: Date | null; updatedBy: string | null }> {
  const row = await db.selectFrom('contact_policies').select(['rules', 'updated_at', 'updated_by']).where('company_id', '=', companyId).executeTakeFirst();
  const parsed = ContactPolicySchema.safeParse(row?.rules ?? {});
  return { rules: parsed.success ? parsed.data : ContactPolicySchema.parse({}), updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null };
}

/** The longest look back any rule of the policy (or an override) needs, in days. */
export function lookbackDays(policy: ContactPolicy, overrides: readonly PolicyOverrides[] = []): number {
  const days = [policy.maxPerContact.windowDays, policy.minGapDays, policy.maxPerAccount?.windowDays ?? 0];
  for (const r of policy.scoped) days.push(r.maxPerContact?.windowDays ?? 0, r.minGapDays ?? 0);
  for (const o of overrides) days.push(o.maxPerContact?.windowDays ?? 0, o.minGapDays ?? 0);
  return Math.max(1, ...days);
}

/**
 * Invitations sent (or being sent) to these contacts or to anyone at these accounts since a time,
 * and the relationship invitations planned for these contacts up to a time.
 */
export async function loadPolicyHistory(
  db: Db,
  opts: { contactIds: readonly string[]; accountIds: readonly string[]; since: Date; plannedUntil: Date; excludeInvitationIds?: readonly string[] },
): Promise<{ invitations: PastInvitation[]; plannedRelationship: PlannedRelationship[] }> {
  const contacts = [...new Set(opts.contactIds)];
  const accounts = [...new Set(opts.accountIds)];
  const excluded = [...(opts.excludeInvitationIds ?? [])];
  if (contacts.length === 0) return { invitations: [], plannedRelationship: [] };
  const past = await sql<{ contact_id: string; account_id: string | null; at: Date; kind: PastInvitation['programmeKind'] }>`
    select i.contact_id, i.account_id, coalesce(i.sent_at, i.claimed_at) as at, p.kind
      from invitations i join programmes p on p.id = i.programme_id
     where i.status in ('sending', 'sent')
       and coalesce(i.sent_at, i.claimed_at) >= ${opts.since}
       and (i.contact_id = any(${contacts}::uuid[]) or i.account_id = any(${accounts}::uuid[]))
       and not (i.id = any(${excluded}::uuid[]))`.execute(db);
  const planned = await sql<{ contact_id: string; scheduled_at: Date }>`
    select i.contact_id, i.scheduled_at
      from invitations i join programmes p on p.id = i.programme_id
     where i.status = 'scheduled' and p.kind = 'periodic' and p.status = 'active'
       and i.scheduled_at <= ${opts.plannedUntil}
       and i.contact_id = any(${contacts}::uuid[])
       and not (i.id = any(${excluded}::uuid[]))`.execute(db);
  return {
    invitations: past.rows.map((r) => ({ contactId: r.contact_id, accountId: r.account_id, at: new Date(r.at), programmeKind: r.kind, channel: 'email' })),
    plannedRelationship: planned.rows.map((r) => ({ contactId: r.contact_id, at: new Date(r.scheduled_at) })),
  };
}
