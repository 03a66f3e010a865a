import { sql } from 'kysely';
import { OutboxQuerySchema, type OutboxMessage, type OutboxPage, type OutboxQuery } from '../../../contract/email.ts';
import type { Services } from '../../context.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';

/** The outbox: mail held because no SMTP server is set, for the actor's company, newest first. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A row's time in a cursor: UTC to the microsecond, as stored (a Date keeps milliseconds only). */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

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

interface ListRow extends Row {
  cursor_at: string;
}

function presentItem(r: Row) {
  return { id: r.id, kind: r.kind, to: r.to_address, from: r.from_address, subject: r.subject, invitationId: r.invitation_id, messageId: r.message_id, createdAt: r.created_at.toISOString() };
}

/**
 * A page cursor: the last row's time (to the microsecond, so rows held within one millisecond are
 * neither skipped nor repeated) and id.
 */
function cursorOf(r: ListRow): string {
  return Buffer.from(`${r.cursor_at}|${r.id}`).toString('base64url');
}

function readCursor(c: string): { at: string; id: string } {
  const [at = '', id = ''] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!UUID.test(id) || !CURSOR_TIME.test(at)) throw new ValidationError('The page cursor is not valid', [{ path: 'before', message: 'Use the `next` of the previous page' }]);
  return { at, id };
}

export async function listOutbox(svc: Services, actor: Actor, raw: OutboxQuery): Promise<OutboxPage> {
  authorize(actor, 'outbox.read');
  const q = OutboxQuerySchema.parse(raw);
  let query = svc.db
    .selectFrom('outbox_messages')
    .select(['id', 'kind', 'to_address', 'from_address', 'subject', 'invitation_id', 'message_id', 'created_at'])
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as('cursor_at'))
    .where('company_id', '=', companyOf(actor))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.before) {
    const c = readCursor(q.before);
    const at = sql<Date>`(${c.at}::timestamp at time zone 'UTC')`;
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', c.id)])]));
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
