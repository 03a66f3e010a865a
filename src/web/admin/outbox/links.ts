/**
 * The links of a held message, read from its HTML, so the Outbox can show them as text beside the
 * sandboxed preview (where links do nothing): the survey link, the answer links of a question asked
 * in the email (`pick=`), the unsubscribe link, and any other web link.
 */

export type LinkKind = 'survey' | 'answer' | 'unsubscribe' | 'other';

export interface MessageLink {
  url: string;
  /** The link's words in the message (several when one address appears more than once). */
  labels: string[];
  kind: LinkKind;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Undoes HTML character references: named (the common few), decimal and hexadecimal. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function kindOf(url: URL): LinkKind {
  if (url.pathname.startsWith('/u/')) return 'unsubscribe';
  if (url.pathname.startsWith('/s/')) return url.searchParams.has('pick') ? 'answer' : 'survey';
  return 'other';
}

/** Web links (http and https only) of a message's HTML, in order of first appearance, each once. */
export function linksOf(html: string): MessageLink[] {
  const byUrl = new Map<string, MessageLink>();
  for (const m of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)) {
    const attrs = m[1] ?? '';
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
    const raw = decodeEntities((href?.[1] ?? href?.[2] ?? '').trim());
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    const words = decodeEntities((m[2] ?? '').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
    const aria = /\baria-label\s*=\s*"([^"]*)"/i.exec(attrs)?.[1];
    const label = words || (aria ? decodeEntities(aria) : '');
    const link = byUrl.get(raw) ?? { url: raw, labels: [], kind: kindOf(url) };
    if (label && !link.labels.includes(label)) link.labels.push(label);
    byUrl.set(raw, link);
  }
  return [...byUrl.values()];
}

/** The headers worth reading first, then the rest alphabetically. */
export function orderHeaders(headers: Readonly<Record<string, string>>): [string, string][] {
  const first = ['list-unsubscribe', 'list-unsubscribe-post'];
  const rank = (k: string) => {
    const i = first.indexOf(k.toLowerCase());
    return i === -1 ? first.length : i;
  };
  return Object.entries(headers).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
