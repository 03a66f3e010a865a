import net from 'node:net';
import tls from 'node:tls';

/**
 * A small SMTP client (RFC 5321) for one thing: handing a ready-made message to a server in two
 * steps — everything but the final "." line, then, once the sender has confirmed in its database,
 * the "." — with PIPELINING (RFC 2920) so a message costs two writes and two waits instead of
 * five. STARTTLS (RFC 3207) when the server offers it, TLS from the start for smtps://, AUTH PLAIN
 * or LOGIN (RFC 4954). Why not nodemailer's client: docs/decisions/0007-lean-smtp.md.
 */

export interface SmtpTarget {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** A private certificate authority (PEM) to trust besides the system's, for a relay inside a company. */
  ca?: string;
}

export interface SmtpReply {
  code: number;
  text: string;
}

/** A reply that refused what was asked: 5xx permanent, 4xx temporary; also a lost connection (temporary). */
export class SmtpReplyError extends Error {
  override name = 'SmtpReplyError';
  readonly code: number | null;
  constructor(message: string, code: number | null) {
    super(message);
    this.code = code;
  }
}

/** A message at the server but for its last line. */
export interface PendingMessage {
  /** Sends the final "." and resolves when the server accepted the message. */
  commit(): Promise<void>;
  /** Drops the connection mid-DATA: the server discards the message. */
  abort(): void;
}

const TIMEOUT_MS = 60_000;

