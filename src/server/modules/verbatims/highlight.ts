import { sql } from 'kysely';
import type { TextRange } from '../../../contract/verbatims.ts';
import type { Db } from '../../db/connect.ts';

/**
 * Highlight ranges of a search in the texts found, as offsets (decision 0021): the words whose
 * lexemes the query asks for (not those it negates). PostgreSQL's own parser and stemmer decide both
 * sides, through ts_debug and websearch_to_tsquery, so what is marked is what matched; the offsets
 * are found by walking the text for each token in order. The UI marks them; no HTML is ever built.
 */

/** The lexemes of a tsquery's text form that are asked for, not negated. */
export function wantedLexemes(tsquery: string): Set<string> {
  const wanted = new Set<string>();
  const stack: boolean[] = [];
  let negate = false;
  for (let i = 0; i < tsquery.length; i++) {
    const ch = tsquery[i];
    const inside = stack.at(-1) ?? false;
    if (ch === '!') negate = true;
    else if (ch === '(') {
      stack.push(inside || negate);
      negate = false;
    } else if (ch === ')') stack.pop();
    else if (ch === "'") {
      let lexeme = '';
      for (i++; i < tsquery.length; i++) {
        if (tsquery[i] === "'" && tsquery[i + 1] === "'") {
          lexeme += "'";
          i++;
        } else if (tsquery[i] === "'") break;
        else lexeme += tsquery[i];
      }
      if (!inside && !negate) wanted.add(lexeme);
      negate = false;
    }
  }
  return wanted;
}

export interface Token {
  alias: string;
  token: string;
  lexemes: string[] | null;
}

// Parts of a compound (e-mail → e, mail; a URL's host and path) come after it and lie inside it.
const isPart = (alias: string) => alias.startsWith('hword_') || alias === 'host' || alias === 'url_path';

/** The ranges of `text` whose tokens carry a wanted lexeme. */
export function rangesOf(text: string, tokens: readonly Token[], wanted: ReadonlySet<string>): TextRange[] {
  const out: TextRange[] = [];
  let cursor = 0;
  let container = { start: 0, end: 0 };
  let partCursor = 0;
  for (const t of tokens) {
    if (t.lexemes === null || t.alias === 'blank') continue;
    let start: number;
    if (isPart(t.alias)) {
      start = text.indexOf(t.token, partCursor);
      if (start < 0 || start + t.token.length > container.end) continue;
      partCursor = start + t.token.length;
    } else {
      start = text.indexOf(t.token, cursor);
      if (start < 0) continue;
      cursor = start + t.token.length;
      container = { start, end: cursor };
      partCursor = start;
    }
    if (t.lexemes.some((l) => wanted.has(l))) out.push({ start, end: start + t.token.length });
  }
  // A compound and its part may both match: keep the outer range only.
  return out.filter((r, i) => !out.some((o, j) => j !== i && o.start <= r.start && o.end >= r.end && (o.end - o.start > r.end - r.start)));
}

/** Highlight ranges of a search in each of the given verbatims (by id). */
export async function highlightsOf(db: Db, q: string, ids: readonly string[]): Promise<Map<string, TextRange[]>> {
  const out = new Map<string, TextRange[]>();
  if (ids.length === 0 || q.trim() === '') return out;
  const { rows: query } = await sql<{ q: string }>`select websearch_to_tsquery('english', ${q})::text as q`.execute(db);
  const wanted = wantedLexemes(query[0]?.q ?? '');
  if (wanted.size === 0) return out;
  const { rows } = await sql<{ id: string; text: string; alias: string; token: string; lexemes: string[] | null }>`
    select v.id, v.text, d.alias, d.token, d.lexemes
      from verbatims v cross join lateral ts_debug('english', v.text) with ordinality as d(alias, description, token, dictionaries, dictionary, lexemes, ord)
     where v.id = any(${[...ids]}::uuid[])
     order by v.id, d.ord`.execute(db);
  const byId = new Map<string, { text: string; tokens: Token[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { text: r.text, tokens: [] };
    entry.tokens.push({ alias: r.alias, token: r.token, lexemes: r.lexemes });
    byId.set(r.id, entry);
  }
  for (const [id, { text, tokens }] of byId) out.set(id, rangesOf(text, tokens, wanted));
  return out;
}
