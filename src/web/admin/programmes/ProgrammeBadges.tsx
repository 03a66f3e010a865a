import { Badge } from '../../ui/Badge.tsx';
import type { SuppressionReason } from '../../../core/contact-policy-rules.ts';
import { PROGRAMME_KIND_LABEL, PROGRAMME_STATUS, REASON_LABEL, type ProgrammeKind, type ProgrammeStatus } from './describe.ts';

const KIND_TONE = { persistent: 'info', periodic: 'success', pulsed: 'warning' } as const;

export function ProgrammeKindBadge({ kind }: { kind: ProgrammeKind }) {
  return <Badge tone={KIND_TONE[kind]}>{PROGRAMME_KIND_LABEL[kind]}</Badge>;
}

export function ProgrammeStatusBadge({ status }: { status: ProgrammeStatus }) {
  const s = PROGRAMME_STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}

/** A share 0…1 as a bar with its label beside it (the label carries the meaning; the bar is decoration). */
export function RateBar({ rate, label }: { rate: number | null; label: string }) {
  return (
    <span className="inline-bar">
      <span className="rate-bar-track" aria-hidden="true">
        <span className="rate-bar-fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, rate ?? 0)) * 100)}%` }} />
      </span>
      <span className="num">{label}</span>
    </span>
  );
}

export const ProgrammesIcon = ({ size = 18 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="M4 12h3l2-6 4 12 2-6h5" />
  </svg>
);

/** Why an invitation is held back: the reason's label, and the rule's sentence under it; a dash when none. */
export function SuppressionNote({ reason, detail }: { reason: SuppressionReason | null; detail: string | null }) {
  if (!reason) return <span className="muted">–</span>;
  return (
    <>
      <div>{REASON_LABEL[reason]}</div>
      {detail && <div className="small muted">{detail}</div>}
    </>
  );
}
