import winkNLP, { type ItemSentence, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * The one wink-nlp instance of the process, with the English lite model shipped in its npm package
 * (nothing is downloaded). Built on first use: importing the analyser costs nothing until it runs.
 * Named-entity recognition is left out of the pipe: nothing here uses it and it costs time.
 */
let instance: WinkMethods | null = null;

function getNlp(): WinkMethods {
  instance ??= winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
  return instance;
}

/** What the analyser needs of wink's reading of a text: token columns and sentences. */
export interface WinkReading {
  values: string[];
  spaces: string[];
  pos: string[];
  lemmas: string[];
  /** Token index range (inclusive) and wink's sentiment score (−1…+1) of each sentence. */
  sentences: { first: number; last: number; sentiment: number }[];
}

// wink's typings of `its` helpers are looser than its runtime; this is the one place that casts.
type Column = (index: number, ...rest: never[]) => unknown;

/** Reads a text with wink-nlp (sentence boundaries, negation, sentiment, part of speech, lemmas). */
export function readWithWink(text: string): WinkReading {
  const nlp = getNlp();
  const its = nlp.its as unknown as Record<'value' | 'precedingSpaces' | 'pos' | 'lemma' | 'span' | 'sentiment', Column>;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens() as unknown as { out: (f: Column) => unknown[] };
  const sentences: WinkReading['sentences'] = [];
  doc.sentences().each((s: ItemSentence) => {
    const item = s as unknown as { out: (f: Column) => unknown };
    const [first, last] = item.out(its.span) as [number, number];
    sentences.push({ first, last, sentiment: item.out(its.sentiment) as number });
  });
  return {
    values: tokens.out(its.value) as string[],
    spaces: tokens.out(its.precedingSpaces) as string[],
    pos: tokens.out(its.pos) as string[],
    lemmas: tokens.out(its.lemma) as string[],
    sentences,
  };
}
