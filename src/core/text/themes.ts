import { stemWord } from './topics.ts';
import { GENERIC_NOUNS } from './terms.ts';
import type { Theme } from './types.ts';

/**
 * Theme discovery: the candidate terms of many texts (analyzeText's `terms`) grouped into themes with
 * readable names. Variants share a group by their stem (invoice, invoices, invoicing) or by a small
 * table of customer-experience synonyms (bill → invoicing, shipping → delivery); a compound goes to
 * its head noun ("late invoice" → invoice), or to its first noun when the head says only which
 * aspect ("delivery time", "billing error"). Deterministic: the same input gives the same themes,
 * keys and order.
 */

export interface DiscoverOptions {
  /** A theme needs at least this many texts (default: 2, or 0.5 % of the texts when more). */
  minDocs?: number;
  /** At most this many themes, the most frequent first (default 40). */
  maxThemes?: number;
}

/** Groups of generic customer-experience words that name one theme; the first entry is the name. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['Invoicing', 'invoice', 'invoicing', 'bill', 'billing'],
  ['Delivery', 'delivery', 'shipping', 'shipment', 'dispatch', 'courier'],
  ['Support', 'support', 'helpdesk', 'hotline', 'service desk', 'customer service', 'customer support'],
  ['Pricing', 'price', 'pricing', 'cost', 'fee'],
  ['Staff', 'staff', 'employee', 'agent', 'representative'],
  ['Refunds', 'refund', 'reimbursement'],
  ['Contract', 'contract', 'subscription', 'renewal'],
  ['Website', 'website', 'site', 'portal', 'webpage'],
];

const SYNONYM_OF = new Map<string, { key: string; name: string }>();
for (const [name, ...words] of SYNONYMS) for (const w of words) SYNONYM_OF.set(stemPhrase(w), { key: `syn:${name!}`, name: name! });

/** Heads that only say which aspect of the first noun is meant: "delivery time" is about delivery. */
const ASPECT_HEADS = new Set(['time', 'error', 'mistake', 'issue', 'problem', 'quality', 'process', 'team', 'department', 'option', 'date', 'speed', 'status', 'level', 'service', 'response', 'experience', 'amount', 'system']);

function stemPhrase(term: string): string {
  return term.split(' ').map(stemWord).join(' ');
}

function groupOf(term: string): string | null {
  const syn = SYNONYM_OF.get(stemPhrase(term));
  if (syn) return syn.key;
  const words = term.split(' ');
  if (words.length === 1) return GENERIC_NOUNS.has(term) ? null : stemWord(term);
  const head = words[words.length - 1]!;
  const modifier = words[0]!;
  const anchor = ASPECT_HEADS.has(head) || GENERIC_NOUNS.has(head) ? modifier : head;
  if (GENERIC_NOUNS.has(anchor)) return null;
  return SYNONYM_OF.get(stemWord(anchor))?.key ?? stemWord(anchor);
}

/** A URL-safe key from a name: "Delivery time" → "delivery-time". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Themes of a corpus: frequent terms grouped, named and keyed (see the file's doc). */
export function discoverThemes(docs: readonly { terms: readonly string[] }[], options: DiscoverOptions = {}): Theme[] {
  const minDocs = options.minDocs ?? Math.max(2, Math.ceil(docs.length * 0.005));
  const maxThemes = options.maxThemes ?? 40;
  const termDocs = new Map<string, number>();
  const groupDocs = new Map<string, number>();
  const groupTerms = new Map<string, Set<string>>();
  for (const doc of docs) {
    const seenGroups = new Set<string>();
    for (const term of new Set(doc.terms)) {
      const group = groupOf(term);
      if (group === null) continue;
      termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
      seenGroups.add(group);
      let terms = groupTerms.get(group);
      if (!terms) groupTerms.set(group, (terms = new Set()));
      terms.add(term);
    }
    for (const g of seenGroups) groupDocs.set(g, (groupDocs.get(g) ?? 0) + 1);
  }

  const ranked = [...groupDocs].filter(([, n]) => n >= minDocs).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const themes: Theme[] = [];
  const keys = new Set<string>();
  for (const [group, n] of ranked) {
    if (themes.length >= maxThemes) break;
    // Single words always; a compound only when it recurs (one-off compounds only add noise to matching).
    const terms = [...groupTerms.get(group)!].filter((t) => !t.includes(' ') || termDocs.get(t)! >= 2).sort();
    const name = nameGroup(group, terms, termDocs, n);
    let key = slugify(name) || slugify(group) || 'theme';
    for (let i = 2; keys.has(key); i++) key = `${slugify(name)}-${i}`;
    keys.add(key);
    themes.push({ key, name, terms });
  }
  return themes;
}

// The synonym group's name; else the most frequent single word, unless one compound covers most texts.
function nameGroup(group: string, terms: readonly string[], termDocs: ReadonlyMap<string, number>, groupCount: number): string {
  const byCount = [...terms].sort((a, b) => termDocs.get(b)! - termDocs.get(a)! || (a < b ? -1 : 1));
  const compound = byCount.find((t) => t.includes(' '));
  if (compound && termDocs.get(compound)! * 2 > groupCount) return capitalise(compound);
  if (group.startsWith('syn:')) return group.slice(4);
  const single = byCount.find((t) => !t.includes(' ')) ?? byCount[0]!;
  return capitalise(single);
}
