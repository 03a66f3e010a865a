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

/**
 * Generic cues of unmet expectations and service failure, in customer-experience language of any trade
 * (returns, waiting, no answer, wrong invoice); never words of one product. Valences are caps, −1…0.
 */
export const SENTIMENT_CUES: readonly SentimentCue[] = [
  // Expectations not met
  { pattern: /\b(?:wanted|want|wanting) to (?:love|like)\b/iu, valence: -0.8 },
  { pattern: /\b(?:(?:was|were|had been) hoping|had hoped|high hopes|(?:i|we) hoped (?:it|for|to|that|they|this|you))\b/iu, valence: -0.6 },
  { pattern: /\bnot (?:what|as) (?:(?:i|we|they) )?(?:(?:was|were|had been|had) )?(?:expected|pictured|described|advertised|promised|shown|ordered)\b/iu, valence: -0.8 },
  { pattern: /\bnothing like (?:the|what|it|in)\b/iu, valence: -0.6 },
  { pattern: /\b(?:disappoint(?:ed|ing|ment)|let ?down|letdown)\b/iu, valence: -0.8 },
  { pattern: /\b(?:unfortunately|sadly|regrettably|alas)\b/iu, valence: -0.6 },
  { pattern: /\b(?:(?:i'?m|i am|so|very|truly|really) sad|bummer|deal ?breaker)\b/iu, valence: -0.6 },
  { pattern: /\b(?:didn['’]t|did not|doesn['’]t|does not|don['’]t|won['’]t) work(?: out| for (?:me|us))?\b/iu, valence: -0.6 },
  { pattern: /\bnot worth\b|\bwaste of\b/iu, valence: -0.9 },
  { pattern: /\bwish (?:i|we) (?:had|hadn['’]t|had not|would have|could)\b|\bshould have (?:read|listened|known|checked)\b/iu, valence: -0.5 },
  // Giving it back, not coming back
  { pattern: /\b(?:return(?:ed|ing)?|refund(?:ed)?|(?:send|sent|sending|go|goes|going|went|take|took|taking) (?:it |them |this |these )?back)\b/iu, valence: -0.7 },
  { pattern: /\b(?:can['’]t|cannot|couldn['’]t|won['’]t|will not|not) (?:be )?keep(?:ing)?\b/iu, valence: -0.6 },
  { pattern: /\b(?:wouldn['’]t|would not|won['’]t|will not|can['’]t|cannot|do not|don['’]t) (?:recommend|buy|order|use|come back|go back)\b/iu, valence: -0.8 },
  { pattern: /\bnever (?:again|buy|order|use|recommend)\b/iu, valence: -0.9 },
  { pattern: /\bcancel(?:l?ed|l?ing)? (?:my|our|the) (?:contract|subscription|order|account|membership)\b|\b(?:switch|switching|move|moving) to (?:another|a different|a competitor)\b/iu, valence: -0.8 },
  // Quality and damage
  { pattern: /\btoo (?:big|small|large|short|long|tight|loose|thin|wide|much|expensive|slow|late|complicated|hard|difficult)\b/iu, valence: -0.5 },
  { pattern: /\b(?:poor|cheap(?:ly)?|bad|low|terrible) (?:quality|made|service|workmanship|support|communication)\b|\b(?:feels?|felt|looks?|looked|seems?|seemed) cheap\b/iu, valence: -0.8 },
  { pattern: /\b(?:fell apart|falling apart|broke|broken|ripped|torn|holes|damaged|defective|faulty|stained)\b/iu, valence: -0.6 },
  { pattern: /\b(?:unflattering|not flattering)\b/iu, valence: -0.7 },
  // Service failure
  { pattern: /\bhad to (?:return|send|call|chase|ask|wait|contact|complain|write|email|phone|go back)\b/iu, valence: -0.6 },
  { pattern: /\bstill (?:waiting|not|no|haven['’]t|hasn['’]t|nothing)\b|\b(?:on hold|kept waiting|waited (?:for )?(?:hours|days|weeks|months))\b/iu, valence: -0.7 },
  { pattern: /\b(?:no|never (?:got|received) (?:an?|any)) (?:answer|reply|response|call ?back|feedback|follow[- ]?up)\b|\b(?:didn['’]t|did not|never|doesn['’]t|does not|don['’]t|won['’]t) (?:answer|reply|respond|call (?:me |us )?back|get back|follow up)\b/iu, valence: -0.7 },
  { pattern: /\b(?:never|not|wasn['’]t|was not|hasn['’]t been|has not been|were not|weren['’]t) (?:resolved|fixed|solved|arrived|delivered|refunded|answered|addressed)\b/iu, valence: -0.7 },
  { pattern: /\b(?:arrived|came|delivered|shipped|was|were) late\b|\blate (?:delivery|again|payment fee)\b|\b(?:delayed|delays)\b/iu, valence: -0.5 },
  { pattern: /\b(?:overcharg\w*|charged (?:twice|double|me again|us again|extra)|double[- ]charged|hidden (?:fees?|costs?|charges?)|wrong (?:invoice|bill|amount|charge|item|order|address|size|product))\b/iu, valence: -0.7 },
  { pattern: /\b(?:nobody|no one|no-one) (?:answered|replied|responded|called|got back|helped|cared|listened)\b/iu, valence: -0.7 },
  { pattern: /\b(?:was|were|is|are) (?:wrong|incorrect|missing)\b/iu, valence: -0.6 },
  { pattern: /\b(?:rude|unhelpful|unprofessional|incompetent|ignored|impolite)\b/iu, valence: -0.7 },
];

// Within a few words after "not", "never" or "n't" a cue is denied: "not too long", "didn't have to return".
const DENIED = /\b(?:not|never|no|n['’]t|without|nothing)\s+(?:\w+\s+){0,2}$/iu;

const ANY_CUE = new RegExp(SENTIMENT_CUES.map((c) => c.pattern.source).join('|'), 'iu');

const CONTRAST = /\b(?:but|however|though|although|unfortunately|yet)\b/iu;

/** The lowest valence of the cues a sentence contains, or null when it contains none. */
export function cueValence(sentence: string, cues: readonly SentimentCue[] = SENTIMENT_CUES): number | null {
  // Most sentences hold no cue: one pass of the union settles them.
  if (cues === SENTIMENT_CUES && !ANY_CUE.test(sentence)) return null;
  let low: number | null = null;
  for (const c of cues) {
    if (low !== null && c.valence >= low) continue;
    const m = c.pattern.exec(sentence);
    if (m && !DENIED.test(sentence.slice(Math.max(0, m.index - 30), m.index))) low = c.valence;
  }
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
    const w = afterContrast ? 1.2 : 1;
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
