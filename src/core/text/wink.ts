import winkNLP, { type ItemSentence, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * The one wink-nlp instance of the process, with the English lite model shipped in its npm package
 * (nothing is downloaded). Built on first use: importing the analyser costs nothing until it runs.
 * Named-entity recognition is left out of the pipe: nothing here uses it and it costs time.
 */
let tagging: WinkMethods | null = null;
let reading: WinkMethods | null = null;

/** With part-of-speech tagging (for theme terms, half of wink's time) or without (sentiment, themes and topics only). */
function getNlp(pos: boolean): WinkMethods {
  if (pos) return (tagging ??= winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']));
  return (reading ??= winkNLP(model, ['sbd', 'negation', 'sentiment']));
}

/** What the analyser needs of wink's reading of a text: token columns and sentences. */
export interface WinkReading {
  /** Tokens as written. */
  words: string[];
  /** Part of speech per token; empty when read without tagging. */
  pos: string[];
  /** Lemmas of nouns (NOUN, PROPN); other tokens hold an empty string (lemmatising all costs a fifth). Empty without tagging. */
  lemmas: string[];
  /** Token index range (inclusive), text and wink's sentiment score (−1…+1) of each sentence. */
  sentences: { first: number; last: number; text: string; sentiment: number }[];
}

// wink's typings of `its` helpers are looser than its runtime; this is the one place that casts.
type Column = (index: number, ...rest: never[]) => unknown;

/** Reads a text with wink-nlp (sentence boundaries, negation, sentiment; with `pos`, part of speech and noun lemmas). */
export function readWithWink(text: string, options: { pos: boolean } = { pos: true }): WinkReading {
  const nlp = getNlp(options.pos);
  const its = nlp.its as unknown as Record<'value' | 'pos' | 'lemma' | 'span' | 'sentiment', Column>;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens() as unknown as { out: (f: Column) => unknown[]; itemAt: (k: number) => { out: (f: Column) => unknown } };
  const sentences: WinkReading['sentences'] = [];
  doc.sentences().each((s: ItemSentence) => {
    const item = s as unknown as { out: (f: Column) => unknown };
    const [first, last] = item.out(its.span) as [number, number];
    sentences.push({ first, last, text: item.out(its.value) as string, sentiment: item.out(its.sentiment) as number });
  });
  const words = tokens.out(its.value) as string[];
  if (!options.pos) return { words, pos: [], lemmas: [], sentences };
  const pos = tokens.out(its.pos) as string[];
  const lemmas = pos.map((p, k) => (p === 'NOUN' || p === 'PROPN' ? (tokens.itemAt(k).out(its.lemma) as string) : ''));
  return { words, pos, lemmas, sentences };
}
