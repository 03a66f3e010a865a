import { analyzeText, ANALYSIS_VERSION as CORE_ANALYSIS_VERSION } from '../../../core/text/analyze.ts';
import { discoverThemes } from '../../../core/text/themes.ts';
import { parseTopicQuery } from '../../../core/text/topics.ts';
import type { TextAnalysis, Theme, TopicDefinition } from '../../../core/text/types.ts';

/**
 * The server's one door to the analyser in core/text: what the indexer, the topic jobs and the theme
 * discovery call. Stored rows carry the analyser's version.
 */
export const ANALYSIS_VERSION = CORE_ANALYSIS_VERSION;

export interface TextContext {
  themes: readonly Theme[];
  topics: readonly TopicDefinition[];
}

/** Analyses one text with the company's themes and active topics. */
export function analyse(text: string, ctx: TextContext, touchPointId: string | null): TextAnalysis {
  // Without discovery's candidate terms: they need part-of-speech tagging, half the time of a reading.
  return analyzeText(text, { themes: ctx.themes, topics: ctx.topics, touchPointId, terms: false });
}

/** The candidate terms of a text, for theme discovery. */
export function termsOf(text: string): string[] {
  return analyzeText(text, { terms: true }).terms;
}

/** A topic query turned into its stored rule ({ query }), or where and why it does not parse. */
export type CompiledQuery = { ok: true; rule: unknown } | { ok: false; message: string; position: number | null };

export function compileTopicQuery(query: string): CompiledQuery {
  const parsed = parseTopicQuery(query);
  if (parsed.ok) return { ok: true, rule: parsed.rule };
  return { ok: false, message: parsed.message, position: parsed.position };
}

/** Themes discovered from the candidate terms of many texts. */
export function discover(docs: readonly { terms: readonly string[] }[]): Theme[] {
  return discoverThemes(docs);
}
