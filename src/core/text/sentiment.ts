/**
 * Sentiment of a text from its sentences (decision 0020). wink-nlp scores each sentence from its
 * lexicon with negation; on top of that, customer-experience cues of unmet expectations (wanted to
 * love it, had to return it, still waiting) cap a sentence's score, because such sentences are
 * negative however polite their words. A document is the weighted mean of its sentences: what comes
 * after a contrast ("but", "however") weighs more, and negative sentences weigh more, since one
 * complaint among pleasantries is what the customer came to say.
 */

export interface SentimentCue {
  pattern: RegExp;
  valence: number;
}

/** Generic cues of unmet expectations and service failure; never words of one product or trade. */
export const SENTIMENT_CUES: readonly SentimentCue[] = [
  { pattern: /\b(?:wanted|want) to (?:love|like)\b/iu, valence: -0.8 },
  { pattern: /\b(?:was|were) hoping\b/iu, valence: -0.6 },
  { pattern: /\bnot (?:what|as) (?:i |we )?(?:expected|pictured|described|advertised)\b/iu, valence: -0.8 },
  { pattern: /\b(?:return(?:ed|ing)|going back|sent (?:it |them )?back|refund)\b/iu, valence: -0.7 },
  { pattern: /\b(?:unfortunately|sadly)\b/iu, valence: -0.6 },
  { pattern: /\bdisappoint(?:ed|ing|ment)\b/iu, valence: -0.8 },
  { pattern: /\b(?:wouldn['’]t|would not) (?:recommend|buy|order)\b/iu, valence: -0.8 },
  { pattern: /\btoo (?:big|small|large|short|long|tight|loose|thin|wide|much|expensive|slow|late)\b/iu, valence: -0.5 },
  { pattern: /\bwaste of\b/iu, valence: -0.9 },
  { pattern: /\b(?:poor|cheap(?:ly)?|bad) (?:quality|made|service)\b/iu, valence: -0.8 },
  { pattern: /\b(?:fell apart|broke|ripped|holes)\b/iu, valence: -0.6 },
  { pattern: /\bnever again\b/iu, valence: -0.9 },
  { pattern: /\bhad to (?:return|send|call|chase|ask|wait|contact|complain|write)\b/iu, valence: -0.6 },
  { pattern: /\b(?:unflattering|not flattering)\b/iu, valence: -0.7 },
];

const CONTRAST = /\b(?:but|however|though|although|unfortunately|yet)\b/iu;

/** The lowest valence of the cues a sentence contains, or null when it contains none. */
export function cueValence(sentence: string, cues: readonly SentimentCue[] = SENTIMENT_CUES): number | null {
  let low: number | null = null;
  for (const c of cues) if (c.pattern.test(sentence) && (low === null || c.valence < low)) low = c.valence;
  return low;
}

/** A sentence's score: the lexicon score capped by its cues, within −1…+1. */
export function scoreSentence(lexicon: number, sentence: string): number {
  const cue = cueValence(sentence);
  const s = cue === null ? lexicon : Math.min(lexicon, cue);
  return Math.max(-1, Math.min(1, s));
}

/** A document's score from its sentences' texts and scores (weighted mean, see the file's doc). */
export function combineSentences(sentences: readonly { text: string; score: number }[]): number {
  let sum = 0;
  let weights = 0;
  let afterContrast = false;
  for (const s of sentences) {
    if (CONTRAST.test(s.text)) afterContrast = true;
    let w = afterContrast ? 1.2 : 1;
    if (s.score < 0) w *= 1.5;
    sum += w * s.score;
    weights += w;
  }
  return weights === 0 ? 0 : sum / weights;
}

/** Label of a score: neutral within ±0.05 (a sentence with no opinion words scores 0). */
export function labelSentiment(score: number): 'negative' | 'neutral' | 'positive' {
  return score > 0.05 ? 'positive' : score < -0.05 ? 'negative' : 'neutral';
}

/** A review's score from its title and body scores: the title, its summary, weighs 2 to the body's 3. */
export function combineTitleAndBody(title: number | null, body: number): number {
  return title === null ? body : (2 * title + 3 * body) / 5;
}
