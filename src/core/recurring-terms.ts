/**
 * Words that recur in comments across periods: the issues customers keep raising. A deliberately
 * plain count (lower-cased words of four letters or more, common English function words and words
 * of requests or time left out, each counted once per comment), so the figure is easy to check by hand.
 */

const STOP = new Set(
  'about above after again against also always been before being below between both came cannot could does doing down during each even ever every from further have having here into just like made make many more most much must never only other ought over same should since some still such than that their them then there these they this those through under until very want were what when where which while with would your yours really thing things because though'.split(' '),
);

export interface PeriodComment {
  period: string;
  text: string;
}

export interface RecurringTerm {
  term: string;
  /** In how many periods it was mentioned. */
  quarters: number;
  /** In how many comments. */
  mentions: number;
  /** The newest comment that mentions it. */
  example: string;
}

/** Words of requests, courtesy and time that say how, not what: "please call", "needs senior attention", "three months". */
const NOT_AN_ISSUE = new Set(
  'please call calls called need needs needed attention senior expect expected plan thanks thank team contact someone anyone nobody everyone again twice three four five months month weeks week days year years time times now today soon fine good great'.split(' '),
);

function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? []).filter((w) => w.length >= 4 && !STOP.has(w) && !NOT_AN_ISSUE.has(w)));
}

/** Terms mentioned in at least `minPeriods` periods, most periods first, then most mentions; comments newest first. */
export function findRecurringTerms(comments: readonly PeriodComment[], minPeriods = 2, limit = 8): RecurringTerm[] {
  const seen = new Map<string, { periods: Set<string>; mentions: number; example: string }>();
  for (const c of comments) {
    for (const w of wordsOf(c.text)) {
      const s = seen.get(w) ?? { periods: new Set<string>(), mentions: 0, example: c.text };
      s.periods.add(c.period);
      s.mentions++;
      seen.set(w, s);
    }
  }
  return [...seen]
    .filter(([, s]) => s.periods.size >= minPeriods)
    .map(([term, s]) => ({ term, quarters: s.periods.size, mentions: s.mentions, example: s.example }))
    .sort((a, b) => b.quarters - a.quarters || b.mentions - a.mentions || a.term.localeCompare(b.term))
    .slice(0, limit);
}
