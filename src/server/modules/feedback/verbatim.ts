import type { Db } from '../../db/connect.ts';
import { indexFeedbackItem } from '../verbatims/service.ts';

/** What the verbatim of a feedback item is made from. */
export interface IndexableItem {
  id: string;
  companyId: string;
}

/**
 * The one call site that writes (or rewrites) an item's verbatim row, its analysis, inside the
 * transaction that stores the item, so the item and its analysis commit together.
 */
export async function indexItem(tx: Db, item: IndexableItem, now: Date): Promise<void> {
  await indexFeedbackItem(tx, item, now);
}
