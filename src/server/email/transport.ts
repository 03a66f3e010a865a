import { PassThrough } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';

/**
 * Sending mail at most once and, barring a crash in a window of microseconds, exactly once
 * (docs/decisions/0006-exactly-once-mail.md): the whole message goes to the SMTP server except its
 * final "." line; then `confirm` commits the sender's claim; only then does the "." go out. A sender
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
  kind: 'invitation' | 'reminder' | 'owner_notice' | 'notice';
  companyId: string | null;
  invitationId: string | null;
}

export type Delivery = 'sent' | 'abandoned';

export interface Mailer {
  kind: 'smtp' | 'outbox';
  /**
   * Sends one message at most once and, barring a crash in a window of microseconds, exactly once.
   * `confirm` runs in a database transaction after the whole message has reached the SMTP server
   * except its final "." line; it returns false to abandon the message (nothing is delivered).
   * In outbox mode the outbox row is inserted in the same transaction as `confirm`.
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
}

export function createMailer(opts: MailerOptions): Mailer {
  return opts.smtpUrl ? createSmtpMailer(opts.smtpUrl, opts) : createOutboxMailer(opts);
}

/** The message's MIME source and SMTP envelope. */
async function compose(msg: OutgoingMessage, defaultFrom: string): Promise<{ raw: Buffer; envelope: { from: string; to: string[] } }> {
  const mail = new MailComposer({
    from: msg.from ?? defaultFrom,
    to: msg.to,
    subject: msg.subject,
    html: msg.html,
    text: msg.text,
    headers: msg.headers,
    messageId: msg.messageId,
  }).compile();
  mail.keepBcc = false;
  const envelope = mail.getEnvelope();
  const raw = await mail.build();
  return { raw, envelope: { from: envelope.from || '', to: envelope.to } };
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
            html: msg.html,
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

interface SmtpTarget {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | null;
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

interface NodemailerError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
}

function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  const e = err as NodemailerError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  return new MailError(e.message ?? String(err), { permanent: code !== null && code >= 500 && code < 600, response: e.response ?? '', responseCode: code });
}

/** Resolves once the socket has handed every byte written so far to the operating system. */
async function flushed(conn: SMTPConnection, source: PassThrough, stop: () => boolean): Promise<void> {
  // The connection's socket is not part of its typed surface; without it we could only wait less.
  const socket = (conn as unknown as { _socket?: { writableLength: number; destroyed: boolean } })._socket;
  while (!stop() && (source.readableLength > 0 || (socket && !socket.destroyed && socket.writableLength > 0))) {
    await new Promise((r) => setImmediate(r));
  }
}

function createSmtpMailer(url: string, opts: MailerOptions): Mailer {
  const target = parseSmtpUrl(url);
  const size = Math.max(1, opts.pool);
  const idle: SMTPConnection[] = [];
  const waiting: ((c: SMTPConnection | Error) => void)[] = [];
  let open = 0;
  let closed = false;

  const connect = (): Promise<SMTPConnection> =>
    new Promise((resolve, reject) => {
      const conn = new SMTPConnection({ host: target.host, port: target.port, secure: target.secure, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000, socketCloseTimeout: 0 });
      let settled = false;
      conn.on('error', (err: Error) => {
        opts.log.warn({ err }, 'SMTP connection error');
        if (!settled) {
          settled = true;
          reject(toMailError(err));
        }
      });
      conn.connect(() => {
        const ready = () => {
          settled = true;
          resolve(conn);
        };
        if (!target.auth) return ready();
        conn.login(target.auth, (err) => {
          if (err) {
            settled = true;
            conn.close();
            return reject(toMailError(err));
          }
          ready();
        });
      });
    });

  const acquire = async (): Promise<SMTPConnection> => {
    if (closed) throw new MailError('the mailer is closed', { permanent: false });
    const c = idle.pop();
    if (c) return c;
    if (open < size) {
      open++;
      try {
        return await connect();
      } catch (err) {
        open--;
        throw err;
      }
    }
    const got = await new Promise<SMTPConnection | Error>((resolve) => waiting.push(resolve));
    if (got instanceof Error) throw got;
    return got;
  };

  const release = (conn: SMTPConnection, healthy: boolean) => {
    if (!healthy || closed) {
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
      const { raw, envelope } = await compose(msg, opts.from);
      const conn = await acquire();
      const source = new PassThrough();
      let healthy = true;
      try {
        return await new Promise<Delivery>((resolve, reject) => {
          // 'open' until confirm answers; 'ended' once the final "." may go; 'over' when settled otherwise.
          let state: 'open' | 'ended' | 'over' = 'open';
          conn.send(envelope, source, (err) => {
            if (state === 'ended' && !err) return resolve('sent');
            if (state === 'over') return;
            state = 'over';
            healthy = false;
            reject(toMailError(err ?? new Error('the SMTP server closed the message')));
          });
          // Everything but the terminating ".": the connection's data stream adds it when the source ends.
          source.write(raw);
          void flushed(conn, source, () => state !== 'open')
            .then(async () => (state === 'open' ? opts.db.transaction().execute((tx) => confirm(tx)) : null))
            .then(
              (ok) => {
                if (ok === null || state !== 'open') return;
                if (ok) {
                  state = 'ended';
                  source.end();
                  return;
                }
                state = 'over';
                healthy = false;
                // The connection closes mid-DATA, so the server discards what it has of the message.
                conn.close();
                resolve('abandoned');
              },
              (err: unknown) => {
                if (state !== 'open') return;
                state = 'over';
                healthy = false;
                conn.close();
                reject(err instanceof Error ? err : new Error(String(err)));
              },
            );
        });
      } finally {
        release(conn, healthy);
      }
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w(new MailError('the mailer is closed', { permanent: false }));
      for (const c of idle.splice(0)) {
        c.quit();
        open--;
      }
    },
  };
}
