import mjml2html from 'mjml';
import { escapeHtml } from '../../http/html.ts';

/**
 * MJML is compiled once per template and language and kept; each message only fills the compiled
 * HTML's slots: `[[name]]` with escaped text, `[[!name]]` with markup the template code built from
 * escaped parts. A wave of 100,000 invitations runs MJML a handful of times, not 100,000.
 */

const SLOT = /\[\[(!?)([A-Za-z0-9_]+)\]\]/g;

export interface CompiledTemplate {
  /** Static parts and slot names, alternating: parts[0], slot 0, parts[1], … */
  parts: string[];
  slots: { name: string; trusted: boolean }[];
}

export type SlotValues = Readonly<Record<string, string>>;

/** A value for a `[[!name]]` slot: markup built by our own code, every user value in it escaped. */
export type TrustedMarkup = string;

const cache = new Map<string, Promise<CompiledTemplate>>();

async function compile(source: string): Promise<CompiledTemplate> {
  const out = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  if (out.errors.length > 0) throw new Error(`MJML template is invalid: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  const parts: string[] = [];
  const slots: CompiledTemplate['slots'] = [];
  let last = 0;
  for (const m of out.html.matchAll(SLOT)) {
    parts.push(out.html.slice(last, m.index));
    slots.push({ name: m[2] ?? '', trusted: m[1] === '!' });
    last = m.index + m[0].length;
  }
  parts.push(out.html.slice(last));
  return { parts, slots };
}

/** The compiled template under a key (template and language), compiling its MJML the first time. */
export function compiled(key: string, source: () => string): Promise<CompiledTemplate> {
  let hit = cache.get(key);
  if (!hit) {
    hit = compile(source());
    // A failed compile is not kept, so a fixed template is tried again.
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

/** The compiled HTML with its slots filled; a slot without a value is left empty. */
export function fill(t: CompiledTemplate, values: SlotValues): string {
  let out = t.parts[0] ?? '';
  for (let i = 0; i < t.slots.length; i++) {
    const slot = t.slots[i];
    if (!slot) continue;
    const v = values[slot.name] ?? '';
    out += (slot.trusted ? v : escapeHtml(v)) + (t.parts[i + 1] ?? '');
  }
  return out;
}

/** How many templates have been compiled (for the test that MJML runs once per template and language). */
export function compiledCount(): number {
  return cache.size;
}
