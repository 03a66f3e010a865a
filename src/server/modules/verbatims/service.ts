import type { Db } from '../../db/connect.ts';
import { indexFeedbackItem as indexItem, type IndexableFeedbackItem } from './index-feedback.ts';

/**
 * The verbatims module's face to the other modules (decision 0021). The explorer, topics and themes
 * are reached through their routes.
 */

/**
 * Writes or rewrites a feedback item's verbatim (its analysis, searchable in the explorer). Call it
 * in the transaction that stores the item, after the item's row is written.
 */
export async function indexFeedbackItem(tx: Db, item: IndexableFeedbackItem, now: Date): Promise<void> {
  await indexItem(tx, item, now);
}
