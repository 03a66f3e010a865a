import type { AnalysedComment } from '../../../core/alert-conditions.ts';
import type { Db } from '../../db/connect.ts';
import { indexFeedbackItem as indexItem, type IndexableFeedbackItem } from './index-feedback.ts';
import { analyse } from './text-engine.ts';
import { loadTextContext } from './write-verbatim.ts';

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

/**
 * Comments analysed with the company's themes and active topics, for alert rules on sentiment,
 * themes and topics, with the names of the themes and topics for the case title. The verbatims
 * themselves are written by the text indexer; this reads nothing of them.
 */
export async function analyseComments(db: Db, companyId: string, texts: readonly string[], touchPointId: string | null): Promise<{ comments: AnalysedComment[]; names: Record<string, string> }> {
  const [ctx, topics] = await Promise.all([
    loadTextContext(db, companyId),
    db.selectFrom('topics').select(['id', 'name']).where('company_id', '=', companyId).where('active', '=', true).execute(),
  ]);
  const comments = texts.map((t) => {
    const a = analyse(t, ctx, touchPointId);
    return { sentiment: a.sentiment, label: a.label, themes: a.themes, topics: a.topics };
  });
  // The themes' names come with the context; only the topics' are read for them.
  return { comments, names: Object.fromEntries([...ctx.themes.map((t) => [t.key, t.name]), ...topics.map((t) => [t.id, t.name])]) };
}
