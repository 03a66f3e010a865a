import type { Services } from '../../context.ts';

/**
 * When a personal link belongs to an invitation, its first opening and its first page sent are
 * marked on the invitation. One cheap update each, a no-op once set (and for links without one).
 */

export async function markInvitationOpened(svc: Services, personalLinkId: string): Promise<void> {
  await svc.db.updateTable('invitations').set({ opened_at: svc.now() }).where('personal_link_id', '=', personalLinkId).where('opened_at', 'is', null).execute();
}

export async function markInvitationStarted(svc: Services, personalLinkId: string): Promise<void> {
  const now = svc.now();
  await svc.db
    .updateTable('invitations')
    .set((eb) => ({ started_at: now, opened_at: eb.fn.coalesce('opened_at', eb.val(now)) }))
    .where('personal_link_id', '=', personalLinkId)
    .where('started_at', 'is', null)
    .execute();
}
