import { OutboxQuerySchema, type OutboxMessage, type OutboxPage, type OutboxQuery } from '../../../contract/email.ts';
import type { Services } from '../../context.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/** The outbox: mail held because no SMTP server is set, for the actor's company, newest first. */

interface Row {
  id: string;
  kind: string;
  to_address: string;
  from_address: string;
  subject: string;
  invitation_id: string | null;
  message_id: string;
  created_at: Date;
}

interface ListRow extends Row {
  seq: string;
}

function presentItem(r: Row) {
  return { id: r.id, kind: r.kind, to: r.to_address, from: r.from_address, subject: r.subject, invitationId: r.invitation_id, messageId: r.message_id, createdAt: r.created_at.toISOString() };
}

/** A page cursor: the last row's place in the order mail was held in. */
function cursorOf(r: ListRow): string {
  return Buffer.from(String(r.seq)).toString('base64url');
}

function readCursor(c: string): string {
  const seq = Buffer.from(c, 'base64url').toString('utf8');
  if (!/^\d{1,19}$/.test(seq)) throw new ValidationError('The page cursor is not valid', [{ path: 'before', message: 'Use the `next` of the previous page' }]);
  return seq;
}

export async function listOutbox(svc: Services, actor: Actor, raw: OutboxQuery): Promise<OutboxPage> {
  authorize(actor, 'outbox.read');
  const q = OutboxQuerySchema.parse(raw);
  let query = svc.db
    .selectFrom('outbox_messages')
    .select(['id', 'kind', 'to_address', 'from_address', 'subject', 'invitation_id', 'message_id', 'created_at', 'seq'])
    .where('company_id', '=', companyIdOf(actor.unitPath))
    .orderBy('seq', 'desc')
    .limit(q.limit + 1);
  if (q.before) query = query.where('seq', '<', readCursor(q.before));
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(presentItem), next: rows.length > q.limit && last ? cursorOf(last) : null, mode: svc.mailer.kind };
}

export async function getOutboxMessage(svc: Services, actor: Actor, id: string): Promise<OutboxMessage> {
  authorize(actor, 'outbox.read');
  const row = await svc.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).where('company_id', '=', companyIdOf(actor.unitPath)).executeTakeFirst();
  if (!row) throw new NotFoundError('The message');
  return { ...presentItem(row), html: row.html, text: row.text, headers: row.headers };
}
