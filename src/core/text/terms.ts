/**
 * Candidate terms of a sentence for themes: lemmas of nouns, and two-noun compounds ("delivery time",
 * "support team"), lower-case, stop words and words too generic to name a theme left out.
 */

/** Nouns that never make a theme on their own: they say nothing about what the comment is about. */
export const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  'thing', 'things', 'lot', 'lots', 'bit', 'way', 'kind', 'sort', 'type', 'stuff', 'one', 'ones', 'something', 'anything', 'everything', 'nothing',
  'someone', 'anyone', 'everyone', 'people', 'person', 'guy', 'today', 'yesterday', 'tomorrow', 'year', 'month', 'week', 'day', 'hour', 'minute',
  'time', 'times', 'company', 'product', 'products', 'item', 'items', 'business', 'experience', 'overall', 'fact', 'reason', 'problem', 'issue',
  'part', 'end', 'number', 'place', 'point', 'case', 'side', 'piece', 'couple', 'deal', 'idea', 'matter', 'moment', 'while', 'amp', 'quot',
]);

export interface TermTokens {
  values: readonly string[];
  pos: readonly string[];
  lemmas: readonly string[];
  stop: readonly boolean[];
  types: readonly string[];
}

const NOUNISH = new Set(['NOUN', 'PROPN']);

function isTermWord(lemma: string): boolean {
  return lemma.length >= 3 && /^[\p{L}][\p{L}'-]*$/u.test(lemma);
}

/** Adds the candidate terms of tokens first…last (inclusive) to `into`. */
export function collectTerms(t: TermTokens, first: number, last: number, into: Set<string>): void {
  let prev: string | null = null;
  for (let i = first; i <= last; i++) {
    if (!NOUNISH.has(t.pos[i]!) || t.types[i] !== 'word' || t.stop[i]) {
      prev = null;
      continue;
    }
    const lemma = t.lemmas[i]!.toLowerCase();
    if (!isTermWord(lemma)) {
      prev = null;
      continue;
    }
    if (!GENERIC_NOUNS.has(lemma)) into.add(lemma);
    if (prev !== null && !GENERIC_NOUNS.has(prev)) into.add(`${prev} ${lemma}`);
    prev = lemma;
  }
}
