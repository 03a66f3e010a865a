/**
 * Candidate terms of a sentence for themes: lemmas of nouns, and two-noun compounds ("delivery time",
 * "support team"), lower-case, words of letters only; opinion words and words too generic to name
 * a theme left out.
 */

/** Nouns that never make a theme on their own: they say nothing about what the comment is about. */
export const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  'thing', 'things', 'lot', 'lots', 'bit', 'way', 'kind', 'sort', 'type', 'stuff', 'one', 'ones', 'something', 'anything', 'everything', 'nothing',
  'someone', 'anyone', 'everyone', 'people', 'person', 'guy', 'today', 'yesterday', 'tomorrow', 'year', 'month', 'week', 'day', 'hour', 'minute',
  'time', 'times', 'company', 'product', 'products', 'item', 'items', 'business', 'experience', 'overall', 'fact', 'reason', 'problem', 'issue',
  'part', 'end', 'number', 'place', 'point', 'case', 'side', 'piece', 'couple', 'deal', 'idea', 'matter', 'moment', 'while', 'amp', 'quot',
]);

/**
 * Opinion words wink's tagger sometimes reads as nouns ("love the fit", "cute dress" in lower case):
 * they are sentiment, not a subject, so never a term.
 */
export const OPINION_WORDS: ReadonlySet<string> = new Set([
  'love', 'like', 'great', 'good', 'nice', 'cute', 'super', 'perfect', 'beautiful', 'awesome', 'amazing', 'lovely', 'gorgeous', 'favorite',
  'favourite', 'happy', 'wonderful', 'excellent', 'fantastic', 'best', 'bad', 'terrible', 'awful', 'horrible', 'poor', 'worst', 'thanks', 'thank',
  'please', 'sorry', 'wow', 'lol', 'okay', 'fine', 'adorable', 'pretty', 'comfy', 'cozy', 'fun', 'glad', 'sad', 'disappointment', 'hate',
]);

export interface TermTokens {
  pos: readonly string[];
  lemmas: readonly string[];
}

const NOUNISH = new Set(['NOUN', 'PROPN']);

function isTermWord(lemma: string): boolean {
  return lemma.length >= 3 && /^\p{L}[\p{L}-]*$/u.test(lemma) && !OPINION_WORDS.has(lemma);
}

/** Adds the candidate terms of tokens first…last (inclusive) to `into`. */
export function collectTerms(t: TermTokens, first: number, last: number, into: Set<string>): void {
  let prev: string | null = null;
  for (let i = first; i <= last; i++) {
    // Nouns only; stop words are not nouns, and the few noun-like ones (something, one) are generic.
    if (!NOUNISH.has(t.pos[i]!)) {
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
