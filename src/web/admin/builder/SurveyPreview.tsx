import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Overview } from '../api.ts';
import { overviewQuery } from '../queries.ts';
import { Button } from '../../ui/Button.tsx';
import type { Draft, Question } from './model.ts';

function band(score: number): string {
  return score >= 9 ? 's-promoter' : score >= 7 ? 's-passive' : 's-detractor';
}

function PreviewQuestion({ q, n }: { q: Question; n: number }) {
  const [score, setScore] = useState<number | null>(null);
  return (
    <div className="preview-q">
      <div className="preview-q-text">
        {q.text.trim() || <span className="muted">(question {n} has no text yet)</span>}
        {q.required && (
          <span className="req" aria-label="required">
            *
          </span>
        )}
      </div>
      {q.help?.trim() && <div className="preview-q-help">{q.help}</div>}
      {q.type === 'nps' ? (
        <>
          <div className="scale" role="group" aria-label={`Preview of the 0 to 10 scale of question ${n}`}>
            {Array.from({ length: 11 }, (_, i) => (
              <button key={i} type="button" className={band(i)} aria-pressed={score === i} onClick={() => setScore(score === i ? null : i)}>
                {i}
              </button>
            ))}
          </div>
          <div className="scale-labels" aria-hidden="true">
            <span>0 · {q.lowLabel}</span>
            <span>10 · {q.highLabel}</span>
          </div>
        </>
      ) : q.type !== 'text' ? (
        <div className="muted">({q.type} question: see the respondent page)</div>
      ) : q.multiline ? (
        <textarea className="textarea" rows={3} aria-label={`Preview of the answer box of question ${n}`} placeholder="Type your answer" />
      ) : (
        <input className="input" aria-label={`Preview of the answer field of question ${n}`} placeholder="Type your answer" />
      )}
    </div>
  );
}

/** Roughly what respondents see on the public page; the scale buttons can be tried out. */
export function SurveyPreview({ draft }: { draft: Draft }) {
  const { definition } = draft;
  // The brand above the card, if the overview (which knows the company) is already loaded.
  const company = useQueryClient().getQueryData<Overview>(overviewQuery.queryKey)?.companyName;
  return (
    <div className="preview-frame" data-testid="survey-preview">
      {company && <div className="preview-brand">{company}</div>}
      <div className="preview-page">
        <div className="preview-title">{draft.title.trim() || 'Untitled survey'}</div>
        {definition.intro.trim() && <p className="preview-intro">{definition.intro}</p>}
        {definition.questions.map((q, i) => (
          <PreviewQuestion key={`${q.id}-${i}`} q={q} n={i + 1} />
        ))}
        <div>
          <Button variant="primary" tabIndex={-1} aria-hidden="true" style={{ pointerEvents: 'none' }}>
            Send
          </Button>
        </div>
        <div className="preview-thanks">
          After sending: <strong>{definition.thankYou.trim() || 'Thank you!'}</strong>
        </div>
      </div>
      <div className="preview-foot">Your answers are stored securely. Powered by Corridor.</div>
    </div>
  );
}
