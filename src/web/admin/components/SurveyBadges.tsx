import type { SurveyStatus } from '../../../contract/surveys.ts';
import { Badge } from '../../ui/Badge.tsx';
import type { SurveySummary } from '../api.ts';

const STATUS = {
  draft: { tone: 'neutral', label: 'Draft' },
  live: { tone: 'success', label: 'Live' },
  closed: { tone: 'danger', label: 'Closed' },
} as const satisfies Record<SurveyStatus, { tone: string; label: string }>;

export function StatusBadge({ status }: { status: SurveyStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}

/** "Unpublished changes" when the draft differs from what respondents see. */
export function ChangesBadge({ survey }: { survey: Pick<SurveySummary, 'hasUnpublishedChanges' | 'version'> }) {
  if (!survey.hasUnpublishedChanges || survey.version === null) return null;
  return (
    <Badge tone="warning" title="The draft differs from the live version. Publish to make the changes live.">
      Unpublished changes
    </Badge>
  );
}

export const KIND_LABEL: Record<SurveySummary['kind'], string> = {
  relationship: 'Relationship',
  transactional: 'Transactional',
  pulse: 'Pulse',
  employee: 'Employee',
};

export const KIND_HINT: Record<SurveySummary['kind'], string> = {
  relationship: 'Periodic check of how customers feel about the company overall.',
  transactional: 'Right after a touch point: a purchase, a support case, a delivery.',
  pulse: 'Short, frequent check-ins on one topic.',
  employee: 'eNPS and feedback from your own people.',
};
