import type { Services } from '../../context.ts';
import { recordAudit } from '../audit/service.ts';
import { linkHasToken } from '../links/service.ts';

/**
 * Unsubscribing through an invitation's link (`/u/<token>`, the token of its personal link). Only a
 * POST unsubscribes (RFC 8058's one-click post, or the page's button): mail scanners follow GETs.
 */

export interface UnsubscribeTarget {
  personalLinkId: string;
  contactId: string;
  invitationId: string | null;
  companyName: string;
  locale: string;
  optedOut: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** What a token unsubscribes from; null when it is no personal link's. */
export async function findUnsubscribeTarget(svc: Services, token: string): Promise<UnsubscribeTarget | null> {
  if (!TOKEN.test(token)) return null;
  const row = await svc.db
    .selectFrom('personal_links as l')
    .innerJoin('contacts as c', 'c.id', 'l.contact_id')
    .innerJoin('units as co', 'co.id', 'c.company_id')
    .leftJoin('invitations as i', 'i.personal_link_id', 'l.id')
    .select(['l.id as link_id', 'c.id as contact_id', 'c.locale', 'c.opted_out_at', 'co.name as company_name', 'i.id as invitation_id'])
    .where(linkHasToken(token))
    .executeTakeFirst();
  if (!row) return null;
  return { personalLinkId: row.link_id, contactId: row.contact_id, invitationId: row.invitation_id, companyName: row.company_name, locale: row.locale, optedOut: row.opted_out_at !== null };
}

/** Opts the contact out (once: a second post changes nothing) and marks the invitation; null for an unknown token. */
export async function unsubscribe(svc: Services, token: string, via: 'one-click' | 'page'): Promise<UnsubscribeTarget | null> {
  const target = await findUnsubscribeTarget(svc, token);
  if (!target) return null;
  const now = svc.now();
  await svc.db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('contacts')
      .set({ opted_out_at: now, opt_out_source: 'unsubscribe', updated_at: now })
      .where('id', '=', target.contactId)
      .where('opted_out_at', 'is', null)
      .returning(['id', 'unit_id'])
      .executeTakeFirst();
    if (target.invitationId) {
      await tx.updateTable('invitations').set({ unsubscribed_at: now }).where('id', '=', target.invitationId).where('unsubscribed_at', 'is', null).execute();
    }
    if (changed) {
      await recordAudit(tx, { type: 'respondent', id: null, label: 'contact (unsubscribe link)' }, {
        action: 'contact.unsubscribe',
        entityType: 'contact',
        entityId: target.contactId,
        unitId: changed.unit_id,
        details: { via, invitationId: target.invitationId },
      });
    }
  });
  return { ...target, optedOut: true };
}
