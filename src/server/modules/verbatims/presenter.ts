import type { TextRange, Verbatim, VerbatimKind } from '../../../contract/verbatims.ts';
import type { StoredSentence } from '../../db/schema-text.ts';

/** A verbatim as selectVerbatims reads it. */
export interface VerbatimRow {
  id: string;
  company_id: string;
  kind: string;
  survey_kind: string | null;
  text: string;
  occurred_at: Date | string;
  sentiment: number;
  sentiment_label: Verbatim['sentimentLabel'];
  sentences: StoredSentence[];
  themes: string[];
  topics: string[];
  score: number | null;
  score_band: Verbatim['scoreBand'];
  unit_id: string;
  unit_name: string;
  unit_path: string;
  account_id: string | null;
  account_name: string | null;
  touch_point_id: string | null;
  touch_point_name: string | null;
  survey_id: string | null;
  survey_title: string | null;
  response_id: string | null;
  question_key: string | null;
  feedback_item_id: string | null;
  feedback_title: string | null;
  feedback_author: string | null;
}

export function kindOf(kind: string, surveyKind: string | null): VerbatimKind {
  if (kind === 'comment') return surveyKind === 'employee' ? 'employee_comment' : 'comment';
  return kind as VerbatimKind;
}

export function presentVerbatim(r: VerbatimRow, names: { themes: ReadonlyMap<string, string>; topics: ReadonlyMap<string, string> }, highlights: TextRange[]): Verbatim {
  const known = <T>(ids: readonly string[], map: ReadonlyMap<string, string>, make: (id: string, name: string) => T) => ids.flatMap((id) => (map.has(id) ? [make(id, map.get(id) ?? id)] : []));
  return {
    id: r.id,
    kind: kindOf(r.kind, r.survey_kind),
    text: r.text,
    highlights,
    occurredAt: new Date(r.occurred_at).toISOString(),
    sentiment: r.sentiment,
    sentimentLabel: r.sentiment_label,
    sentences: r.sentences.map((s) => ({ start: s.start, end: s.end, sentiment: s.sentiment, label: s.label, themes: s.themes.filter((k) => names.themes.has(k)), topics: s.topics.filter((k) => names.topics.has(k)) })),
    themes: known(r.themes, names.themes, (key, name) => ({ key, name })),
    topics: known(r.topics, names.topics, (id, name) => ({ id, name })),
    score: r.score,
    scoreBand: r.score_band,
    unit: { id: r.unit_id, name: r.unit_name },
    account: r.account_id ? { id: r.account_id, name: r.account_name ?? '' } : null,
    touchPoint: r.touch_point_id ? { id: r.touch_point_id, name: r.touch_point_name ?? '' } : null,
    survey: r.survey_id ? { id: r.survey_id, name: r.survey_title ?? '' } : null,
    responseId: r.response_id,
    questionKey: r.question_key,
    feedbackItem: r.feedback_item_id ? { id: r.feedback_item_id, title: r.feedback_title, author: r.feedback_author ?? '' } : null,
  };
}
