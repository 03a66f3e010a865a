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
}

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
        const keys = index.get(term) ?? [];
        if (!keys.includes(theme.key)) keys.push(theme.key);
        index.set(term, keys);
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

/** Sentences (with UTF-16 offsets into `text`), sentiment, candidate terms, themes and topics of one text. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): TextAnalysis {
  const themeIndex = indexThemes(options.themes ?? []);
  const topics = prepareTopics(options.topics ?? [], options.touchPointId ?? null);
  const decoded = decodeEntities(text);
  const source = decoded.text;
  const reading = readWithWink(source);
  const { values, spaces } = reading;
  const termTokens: TermTokens = reading;

  // Token offsets: wink keeps every character (doc.out() === input) as preceding spaces + value.
  const starts = new Array<number>(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += spaces[i]!.length;
    const v = values[i]!;
    if (source.startsWith(v, at)) starts[i] = at;
    else {
      const found = source.indexOf(v, at);
      at = found >= 0 ? found : at;
      starts[i] = at;
    }
    at += v.length;
  }

  const sentences: SentenceAnalysis[] = [];
  const scored: { text: string; score: number }[] = [];
  const allTerms = new Set<string>();
  const docThemes = new Set<string>();
  const allWords: string[] = [];
  const allStems: string[] = [];
  for (const { first, last, sentiment: lexicon } of reading.sentences) {
    if (starts[first] === undefined || starts[last] === undefined) continue;
    // A sentence may begin or end with a line-break token: offsets cover its words only.
    const raw = source.slice(starts[first]!, starts[last]! + values[last]!.length);
    const start = starts[first]! + (raw.length - raw.trimStart().length);
    const end = start + raw.trim().length;
    const sentenceText = source.slice(start, end);
    if (!/[\p{L}\p{N}]/u.test(sentenceText)) continue;
    const score = scoreSentence(lexicon, sentenceText);
    scored.push({ text: sentenceText, score });
    const terms = new Set<string>();
    collectTerms(termTokens, first, last, terms);
    const themes: string[] = [];
    for (const term of terms) {
      allTerms.add(term);
      for (const key of themeIndex.get(term) ?? []) if (!themes.includes(key)) themes.push(key);
    }
    for (const k of themes) docThemes.add(k);
    const topicText = topics.length > 0 ? prepareTopicText(sentenceText) : null;
    if (topicText) {
      allWords.push(...topicText.words);
      allStems.push(...topicText.stems);
    }
    sentences.push({
      start: decoded.toInput(start),
      end: decoded.toInput(end),
      sentiment: score,
      label: labelSentiment(score),
      themes,
      topics: topicText ? topics.filter((t) => matchTopic(t.ast, topicText)).map((t) => t.id) : [],
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
