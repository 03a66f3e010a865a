import { sql } from 'kysely';
import type { Services } from '../../context.ts';
import { newMessageId } from '../../email/headers.ts';
import { inScope, type CompanyScope } from './dispatch.ts';
import { renderOwnerNotice } from '../../email/templates/owner-notice.ts';

/**
 * Account owners hear in advance which of their accounts' contacts a relationship programme will
 * ask, so they can prepare the customer: one message per owner and programme, covering everything
 * due within the programme's notice period that they were not told about yet.
 */
export async function sendOwnerNotices(svc: Services, now: Date, companies: CompanyScope = null): Promise<number> {
  const rows = await sql<{
    invitation_id: string;
    programme_id: string;
    programme_name: string;
    company_id: string;
    company_name: string;
    notice_days: number;
    owner_id: string;
    owner_email: string;
    owner_name: string;
    account_id: string;
    account_name: string;
    contact_name: string | null;
    contact_email: string;
    audience_role: string | null;
    scheduled_at: Date;
  }>`
    select i.id as invitation_id, p.id as programme_id, p.name as programme_name, p.company_id, co.name as company_name,
           (p.config->>'ownerNoticeDays')::int as notice_days,
           o.id as owner_id, o.email as owner_email, o.name as owner_name,
           a.id as account_id, a.name as account_name, c.name as contact_name, c.email as contact_email, c.audience_role,
           i.scheduled_at
      from invitations i
      join programmes p on p.id = i.programme_id
      join units co on co.id = p.company_id
      join accounts a on a.id = i.account_id
      join users o on o.id = a.owner_user_id and o.disabled_at is null
      join contacts c on c.id = i.contact_id
     where p.kind = 'periodic' and p.status = 'active' and i.status = 'scheduled' and i.owner_notified_at is null
       and (p.config->>'ownerNoticeDays')::int > 0
       and ${inScope('p.company_id', companies)}
       and i.scheduled_at <= ${now}::timestamptz + ((p.config->>'ownerNoticeDays')::int * interval '1 day')
     order by o.id, p.id, i.scheduled_at
     limit 5000`.execute(svc.db);
  const groups = new Map<string, typeof rows.rows>();
  for (const r of rows.rows) {
    const key = `${r.owner_id}:${r.programme_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let sent = 0;
  for (const items of groups.values()) {
    const first = items[0];
    if (!first) continue;
    const ids = items.map((i) => i.invitation_id);
    const content = await renderOwnerNotice({
      language: 'en',
      companyName: first.company_name,
      ownerName: first.owner_name,
      days: first.notice_days,
      baseUrl: svc.baseUrl,
      rows: items.map((i) => ({ accountId: i.account_id, accountName: i.account_name, contactName: i.contact_name ?? i.contact_email, role: i.audience_role, date: new Date(i.scheduled_at) })),
    });
    const result = await svc.mailer.deliver(
      { to: first.owner_email, subject: content.subject, html: content.html, text: content.text, headers: {}, messageId: newMessageId(svc.baseUrl), kind: 'owner_notice', companyId: first.company_id, invitationId: null },
      async (tx) => {
        const r = await tx.updateTable('invitations').set({ owner_notified_at: now }).where('id', 'in', ids).where('owner_notified_at', 'is', null).executeTakeFirst();
        return Number(r.numUpdatedRows) === ids.length;
      },
    );
    if (result === 'sent') sent++;
  }
  return sent;
}
