import { decodeEntities } from './entities.ts';
import { combineSentences, labelSentiment, scoreSentence } from './sentiment.ts';
import { collectTerms, type TermTokens } from './terms.ts';
import { compileTopicRule, matchTopic, prepareTopicText, type TopicNode } from './topics.ts';
import type { SentenceAnalysis, TextAnalysis, Theme, TopicDefinition } from './types.ts';
import { readWithWink } from './wink.ts';

/** Bumped whenever analyzeText's output changes meaning, so stored analyses can be told from fresh ones. */
export const ANALYSIS_VERSION = 1;

export interface AnalyzeOptions {
  themes?: readonly Theme[];
  topics?: readonly TopicDefinition[];
  /** Topics limited to other touch points are skipped; null/absent: only topics for every touch point apply… */
  touchPointId?: string | null;
  /**
   * Collect the candidate terms of theme discovery (default true). They need wink's part-of-speech
   * tagging, half of its time; sentiment, themes and topics do not, so the indexer leaves them out.
   */
  terms?: boolean;
}

/**
 * A word as themes are matched: lower case, a plural or possessive taken back to its singular
 * ("invoices" → "invoice", "deliveries" → "delivery", "company's" → "company"); '' for a token that
 * is no word (punctuation, numbers). Theme terms are noun lemmas; matching written words this way
 * finds them without tagging each word's part of speech.
 */
export function themeWord(word: string): string {
  const known = themeWords.get(word);
  if (known !== undefined) return known;
  if (themeWords.size >= 50_000) themeWords.clear();
  const w = normalThemeWord(word);
  themeWords.set(word, w);
  return w;
}

// Words repeat across comments: each is normalised once (the cache is bounded).
const themeWords = new Map<string, string>();

function normalThemeWord(word: string): string {
  if (!isWord(word)) return '';
  let w = word.toLowerCase().replace(/['’]s$/u, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/u.test(w)) w = w.slice(0, -1);
  return w;
}

const isWord = (w: string) => /^\p{L}[\p{L}'’-]*$/u.test(w);

interface PreparedTopic {
  id: string;
  ast: TopicNode;
}

const themeIndexes = new WeakMap<readonly Theme[], Map<string, string[]>>();

function indexThemes(themes: readonly Theme[]): Map<string, string[]> {
  let index = themeIndexes.get(themes);
  if (!index) {
    index = new Map();
    for (const theme of themes) {
      for (const term of theme.terms) {
        const normal = term.split(' ').map(themeWord).join(' ');
        const keys = index.get(normal) ?? [];
        if (!keys.includes(theme.key)) keys.push(theme.key);
        index.set(normal, keys);
      }
    }
    themeIndexes.set(themes, index);
  }
  return index;
}

function prepareTopics(topics: readonly TopicDefinition[], touchPointId: string | null): PreparedTopic[] {
  const out: PreparedTopic[] = [];
  for (const t of topics) {
    if (t.touchPointIds && t.touchPointIds.length > 0 && (touchPointId === null || !t.touchPointIds.includes(touchPointId))) continue;
    const ast = compileTopicRule(t.rule);
    if (ast) out.push({ id: t.id, ast });
  }
  return out;
}

/** The themes whose terms (a word, or two words in a row) the sentence's words first…last mention. */
function themesOf(words: readonly string[], first: number, last: number, index: ReadonlyMap<string, string[]>): string[] {
  const found: string[] = [];
  const add = (keys: readonly string[] | undefined) => {
    if (keys) for (const k of keys) if (!found.includes(k)) found.push(k);
  };
  let prev: string | null = null;
  for (let i = first; i <= last; i++) {
    const w = themeWord(words[i] ?? '');
    if (w === '') {
      prev = null;
      continue;
    }
    add(index.get(w));
    if (prev !== null) add(index.get(`${prev} ${w}`));
    prev = w;
  }
  return found;
}

/** Sentences (with UTF-16 offsets into `text`), sentiment, candidate terms, themes and topics of one text. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): TextAnalysis {
  const themeIndex = indexThemes(options.themes ?? []);
  const topics = prepareTopics(options.topics ?? [], options.touchPointId ?? null);
  const decoded = decodeEntities(text);
  const source = decoded.text;
  const withTerms = options.terms ?? true;
  const reading = readWithWink(source, { pos: withTerms });
  const termTokens: TermTokens = reading;

  const sentences: SentenceAnalysis[] = [];
  const scored: { text: string; score: number }[] = [];
  const allTerms = new Set<string>();
  const docThemes = new Set<string>();
  const allWords: string[] = [];
  const allStems: (string | undefined)[] = [];
  // Sentence offsets: wink's tokens keep every character (its text out equals the input), so each
  // sentence's text is found in order from where the previous one ended.
  let cursor = 0;
  for (const { first, last, text: winkText, sentiment: lexicon } of reading.sentences) {
    const trimmed = winkText.trim();
    if (trimmed === '') continue;
    const found = source.indexOf(trimmed, cursor);
    const start = found >= 0 ? found : cursor;
    const end = found >= 0 ? start + trimmed.length : Math.min(source.length, start + trimmed.length);
    cursor = end;
    const sentenceText = source.slice(start, end);
    if (!/[\p{L}\p{N}]/u.test(sentenceText)) continue;
    const score = scoreSentence(lexicon, sentenceText);
    scored.push({ text: sentenceText, score });
    if (withTerms) collectTerms(termTokens, first, last, allTerms);
    const themes = themeIndex.size > 0 ? themesOf(reading.words, first, last, themeIndex) : [];
    for (const k of themes) docThemes.add(k);
    const topicText = topics.length > 0 ? prepareTopicText(sentenceText) : null;
    const sentenceTopics = topicText ? topics.filter((t) => matchTopic(t.ast, topicText)).map((t) => t.id) : [];
    if (topicText) {
      // After matching: the stems the sentence's rules needed are filled in, and carried to the whole text.
      allWords.push(...topicText.words);
      allStems.push(...topicText.stems);
    }
    sentences.push({
      start: decoded.toInput(start),
      end: decoded.toInput(end),
      sentiment: score,
      label: labelSentiment(score),
      themes,
      topics: sentenceTopics,
    });
  }

  const sentiment = combineSentences(scored);
  // The whole text's words are its sentences' words: tokenized and stemmed once.
  const wholeText = topics.length > 0 ? { words: allWords, stems: allStems } : null;
  return {
    sentiment,
    label: labelSentiment(sentiment),
    sentences,
    terms: [...allTerms],
    themes: [...docThemes],
    topics: wholeText ? topics.filter((t) => matchTopic(t.ast, wholeText)).map((t) => t.id) : [],
  };
}
