import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { Badge, ScoreChip } from '../../ui/Badge.tsx';
import { formatDate } from '../../ui/format.ts';
import type { Verbatim } from './verbatims-api.ts';
import type { ListKey } from './verbatims-search.ts';
import { VerbatimText } from './VerbatimText.tsx';

export const KIND_LABEL: Record<string, string> = {
  comment: 'Survey comment',
  employee_comment: 'Employee comment',
  interview: 'Interview',
  focus_group: 'Focus group',
  forum_post: 'Forum post',
  observation: 'Observation',
  complaint_letter: 'Complaint letter',
  other: 'Other feedback',
};

const SENTIMENT_TONE = { negative: 'danger', neutral: 'neutral', positive: 'success' } as const;

/** One verbatim in the explorer's list: its words, sentiment, themes, topics and where it came from. */
export function VerbatimItem({ v, onFilter, onQuote, children }: { v: Verbatim; onFilter: (key: ListKey, value: string) => void; onQuote?: (v: Verbatim) => void; children?: ReactNode }) {
  return (
    <li className="vx-item" data-testid="verbatim">
      <div className="vx-item-head">
        {v.score !== null && <ScoreChip score={v.score} />}
        <Badge tone={SENTIMENT_TONE[v.sentimentLabel]} dot title={`Sentiment ${v.sentiment.toFixed(2)} (−1 to +1)`}>
          {v.sentimentLabel}
        </Badge>
        <span>{KIND_LABEL[v.kind] ?? v.kind}</span>
        <span className="dot-sep">·</span>
        <span>{formatDate(v.occurredAt)}</span>
        {v.account && (
          <>
            <span className="dot-sep">·</span>
            <Link to="/accounts/$id" params={{ id: v.account.id }}>
              {v.account.name}
            </Link>
          </>
        )}
        {v.touchPoint && (
          <>
            <span className="dot-sep">·</span>
            <span>{v.touchPoint.name}</span>
          </>
        )}
        <span className="dot-sep">·</span>
        <span>{v.unit.name}</span>
        {v.survey && (
          <>
            <span className="dot-sep">·</span>
            <Link to="/surveys/$id/responses" params={{ id: v.survey.id }} title="The survey's responses">
              {v.survey.name}
            </Link>
          </>
        )}
        {v.feedbackItem && (
          <>
            <span className="dot-sep">·</span>
            <span>by {v.feedbackItem.author}</span>
          </>
        )}
      </div>
      {v.feedbackItem?.title && <strong>{v.feedbackItem.title}</strong>}
      <VerbatimText text={v.text} sentences={v.sentences} highlights={v.highlights} testId="verbatim-text" />
      {(v.themes.length > 0 || v.topics.length > 0 || onQuote) && (
        <div className="row" style={{ justifyContent: 'space-between', gap: 8 }}>
          <div className="vx-tags">
            {v.themes.map((t) => (
              <button key={t.key} type="button" className="vx-tag" title={`Show only “${t.name}”`} onClick={() => onFilter('theme', t.key)} data-testid="verbatim-theme">
                {t.name}
              </button>
            ))}
            {v.topics.map((t) => (
              <button key={t.id} type="button" className="vx-tag topic" title={`Topic: show only “${t.name}”`} onClick={() => onFilter('topic', t.id)} data-testid="verbatim-topic">
                # {t.name}
              </button>
            ))}
          </div>
          {onQuote && (
            <button type="button" className="link-button small" onClick={() => onQuote(v)} data-testid="verbatim-quote">
              Quote into case
            </button>
          )}
        </div>
      )}
      {children}
    </li>
  );
}
