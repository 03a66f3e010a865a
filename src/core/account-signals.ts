/**
 * Two signals beside an account's score: the perception gap (the account team's own assessment
 * against what its customers said, PRODUCT.md "Perception gap") and silence (aspects customers do
 * not react to either way).
 */

export const TEAM_RATINGS = ['at_risk', 'fair', 'good', 'superior'] as const;
export type TeamRating = (typeof TEAM_RATINGS)[number];

export const TEAM_RATING_LABELS: Record<TeamRating, string> = { superior: 'superior', good: 'good', fair: 'fair', at_risk: 'at risk' };

/**
 * The customers' view in the team's words: the 0–100 summary index cut in quarters — below 25
 * at risk, 25 to below 50 fair, 50 to below 75 good, 75 and above superior.
 */
export function ratingOfIndex(index: number): TeamRating {
  return index >= 75 ? 'superior' : index >= 50 ? 'good' : index >= 25 ? 'fair' : 'at_risk';
}

/** The index a team rating stands for: the middle of its quarter (superior 87.5, good 62.5, fair 37.5, at risk 12.5). */
export function indexOfRating(rating: TeamRating): number {
  return TEAM_RATINGS.indexOf(rating) * 25 + 12.5;
}

export interface PerceptionGap {
  teamRating: TeamRating;
  customerRating: TeamRating;
  /** Team rating's index minus the customers' index: positive when the team thinks better of the relationship. */
  points: number;
  /** Rating steps between the two (team − customers), −3…3. */
  steps: number;
  sentence: string;
}

function contactsPhrase(nps: number | null): string {
  if (nps === null) return 'contacts gave no recommendation score';
  if (nps <= -30) return 'contacts are detractors';
  if (nps < 0) return 'detractors outnumber promoters';
  if (nps < 30) return 'contacts are lukewarm';
  return 'contacts are promoters';
}

const round = (x: number) => Math.round(x);
const signed = (x: number) => (x > 0 ? `+${round(x)}` : x < 0 ? `−${round(-x)}` : '0');

/** The gap between the team's latest rating and the customers' summary index (and NPS, for the sentence). */
export function perceptionGapOf(teamRating: TeamRating, customerIndex: number, nps: number | null): PerceptionGap {
  const customerRating = ratingOfIndex(customerIndex);
  const steps = TEAM_RATINGS.indexOf(teamRating) - TEAM_RATINGS.indexOf(customerRating);
  const npsText = nps === null ? '' : `, NPS ${signed(nps)}`;
  return {
    teamRating,
    customerRating,
    points: indexOfRating(teamRating) - customerIndex,
    steps,
    sentence: `Rated ${TEAM_RATING_LABELS[teamRating]}; ${contactsPhrase(nps)} (index ${round(customerIndex)}${npsText})`,
  };
}

/** Largest disagreements first: by the absolute gap in index points, then by name for a stable order. */
export function compareGaps(a: { gap: PerceptionGap; name: string }, b: { gap: PerceptionGap; name: string }): number {
  return Math.abs(b.gap.points) - Math.abs(a.gap.points) || a.name.localeCompare(b.name);
}

/**
 * Silence of a scale item: customers who do not react to it either way. An item is silent when at
 * least MIN_ASKED respondents were asked it and either
 *   - fewer than half of them answered it (LOW_ANSWER_RATE), or
 *   - at least 70 % of the answers lie in the middle third of the scale (MIDDLE_SHARE): values v with
 *     (v − min)/(max − min) between 1/3 and 2/3 inclusive — 3 on 1–5, 3–5 on 1–7, 4–6 on 0–10.
 */
export const SILENCE_RULE = {
  minAsked: 20,
  lowAnswerRate: 0.5,
  middleShare: 0.7,
} as const;

export interface ItemReaction {
  asked: number;
  answered: number;
  /** Answers by value (value as text → count). */
  histogram: Readonly<Record<string, number>>;
  min: number;
  max: number;
}

export interface ItemSilence {
  answerRate: number | null;
  middleShare: number | null;
  reason: 'unanswered' | 'indifferent' | null;
}

/** Whether a value lies in the middle third of the scale (integer arithmetic, no rounding at the edges). */
export function isMiddleOfScale(value: number, min: number, max: number): boolean {
  const span = max - min;
  return span > 0 && 3 * (value - min) >= span && 3 * (value - min) <= 2 * span;
}

/** The answer rate and middle share of an item, and why it is silent (null when it is not). */
export function silenceOf(item: ItemReaction): ItemSilence {
  const answerRate = item.asked > 0 ? item.answered / item.asked : null;
  let middle = 0;
  let total = 0;
  for (const [value, count] of Object.entries(item.histogram)) {
    total += count;
    if (isMiddleOfScale(Number(value), item.min, item.max)) middle += count;
  }
  const middleShare = total > 0 ? middle / total : null;
  let reason: ItemSilence['reason'] = null;
  if (item.asked >= SILENCE_RULE.minAsked) {
    if (answerRate !== null && answerRate < SILENCE_RULE.lowAnswerRate) reason = 'unanswered';
    else if (middleShare !== null && middleShare >= SILENCE_RULE.middleShare) reason = 'indifferent';
  }
  return { answerRate, middleShare, reason };
}
