import { randomBytes } from 'node:crypto';

/**
 * The MIME source of one of Corridor's messages, built in one pass into one buffer: headers, then a
 * multipart/alternative of the plain-text and HTML parts, each base64-encoded. Base64 keeps every
 * body line short and free of leading dots (no dot-stuffing is needed) and costs a native call,
 * where a general composer's quoted-printable encoding and streaming cost more than the rest of a
 * send (see docs/decisions/0007-lean-mime.md). A message with inline images (charts in a digest)
 * wraps the alternative in a multipart/related whose other parts are the images, each named by its
 * Content-ID so the HTML shows it as `<img src="cid:…">`. Only what Corridor sends is supported.
 */

/** An image shown in the HTML part by `cid:<cid>`. */
export interface InlineImage {
  /** The Content-ID without angle brackets, e.g. "trend@corridor"; the HTML refers to it as cid:trend@corridor. */
  cid: string;
  contentType: 'image/png';
  filename: string;
  content: Buffer;
}

export interface MimeInput {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Readonly<Record<string, string>>;
  messageId: string;
  date: Date;
  images?: readonly InlineImage[];
}

const NON_ASCII = /[^\x20-\x7e]/;

/** A header value on one line: no line breaks (they would inject headers). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** An RFC 2047 encoded word for text with characters beyond printable ASCII, split so each stays under 76 characters. */
function encodeWords(value: string): string {
  const text = oneLine(value);
  if (!NON_ASCII.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 bytes of UTF-8 encode to 60 base64 characters: with the 12 of the frame, a word stays under 76.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** "Name <address>" with the name encoded when it needs to be; a bare address stays bare. */
function encodeMailbox(mailbox: string): string {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(oneLine(mailbox));
  if (!m) return oneLine(mailbox).trim();
  const [, name = '', address = ''] = m;
  if (!name) return `<${address}>`;
  const unquoted = name.replace(/^"(.*)"$/, '$1');
  return NON_ASCII.test(unquoted) ? `${encodeWords(unquoted)} <${address}>` : `"${unquoted.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** The address inside a mailbox, for the SMTP envelope. */
export function addressOf(mailbox: string): string {
  return /<([^<>\s]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

/** An RFC 5322 date: "Tue, 01 Dec 2026 22:00:00 +0000". */
function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Lines(body: string | Buffer): string {
  const b64 = (typeof body === 'string' ? Buffer.from(body, 'utf8') : body).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** A Content-ID or file name safe inside a header: no brackets, quotes, spaces or line breaks. */
const headerToken = (v: string) => v.replace(/[^\w.@+-]/g, '');

export function buildMime(m: MimeInput): Buffer {
  const boundary = `=_corridor_${randomBytes(12).toString('hex')}`;
  const images = m.images ?? [];
  const related = images.length > 0 ? `=_corridor_r_${randomBytes(12).toString('hex')}` : null;
  const head = [
    `From: ${encodeMailbox(m.from)}`,
    `To: ${encodeMailbox(m.to)}`,
    `Subject: ${encodeWords(m.subject)}`,
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: ${oneLine(m.messageId)}`,
    'MIME-Version: 1.0',
    ...Object.entries(m.headers).map(([k, v]) => `${k.replace(/[^\x21-\x39\x3b-\x7e]/g, '')}: ${encodeWords(v)}`),
    related ? `Content-Type: multipart/related; type="multipart/alternative"; boundary="${related}"` : `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  const alternative = `${part('text/plain', m.text)}${part('text/html', m.html)}--${boundary}--\r\n`;
  if (!related) return Buffer.from(`${head.join('\r\n')}\r\n\r\n${alternative}`, 'utf8');
  const imageParts = images.map((img) => {
    const name = headerToken(img.filename);
    return (
      `--${related}\r\nContent-Type: ${img.contentType}; name="${name}"\r\nContent-Transfer-Encoding: base64\r\n` +
      `Content-ID: <${headerToken(img.cid)}>\r\nContent-Disposition: inline; filename="${name}"\r\n\r\n${base64Lines(img.content)}\r\n`
    );
  });
  return Buffer.from(
    `${head.join('\r\n')}\r\n\r\n--${related}\r\nContent-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n${alternative}${imageParts.join('')}--${related}--\r\n`,
    'utf8',
  );
}
