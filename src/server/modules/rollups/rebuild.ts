import { addDays, dayOf } from '../../../core/dates.ts';
import type { Db } from '../../db/connect.ts';
import { loadRollupKeys } from './keys.ts';
import { refreshRollups } from './refresh.ts';

/** Days per recompute: a month of a big survey is one statement of bounded size, and one short lock. */
const WINDOW_DAYS = 31;

/**
 * Recomputes every rollup day of one survey, from its first response to its last, a window at a time,
 * so millions of responses never become one huge aggregate (or one long-held lock). Returns the days covered.
 */
export async function rebuildRollups(db: Db, surveyId: string, onWindow?: (done: number, total: number) => void): Promise<number> {
  const span = await db
    .selectFrom('responses')
    .select((eb) => [eb.fn.min('submitted_at').as('first'), eb.fn.max('submitted_at').as('last')])
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  if (!span?.first || !span.last) return 0;
  const first = dayOf(new Date(span.first));
  const last = dayOf(new Date(span.last));
  const days = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
  const windows = Math.ceil(days / WINDOW_DAYS);
  const keys = await loadRollupKeys(db, surveyId);
  for (let w = 0; w < windows; w++) {
    const from = addDays(first, w * WINDOW_DAYS);
    const to = w === windows - 1 ? last : addDays(from, WINDOW_DAYS - 1);
    await refreshRollups(db, surveyId, keys, from, to);
    onWindow?.(w + 1, windows);
  }
  return days;
}
