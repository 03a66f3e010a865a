import type { ReactNode } from 'react';
import { formatSignedShare } from './format.ts';

export function Stat({ label, value, meta, testId }: { label: ReactNode; value: ReactNode; meta?: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {meta !== undefined && <div className="stat-meta">{meta}</div>}
    </div>
  );
}

/** A relative change such as "▲ 12%" coloured by direction; "–" without a base to compare with. */
export function Delta({ change, label }: { change: number | null; label?: string }) {
  if (change === null) return <span className="delta delta-flat">–</span>;
  const dir = Math.abs(change) < 0.005 ? 'flat' : change > 0 ? 'up' : 'down';
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
  return (
    <span className={`delta delta-${dir}`} title={label}>
      <span aria-hidden="true">{arrow} </span>
      {formatSignedShare(change)}
    </span>
  );
}
