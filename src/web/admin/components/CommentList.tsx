import { Link } from '@tanstack/react-router';
import type { Comment } from '../../../contract/dashboard.ts';
import { ScoreChip } from '../../ui/Badge.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { CommentIcon } from '../../ui/icons.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';

/** A comment, optionally with the survey it answered, or the account and contact it came from. */
export type ListedComment = Comment & { surveyId?: string; surveyTitle?: string; accountId?: string; accountName?: string; contactName?: string | null };

/** Respondents' comments, newest first, each with its score coloured by NPS band. */
export function CommentList({ comments, emptyText = 'No comments yet.', testId = 'comment-list' }: { comments: ListedComment[]; emptyText?: string; testId?: string }) {
  if (comments.length === 0) {
    return (
      <div data-testid={testId}>
        <EmptyState icon={<CommentIcon size={24} />} title="No comments yet">
          {emptyText}
        </EmptyState>
      </div>
    );
  }
  return (
    <ul className="comment-list" data-testid={testId}>
      {comments.map((c) => (
        <li key={c.responseId} className="comment">
          <ScoreChip score={c.score} />
          <div style={{ minWidth: 0 }}>
            <div className="comment-text">{c.text}</div>
            <div className="comment-meta">
              {c.surveyId !== undefined && c.surveyTitle !== undefined && (
                <>
                  <Link to="/surveys/$id" params={{ id: c.surveyId }}>
                    {c.surveyTitle}
                  </Link>
                  <span className="dot-sep"> · </span>
                </>
              )}
              {c.accountId !== undefined && c.accountName !== undefined && (
                <>
                  <Link to="/accounts/$id" params={{ id: c.accountId }}>
                    {c.accountName}
                  </Link>
                  {c.contactName && <span> · {c.contactName}</span>}
                  <span className="dot-sep"> · </span>
                </>
              )}
              <time dateTime={c.submittedAt} title={formatDateTime(c.submittedAt)}>
                {formatRelative(c.submittedAt)}
              </time>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
