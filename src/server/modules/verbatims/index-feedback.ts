import type { Db } from '../../db/connect.ts';
import { analyse } from './text-engine.ts';
import { loadTextContext, upsertFeedbackVerbatim } from './write-verbatim.ts';

/** What the feedback module passes: the stored item's id and its company. */
export interface IndexableFeedbackItem {
  id: string;
  companyId: string;
}

/**
 * Writes (or rewrites) the verbatim of a stored feedback item, in the caller's transaction: the item
 * and its analysis commit together. Its title, when it has one, is read with the body.
 */
export async function indexFeedbackItem(tx: Db, item: IndexableFeedbackItem, now: Date): Promise<void> {
  const row = await tx
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select(['f.id', 'f.kind', 'f.title', 'f.body', 'f.occurred_at', 'f.unit_id', 'f.account_id', 'f.contact_id', 'f.touch_point_id', 'u.path'])
    .where('f.id', '=', item.id)
    .where('f.company_id', '=', item.companyId)
    .executeTakeFirst();
  if (!row) return;
  const text = row.title ? `${row.title}\n\n${row.body}` : row.body;
  const ctx = await loadTextContext(tx, item.companyId);
  const source = {
    companyId: item.companyId,
    kind: row.kind,
    surveyId: null,
    surveyKind: null,
    unitId: row.unit_id,
    unitPath: row.path,
    accountId: row.account_id,
    contactId: row.contact_id,
    touchPointId: row.touch_point_id,
    occurredAt: new Date(row.occurred_at),
    score: null,
    scoreBand: null,
    text,
  };
  await upsertFeedbackVerbatim(tx, row.id, source, analyse(text, ctx, row.touch_point_id), now);
}
