import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMime } from './mime.ts';
import { SmtpSession, type SmtpTarget } from './smtp-client.ts';

/**
 * The SMTP client against a real SMTP server: pipelined and one command at a time, a message whose
 * lines start with dots, STARTTLS with a private certificate authority, AUTH PLAIN and LOGIN, and a
 * refused login.
 */

interface Received {
  raw: string;
  secure: boolean;
  user: string | undefined;
}

const servers: SMTPServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function server(opts: Partial<SMTPServerOptions>): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const srv = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    ...opts,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure, user: typeof session.user === 'string' ? session.user : undefined });
        callback(null);
      });
    },
  });
  srv.on('error', () => {});
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const address = srv.server.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return { port: address.port, received };
}

const message = (text: string) =>
  buildMime({ from: 'Corridor <no-reply@corridor.test>', to: 'ana@example.test', subject: 'Über uns', html: `<p>${text}</p>`, text, headers: {}, messageId: '<m1@corridor.test>', date: new Date('2026-12-01T10:00:00Z') });

async function sendOne(target: SmtpTarget, raw: Buffer): Promise<SmtpSession> {
  const session = await SmtpSession.open(target, 'corridor.test');
  const pending = await session.begin({ from: 'no-reply@corridor.test', to: ['ana@example.test'] }, raw);
  await pending.commit();
  return session;
}

describe('the SMTP client', () => {
  it('sends pipelined and one command at a time, and keeps lines that start with a dot', async () => {
    for (const hidePIPELINING of [false, true]) {
      const { port, received } = await server({ hidePIPELINING });
      const raw = Buffer.from('Subject: dots\r\n\r\n.leading dot\r\n..two\r\nend\r\n');
      const session = await sendOne({ host: '127.0.0.1', port, secure: false, auth: null }, raw);
      // A second message on the same connection.
      const second = await session.begin({ from: 'no-reply@corridor.test', to: ['bo@example.test'] }, message('second'));
      await second.commit();
      await session.quit();
      expect(received).toHaveLength(2);
      expect(received[0]?.raw).toContain('\r\n.leading dot\r\n..two\r\nend\r\n');
      expect(received[1]?.raw).toContain('Subject: =?UTF-8?B?');
    }
  });

  it('delivers nothing when the message is abandoned before its last line', async () => {
    const { port, received } = await server({});
    const session = await SmtpSession.open({ host: '127.0.0.1', port, secure: false, auth: null }, 'corridor.test');
    const pending = await session.begin({ from: 'no-reply@corridor.test', to: ['ana@example.test'] }, message('dropped'));
    pending.abort();
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(0);
    expect(session.usable).toBe(false);
  });

  it('logs in with PLAIN or LOGIN, and says so when the password is wrong', async () => {
    for (const method of ['PLAIN', 'LOGIN']) {
      const { port, received } = await server({
        disabledCommands: ['STARTTLS'],
        authOptional: false,
        allowInsecureAuth: true,
        authMethods: [method],
        onAuth(auth, _session, callback) {
          if (auth.username === 'corridor' && auth.password === 's3cret:!') callback(null, { user: auth.username });
          else callback(new Error('Invalid username or password'));
        },
      });
      await (await sendOne({ host: '127.0.0.1', port, secure: false, auth: { user: 'corridor', pass: 's3cret:!' } }, message('hello'))).quit();
      expect(received.map((r) => r.user)).toEqual(['corridor']);
      await expect(SmtpSession.open({ host: '127.0.0.1', port, secure: false, auth: { user: 'corridor', pass: 'wrong' } }, 'corridor.test')).rejects.toThrow(/login/);
    }
  });

  let hasOpenssl = true;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    hasOpenssl = false;
    console.warn('[corridor] STARTTLS test SKIPPED: no openssl to make a test certificate');
  }

  it.skipIf(!hasOpenssl)('upgrades to TLS with STARTTLS and checks the certificate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corridor-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      const key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
      const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      const { port, received } = await server({ disabledCommands: ['AUTH'], key, cert });
      const session = await sendOne({ host: 'localhost', port, secure: false, auth: null, ca: cert }, message('over TLS'));
      expect(session.encrypted).toBe(true);
      await session.quit();
      expect(received.map((r) => r.secure)).toEqual([true]);
      // Without the authority the certificate is refused: no message goes out unencrypted instead.
      await expect(SmtpSession.open({ host: 'localhost', port, secure: false, auth: null }, 'corridor.test')).rejects.toThrow();
      expect(received).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
