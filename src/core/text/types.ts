/**
 * The shapes of text analysis, shared by the analyser (analyze.ts), the server's indexer and the
 * explorer. Offsets are UTF-16 indexes into the analysed text, as JavaScript strings count.
 */

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentenceAnalysis {
  start: number;
  end: number;
  /** -1 (very negative) … +1 (very positive). */
  sentiment: number;
  label: SentimentLabel;
  /** Keys of the discovered themes this sentence mentions. */
  themes: string[];
  /** Ids of the user-defined topics whose rule this sentence matches. */
  topics: string[];
}

export interface TextAnalysis {
  sentiment: number;
  label: SentimentLabel;
  sentences: SentenceAnalysis[];
  /** Normalised candidate terms (lemmatised noun phrases and keywords), the input of theme discovery. */
  terms: string[];
  /** Union of the sentences' themes, plus themes matched across sentence boundaries. */
  themes: string[];
  /** Ids of the topics matched by the whole text (a rule may combine words of different sentences). */
  topics: string[];
}

/** A discovered theme: a readable name over the terms that make it up. */
export interface Theme {
  key: string;
  name: string;
  terms: string[];
}

/** A user-defined topic ready to match: its id and its rule (see topics.ts for the rule language). */
export interface TopicDefinition {
  id: string;
  rule: unknown;
  /** Empty or absent: applies at every touch point. */
  touchPointIds?: readonly string[];
}
