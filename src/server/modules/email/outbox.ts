import { OutboxQuerySchema, type OutboxMessage, type OutboxPage, type OutboxQuery } from '../../../contract/email.ts';
import type { Services } from '../../context.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';

/** The outbox: mail held because no SMTP server is set, for the actor's company, newest first. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function companyOf(actor: Actor): string {
  return actor.unitPath.split('/')[1] ?? '';
}

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

function presentItem(r: Row) {
  return { id: r.id, kind: r.kind, to: r.to_address, from: r.from_address, subject: r.subject, invitationId: r.invitation_id, messageId: r.message_id, createdAt: r.created_at.toISOString() };
}

/** A page cursor: the last row's time and id. */
function cursorOf(r: Row): string {
  return Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url');
}

function readCursor(c: string): { at: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const date = new Date(at);
  if (!UUID.test(id) || Number.isNaN(date.getTime())) throw new ValidationError('The page cursor is not valid', [{ path: 'before', message: 'Use the `next` of the previous page' }]);
  return { at: date, id };
}

export async function listOutbox(svc: Services, actor: Actor, raw: OutboxQuery): Promise<OutboxPage> {
  authorize(actor, 'outbox.read');
  const q = OutboxQuerySchema.parse(raw);
  let query = svc.db
    .selectFrom('outbox_messages')
    .select(['id', 'kind', 'to_address', 'from_address', 'subject', 'invitation_id', 'message_id', 'created_at'])
    .where('company_id', '=', companyOf(actor))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.before) {
    const c = readCursor(q.before);
    query = query.where((eb) => eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(presentItem), next: rows.length > q.limit && last ? cursorOf(last) : null, mode: svc.mailer.kind };
}

export async function getOutboxMessage(svc: Services, actor: Actor, id: string): Promise<OutboxMessage> {
  authorize(actor, 'outbox.read');
  const row = await svc.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).where('company_id', '=', companyOf(actor)).executeTakeFirst();
  if (!row) throw new NotFoundError('The message');
  return { ...presentItem(row), html: row.html, text: row.text, headers: row.headers };
}
