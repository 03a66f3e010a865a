import { randomUUID } from 'node:crypto';

/** Headers of a message its recipient can leave with one click (RFC 2369, RFC 8058). */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** A new Message-ID ('<uuid@host>') for mail from a Corridor at this base URL. */
export function newMessageId(baseUrl: string): string {
  const host = new URL(baseUrl).hostname || 'corridor.invalid';
  return `<${randomUUID()}@${host}>`;
}