export class SmtpSession {
  private socket: net.Socket;
  private buffer = '';
  private lines: string[] = [];
  private waiters: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void }[] = [];
  /** Replies that arrived before anyone asked for them (the greeting, for one). */
  private early: SmtpReply[] = [];
  private failure: Error | null = null;
  private extensions = new Set<string>();
  private authMethods = new Set<string>();

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects, greets, upgrades to TLS when offered, and logs in when the target has credentials. */
  static async open(target: SmtpTarget, name: string): Promise<SmtpSession> {
    const socket = await connectSocket(target);
    const session = new SmtpSession(socket);
    try {
      await session.expect(session.read(), [220], 'greeting');
      await session.ehlo(name);
      if (!target.secure && session.extensions.has('STARTTLS')) {
        await session.expect(session.command('STARTTLS'), [220], 'STARTTLS');
        await session.upgrade(target);
        await session.ehlo(name);
      }
      if (target.auth) await session.login(target.auth);
      return session;
    } catch (err) {
      session.close();
      throw err;
    }
  }

  get usable(): boolean {
    return this.failure === null && !this.socket.destroyed;
  }

  /**
   * Sends the envelope and the message (dot-stuffed, ending with a line break) but not the final
   * ".", and resolves once every byte of it has left this process.
   */
  async begin(envelope: { from: string; to: readonly string[] }, raw: Buffer): Promise<PendingMessage> {
    const commands = [`MAIL FROM:<${envelope.from}>`, ...envelope.to.map((t) => `RCPT TO:<${t}>`), 'DATA'];
    const replies: Promise<SmtpReply>[] = [];
    if (this.extensions.has('PIPELINING')) {
      for (let i = 0; i < commands.length; i++) replies.push(this.read());
      this.socket.write(commands.map((c) => `${c}\r\n`).join(''));
    } else {
      for (const c of commands) {
        const reply = this.command(c);
        replies.push(reply);
        if ((await reply).code >= 400) break;
      }
    }
    const settled = await Promise.all(replies);
    const refused = settled.find((r, i) => (i === commands.length - 1 ? r.code !== 354 : r.code >= 300));
    if (refused || settled.length < commands.length) {
      const r = refused ?? settled[settled.length - 1];
      // The transaction is void; the connection stays in step after a reset.
      if (!settled.some((x) => x.code === 354)) await this.command('RSET').catch(() => undefined);
      else this.close();
      throw new SmtpReplyError(`The SMTP server refused the message: ${r?.code ?? ''} ${r?.text ?? ''}`.trim(), r?.code ?? null);
    }
    const body = dotStuff(raw);
    await new Promise<void>((resolve, reject) => this.socket.write(body, (err) => (err ? reject(err) : resolve())));
    let done = false;
    return {
      commit: async () => {
        done = true;
        await this.expect(this.command('.'), [250], 'the message');
      },
      abort: () => {
        if (!done) this.close();
      },
    };
  }

  async quit(): Promise<void> {
    if (!this.usable) return;
    await this.command('QUIT').catch(() => undefined);
    this.close();
  }

  close(): void {
    this.fail(new SmtpReplyError('The SMTP connection was closed', null));
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    // Small writes (a command, the final ".") go out at once: Nagle's wait for an acknowledgement
    // meets the server's delayed acknowledgement and costs tens of milliseconds a message.
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.setTimeout(TIMEOUT_MS, () => {
      this.fail(new SmtpReplyError('The SMTP server did not answer in time', null));
      socket.destroy();
    });
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (err) => this.fail(new SmtpReplyError(`SMTP connection error: ${err.message}`, null)));
    socket.on('close', () => this.fail(new SmtpReplyError('The SMTP server closed the connection', null)));
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.lines.push(line);
      // "250-..." continues a reply, "250 ..." ends it.
      if (line.length < 4 || line[3] !== '-') {
        const text = this.lines.map((l) => l.slice(4)).join('\n');
        this.lines = [];
        const reply = { code: Number(line.slice(0, 3)) || 0, text };
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(reply);
        else this.early.push(reply);
      }
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
  }

  private read(): Promise<SmtpReply> {
    const early = this.early.shift();
    if (early) return Promise.resolve(early);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private command(line: string): Promise<SmtpReply> {
    const reply = this.read();
    if (!this.failure) this.socket.write(`${line}\r\n`);
    return reply;
  }

  private async expect(reply: Promise<SmtpReply>, codes: readonly number[], what: string): Promise<SmtpReply> {
    const r = await reply;
    if (!codes.includes(r.code)) throw new SmtpReplyError(`The SMTP server refused ${what}: ${r.code} ${r.text}`, r.code);
    return r;
  }

  private async ehlo(name: string): Promise<void> {
    const r = await this.expect(this.command(`EHLO ${name}`), [250], 'EHLO');
    this.extensions.clear();
    this.authMethods.clear();
    for (const line of r.text.split('\n').slice(1)) {
      const [keyword = '', ...params] = line.trim().toUpperCase().split(/\s+/);
      this.extensions.add(keyword);
      if (keyword === 'AUTH') for (const p of params) this.authMethods.add(p);
    }
  }

  /** Whether the connection is encrypted (TLS from the start, or after STARTTLS). */
  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  private async upgrade(target: SmtpTarget): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.setTimeout(0);
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ...tlsOptions(target) }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
  }

  private async login(auth: { user: string; pass: string }): Promise<void> {
    if (this.authMethods.has('PLAIN') || !this.authMethods.has('LOGIN')) {
      const token = Buffer.from(`\0${auth.user}\0${auth.pass}`).toString('base64');
      await this.expect(this.command(`AUTH PLAIN ${token}`), [235], 'the login');
      return;
    }
    await this.expect(this.command('AUTH LOGIN'), [334], 'the login');
    await this.expect(this.command(Buffer.from(auth.user).toString('base64')), [334], 'the login');
    await this.expect(this.command(Buffer.from(auth.pass).toString('base64')), [235], 'the login');
  }
}

function tlsOptions(target: SmtpTarget): tls.ConnectionOptions {
  return { servername: net.isIP(target.host) ? undefined : target.host, ...(target.ca ? { ca: [...tls.rootCertificates, target.ca] } : {}) };
}

function connectSocket(target: SmtpTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new SmtpReplyError(`Cannot reach the SMTP server ${target.host}:${target.port}: ${err.message}`, null));
    const socket = target.secure
      ? tls.connect({ host: target.host, port: target.port, ...tlsOptions(target) }, () => resolve(socket))
      : net.connect({ host: target.host, port: target.port }, () => resolve(socket));
    socket.once('error', onError);
    socket.once('connect', () => socket.off('error', onError));
    socket.setTimeout(15_000, () => socket.destroy(new Error('timed out connecting')));
  });
}

/** The message as DATA carries it: lines starting with "." doubled, ending with a line break. */
function dotStuff(raw: Buffer): Buffer {
  if (raw[0] !== 0x2e && raw.indexOf('\n.') < 0 && raw.subarray(-2).toString() === '\r\n') return raw;
  let text = raw.toString('utf8');
  if (text.startsWith('.') || text.includes('\n.')) text = text.replace(/(^|\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(text, 'utf8');
}
