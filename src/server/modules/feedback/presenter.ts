import type { FeedbackDetail, FeedbackItem, FeedbackKind } from '../../../contract/feedback.ts';
import type { SentimentLabel, StoredSentence } from '../../db/schema-text.ts';

export interface FeedbackRow {
  id: string;
  kind: FeedbackKind;
  title: string | null;
  body: string;
  author: string;
  occurred_at: Date;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  touch_point_id: string | null;
  touch_point_name: string | null;
  external_id: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  sentiment_label: SentimentLabel | null;
}

/** The verbatim row of an item, when it has been analysed. */
export interface FeedbackVerbatim {
  /** The analysed text, which the sentences' offsets index. */
  text: string;
  sentiment: number;
  sentiment_label: SentimentLabel;
  sentences: StoredSentence[];
  themes: string[];
  analysed_at: Date;
}

export function presentFeedback(row: FeedbackRow): FeedbackItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    author: row.author,
    occurredOn: new Date(row.occurred_at).toISOString().slice(0, 10),
    unit: { id: row.unit_id, name: row.unit_name },
    account: row.account_id ? { id: row.account_id, name: row.account_name ?? '' } : null,
    contact: row.contact_id ? { id: row.contact_id, name: row.contact_name, email: row.contact_email ?? '' } : null,
    touchPoint: row.touch_point_id ? { id: row.touch_point_id, name: row.touch_point_name ?? '' } : null,
    externalId: row.external_id,
    createdBy: row.created_by_name,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    sentiment: row.sentiment_label,
  };
}

/** An item with its analysis: each sentence's text cut from the analysed text by its offsets, themes by their names. */
export function presentFeedbackDetail(row: FeedbackRow, verbatim: FeedbackVerbatim | null, themeNames: ReadonlyMap<string, string>): FeedbackDetail {
  const name = (key: string) => themeNames.get(key) ?? key.replace(/[_-]+/g, ' ');
  return {
    ...presentFeedback(row),
    analysis: verbatim
      ? {
          sentiment: verbatim.sentiment,
          label: verbatim.sentiment_label,
          themes: verbatim.themes.map((key) => ({ key, name: name(key) })),
          sentences: verbatim.sentences.map((s) => ({ text: verbatim.text.slice(s.start, s.end), sentiment: s.sentiment, label: s.label, themes: s.themes.map(name) })),
          analysedAt: new Date(verbatim.analysed_at).toISOString(),
        }
      : null,
  };
}
