import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { addressOf, buildMime, type InlineImage } from './mime.ts';
import { SmtpReplyError, SmtpSession, type SmtpTarget } from './smtp-client.ts';

/**
 * Sending mail at most once and, barring a crash in a window of microseconds, exactly once
 * (docs/decisions/0006-exactly-once-mail.md): the whole message goes to the SMTP server except its
 * final "." line; then `confirm` records the sender's claim as sent; only then does the "." go out. A sender
 * that dies before it leaves a connection closed mid-DATA, and the server discards the message
 * (RFC 5321 §4.1.1.4). With no SMTP server configured, messages are kept in `outbox_messages`.
 */

export interface OutgoingMessage {
  to: string;
  from?: string;
  subject: string;
  html: string;
  text: string;
  /** List-Unsubscribe and the like. */
  headers: Record<string, string>;
  /** '<uuid@host>' */
  messageId: string;
  kind: 'invitation' | 'reminder' | 'owner_notice' | 'notice' | 'case_notice' | 'digest';
  companyId: string | null;
  invitationId: string | null;
  /** Images the HTML shows by cid: (charts); the outbox keeps only the HTML and text. */
  images?: readonly InlineImage[];
}

export type Delivery = 'sent' | 'abandoned';

export interface Mailer {
  kind: 'smtp' | 'outbox';
  /**
   * Sends one message at most once and, barring a crash in a window of microseconds, exactly once.
   * `confirm` runs after the whole message has reached the SMTP server except its final "." line;
   * it returns false to abandon the message (nothing is delivered). Over SMTP it is given the
   * database itself, so its change must be atomic on its own (one statement) — which lets callers
   * confirm many messages in one statement; in outbox mode it is given the transaction that also
   * inserts the outbox row.
   * Resolves 'sent' when the server accepted the message, 'abandoned' when confirm said no;
   * rejects with MailError { permanent: boolean, response } when the server refused it.
   */
  deliver(msg: OutgoingMessage, confirm: (tx: Db) => Promise<boolean>): Promise<Delivery>;
  close(): Promise<void>;
}

/** The server refused the message (permanent: a 5xx reply) or could not be reached (not permanent). */
export class MailError extends Error {
  override name = 'MailError';
  readonly permanent: boolean;
  readonly response: string;
  readonly responseCode: number | null;
  constructor(message: string, opts: { permanent: boolean; response?: string; responseCode?: number | null }) {
    super(message);
    this.permanent = opts.permanent;
    this.response = opts.response ?? '';
    this.responseCode = opts.responseCode ?? null;
  }
}

export interface MailerOptions {
  smtpUrl: string | null;
  from: string;
  pool: number;
  db: Db;
  log: Logger;
  /** The name this client gives in EHLO (the host of the base URL). */
  heloName?: string;
}

export function createMailer(opts: MailerOptions): Mailer {
  return opts.smtpUrl ? createSmtpMailer(opts.smtpUrl, opts) : createOutboxMailer(opts);
}

/** The message's MIME source and SMTP envelope. */
function compose(msg: OutgoingMessage, defaultFrom: string): { raw: Buffer; envelope: { from: string; to: string[] } } {
  const from = msg.from ?? defaultFrom;
  const raw = buildMime({ from, to: msg.to, subject: msg.subject, html: msg.html, text: msg.text, headers: msg.headers, messageId: msg.messageId, date: new Date(), ...(msg.images ? { images: msg.images } : {}) });
  return { raw, envelope: { from: addressOf(from), to: [addressOf(msg.to)] } };
}

/** The outbox shows mail in the app, which cannot follow cid: links: the images go into the HTML as data: URLs. */
function withDataImages(html: string, images: readonly InlineImage[]): string {
  let out = html;
  for (const img of images) out = out.split(`cid:${img.cid}`).join(`data:${img.contentType};base64,${img.content.toString('base64')}`);
  return out;
}

function createOutboxMailer(opts: MailerOptions): Mailer {
  return {
    kind: 'outbox',
    async deliver(msg, confirm) {
      return opts.db.transaction().execute(async (tx) => {
        if (!(await confirm(tx))) return 'abandoned';
        await tx
          .insertInto('outbox_messages')
          .values({
            company_id: msg.companyId,
            kind: msg.kind,
            invitation_id: msg.invitationId,
            from_address: msg.from ?? opts.from,
            to_address: msg.to,
            subject: msg.subject,
            html: withDataImages(msg.html, msg.images ?? []),
            text: msg.text,
            headers: JSON.stringify(msg.headers),
            message_id: msg.messageId,
          })
          .execute();
        return 'sent' as const;
      });
    },
    async close() {},
  };
}

/** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
export function parseSmtpUrl(url: string): SmtpTarget {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(u.password) } : null,
  };
}

function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  if (err instanceof SmtpReplyError) {
    return new MailError(err.message, { permanent: err.code !== null && err.code >= 500 && err.code < 600, response: err.message, responseCode: err.code });
  }
  return new MailError(err instanceof Error ? err.message : String(err), { permanent: false });
}

function createSmtpMailer(url: string, opts: MailerOptions): Mailer {
  const target = parseSmtpUrl(url);
  const size = Math.max(1, opts.pool);
  const name = opts.heloName ?? 'localhost';
  const idle: SmtpSession[] = [];
  const waiting: ((c: SmtpSession | Error) => void)[] = [];
  let open = 0;
  let closed = false;

  const connect = async (): Promise<SmtpSession> => {
    try {
      return await SmtpSession.open(target, name);
    } catch (err) {
      opts.log.warn({ err }, 'SMTP connection failed');
      throw toMailError(err);
    }
  };

  const acquire = async (): Promise<SmtpSession> => {
    if (closed) throw new MailError('the mailer is closed', { permanent: false });
    for (let c = idle.pop(); c; c = idle.pop()) {
      if (c.usable) return c;
      open--;
    }
    if (open < size) {
      open++;
      try {
        return await connect();
      } catch (err) {
        open--;
        throw err;
      }
    }
    const got = await new Promise<SmtpSession | Error>((resolve) => waiting.push(resolve));
    if (got instanceof Error) throw got;
    return got;
  };

  const release = (conn: SmtpSession) => {
    if (!conn.usable || closed) {
      conn.close();
      open--;
      // A waiter gets a fresh connection in place of the one dropped.
      const next = waiting.shift();
      if (next) {
        open++;
        connect().then(next, (err: Error) => {
          open--;
          next(err);
        });
      }
      return;
    }
    const next = waiting.shift();
    if (next) next(conn);
    else idle.push(conn);
  };

  return {
    kind: 'smtp',
    async deliver(msg, confirm) {
      const { raw, envelope } = compose(msg, opts.from);
      const conn = await acquire();
      try {
        let pending;
        try {
          // Everything but the terminating "." is at the server (or on its way, out of this process).
          pending = await conn.begin(envelope, raw);
        } catch (err) {
          throw toMailError(err);
        }
        let ok: boolean;
        try {
          ok = await confirm(opts.db);
        } catch (err) {
          pending.abort();
          throw err;
        }
        if (!ok) {
          // The connection closes mid-DATA, so the server discards what it has of the message.
          pending.abort();
          return 'abandoned';
        }
        try {
          await pending.commit();
        } catch (err) {
          throw toMailError(err);
        }
        return 'sent';
      } finally {
        release(conn);
      }
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w(new MailError('the mailer is closed', { permanent: false }));
      await Promise.all(
        idle.splice(0).map(async (c) => {
          open--;
          await c.quit();
        }),
      );
    },
  };
}
