import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { EmailEventsSchema, type EmailEventsInput, type EmailEventsResult } from '../../../contract/email.ts';
import type { Services } from '../../context.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';

/**
 * Bounces and complaints from the mail provider. A hard bounce or a complaint is final: the contact
 * policy never invites that contact again; the third soft bounce counts as hard. Each event is kept
 * once (a webhook retried changes nothing); an address that is no contact is counted, not refused.
 */

/** Soft bounces of one contact that make the address count as bad. */
export const SOFT_BOUNCES_TO_HARD = 3;

function dedupeKey(e: EmailEventsInput['events'][number], email: string, at: string): string {
  return createHash('sha256').update(JSON.stringify([e.type, e.bounceType ?? null, email, e.messageId ?? null, at])).digest('base64url');
}

export async function recordEmailEvents(svc: Services, actor: Actor, raw: EmailEventsInput): Promise<EmailEventsResult> {
  authorize(actor, 'email.events');
  const input = EmailEventsSchema.parse(raw);
  const companyId = actor.unitPath.split('/')[1] ?? '';
  const result: EmailEventsResult = { received: input.events.length, applied: 0, duplicates: 0, unknown: 0 };
  const now = svc.now();
  await svc.db.transaction().execute(async (tx) => {
    for (const e of input.events) {
      const email = e.email.trim().toLowerCase();
      // Without its own time, an event's identity is its content: a retry of it is the same event.
      const at = e.at ? new Date(e.at) : null;
      const contact = await tx
        .selectFrom('contacts')
        .select(['id', 'bounce_state', 'unit_id'])
        .where('company_id', '=', companyId)
        .where(sql<string>`lower(email)`, '=', email)
        .executeTakeFirst();
      const inserted = await tx
        .insertInto('email_events')
        .values({
          company_id: companyId,
          contact_id: contact?.id ?? null,
          type: e.type,
          bounce_type: e.type === 'bounce' ? (e.bounceType ?? 'hard') : null,
          email,
          message_id: e.messageId ?? null,
          occurred_at: at ?? now,
          dedupe_key: dedupeKey(e, email, at ? at.toISOString() : ''),
        })
        .onConflict((oc) => oc.columns(['company_id', 'dedupe_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        result.duplicates++;
        continue;
      }
      if (e.messageId && e.type === 'bounce') {
        await tx.updateTable('invitations').set({ bounced_at: at ?? now }).where('company_id', '=', companyId).where('message_id', '=', e.messageId).where('bounced_at', 'is', null).execute();
      }
      if (!contact) {
        result.unknown++;
        continue;
      }
      const state = await nextBounceState(tx, contact.id, contact.bounce_state, e.type === 'complaint' ? 'complaint' : (e.bounceType ?? 'hard'));
      await tx.updateTable('contacts').set({ bounce_state: state, bounced_at: at ?? now, updated_at: now }).where('id', '=', contact.id).execute();
      await recordAudit(tx, actor, { action: `contact.${e.type}`, entityType: 'contact', entityId: contact.id, unitId: contact.unit_id, details: { bounceType: e.bounceType ?? null, messageId: e.messageId ?? null, state } });
      result.applied++;
    }
  });
  return result;
}

type BounceState = 'none' | 'soft' | 'hard' | 'complaint';

/** A complaint outranks everything, a hard bounce all but a complaint; soft bounces add up to hard. */
async function nextBounceState(tx: Services['db'], contactId: string, current: BounceState, event: 'complaint' | 'hard' | 'soft'): Promise<BounceState> {
  if (current === 'complaint' || event === 'complaint') return 'complaint';
  if (current === 'hard' || event === 'hard') return 'hard';
  const row = await tx
    .selectFrom('email_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contact_id', '=', contactId)
    .where('type', '=', 'bounce')
    .where('bounce_type', '=', 'soft')
    .executeTakeFirstOrThrow();
  return Number(row.n) >= SOFT_BOUNCES_TO_HARD ? 'hard' : 'soft';
}
