import { brevityLimit, brevityWarning, estimateBrevity, formatDuration } from '../../../core/brevity.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { SurveyKind } from '../../../contract/patterns.ts';
import { ClockIcon } from '../../ui/icons.tsx';

/** How long the survey takes to answer, against what its kind should take, with a warning past it. */
export function BrevityMeter({ definition, kind }: { definition: SurveyDefinition; kind: SurveyKind }) {
  const brevity = estimateBrevity(definition);
  const limit = brevityLimit(kind);
  const warning = brevityWarning(kind, brevity);
  const share = Math.min(1, brevity.seconds / limit);
  return (
    <div className="brevity" data-testid="brevity">
      <div className="brevity-line">
        <ClockIcon size={16} />
        <span>
          About <strong data-testid="brevity-time">{formatDuration(brevity.seconds)}</strong> to answer ·{' '}
          <strong data-testid="brevity-count">{brevity.questions}</strong> {brevity.questions === 1 ? 'question' : 'questions'}
        </span>
        <span className="muted small">(aim for under {formatDuration(limit)} for a {kind} survey)</span>
      </div>
      <div
        className={`brevity-bar${warning ? ' over' : ''}`}
        role="meter"
        aria-label="Estimated time to answer, against the aim for this kind of survey"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(brevity.seconds, limit)}
        aria-valuetext={`${formatDuration(brevity.seconds)} of ${formatDuration(limit)}`}
      >
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      {warning && (
        <div className="alert alert-warning" role="status" data-testid="brevity-warning">
          <div>{warning}</div>
        </div>
      )}
    </div>
  );
}
