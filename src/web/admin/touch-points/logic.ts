import type { OwningFunction, TouchPointChannel } from '../../../contract/touch-points.ts';

/** The touch-point screens' and the builder's small rules, free of React so they are tested alone. */

export const CHANNEL_LABEL: Record<TouchPointChannel, string> = {
  in_person: 'In person',
  phone: 'Phone',
  email: 'Email',
  web: 'Web',
  app: 'App',
  chat: 'Chat',
  mail: 'Mail',
  event: 'Event',
  media: 'Media',
  partner: 'Partner',
  other: 'Other',
};

export const FUNCTION_LABEL: Record<OwningFunction, string> = {
  marketing: 'Marketing',
  sales: 'Sales',
  service_operations: 'Service operations',
  product_development: 'Product development',
  finance: 'Finance',
  logistics: 'Logistics',
  customer_success: 'Customer success',
  other: 'Other',
};

/** "purchasing_agent" → "Purchasing agent", for an audience role without a corridor name. */
export function labelOfRole(role: string): string {
  const words = role.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The list with the item at `index` moved by `delta` places; unchanged when it would leave the list. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1) as [T];
  out.splice(to, 0, item);
  return out;
}

/** Touch-point keys typed as text, separated by commas or spaces. */
export function splitKeys(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The keys that the catalogue does not hold (a warning, not an error: definitions travel between companies). */
export function unknownKeys(keys: readonly string[], catalogue: ReadonlySet<string>): string[] {
  return keys.filter((k) => !catalogue.has(k));
}

/**
 * What a native datalist offers while a list of keys is typed: the keys already complete, followed by
 * each catalogue key not yet chosen. "service-call, inv" offers "service-call, invoice" (and the
 * browser's own filter keeps the ones that match what is typed).
 */
export function keySuggestions(text: string, catalogue: readonly string[]): string[] {
  const endsComplete = /[\s,]$/.test(text) || text.trim() === '';
  const tokens = splitKeys(text);
  const complete = endsComplete ? tokens : tokens.slice(0, -1);
  const chosen = new Set(complete);
  const prefix = complete.length > 0 ? `${complete.join(', ')}, ` : '';
  return catalogue.filter((k) => !chosen.has(k)).map((k) => `${prefix}${k}`);
}
