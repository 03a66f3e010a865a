import type { Db } from '../../db/connect.ts';

/** What the verbatim of a feedback item is made from. */
export interface IndexableItem {
  id: string;
  companyId: string;
}

/**
 * The one call site that writes (or rewrites) an item's verbatim row, its analysis, inside the
 * transaction that stores the item. Until the verbatims module's indexer is merged it writes nothing,
 * and the item shows no analysis yet.
 */
export async function indexItem(_tx: Db, _item: IndexableItem): Promise<void> {}
