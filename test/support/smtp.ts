import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server on a free local port (no authentication, no TLS) that records each message it
 * accepted: only messages whose terminating "." arrived count, as with any SMTP server.
 */

export interface ParsedMessage {
  /** The SMTP envelope's recipients. */
  envelopeTo: string[];
  envelopeFrom: string;
  /** The To header's addresses. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header names in lower case; values as sent (List-Unsubscribe keeps its angle brackets). */
  headers: Record<string, string>;
  messageId: string;
  raw: string;
  /** Attachments and inline parts (images), as mailparser reads them. */
  attachments: { contentType: string; cid: string | null; filename: string | null; disposition: string | null; content: Buffer }[];
}

export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpSinkOptions {
  /** Refuse a recipient at RCPT TO with this reply (a 5xx is permanent, a 4xx temporary). */
  rejectRecipient?: (address: string) => SmtpReply | null;
  /** Refuse a message after its final "." with this reply. */
  rejectMessage?: (m: ParsedMessage) => SmtpReply | null;
  /** false: keep only the envelope, Message-ID and raw source, for many messages fast. Default true. */
  parse?: boolean;
  /** false: do not keep each message's source (a benchmark's hundred thousand messages). Default true. */
  keepRaw?: boolean;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMessage[];
  /** Resolves with the messages once at least n have been accepted. */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMessage[]>;
  close(): Promise<void>;
}

function replyError(r: SmtpReply): Error {
  return Object.assign(new Error(r.message), { responseCode: r.code });
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  return list.flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);
}

async function parseMessage(raw: Buffer, envelopeFrom: string, envelopeTo: string[], parse: boolean, keepRaw: boolean): Promise<ParsedMessage> {
  if (!parse) {
    const end = raw.indexOf('\r\n\r\n');
    const head = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
    const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
    return { envelopeTo, envelopeFrom, to: envelopeTo, from: envelopeFrom, subject: '', text: '', html: '', headers: {}, messageId, raw: keepRaw ? raw.toString('utf8') : '', attachments: [] };
  }
  const source = raw.toString('utf8');
  const m = await simpleParser(raw, { skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const line of m.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[line.key] = value;
  }
  return {
    envelopeTo,
    envelopeFrom,
    to: addresses(m.to),
    from: addresses(m.from)[0] ?? '',
    subject: m.subject ?? '',
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : '',
    headers,
    messageId: m.messageId ?? '',
    raw: source,
    attachments: m.attachments.map((a) => ({ contentType: a.contentType, cid: a.cid ?? null, filename: a.filename ?? null, disposition: a.contentDisposition ?? null, content: a.content })),
  };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ParsedMessage[] = [];
  const waiters: { n: number; resolve: (m: ParsedMessage[]) => void }[] = [];
  const parse = opts.parse !== false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const r = opts.rejectRecipient?.(address.address) ?? null;
      callback(r ? replyError(r) : undefined);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A stream destroyed before its "." (the client went away) never ends: nothing is recorded.
      stream.on('error', () => {});
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        parseMessage(Buffer.concat(chunks), from, to, parse, opts.keepRaw !== false).then(
          (m) => {
            const r = opts.rejectMessage?.(m) ?? null;
            if (r) return callback(replyError(r));
            messages.push(m);
            for (const w of [...waiters]) {
              if (messages.length >= w.n) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(messages.slice());
              }
            }
            callback(null, 'Queued');
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('the SMTP sink has no port');
  const port = address.port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, timeoutMs = 20_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const w = { n, resolve: (m: ParsedMessage[]) => (clearTimeout(timer), resolve(m)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`the SMTP sink received ${messages.length} of ${n} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
