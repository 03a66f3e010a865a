import type { ReactNode } from 'react';
import { classifyNps } from '../../core/nps.ts';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({ tone = 'neutral', dot = false, children, title }: { tone?: BadgeTone; dot?: boolean; children: ReactNode; title?: string }) {
  const cls = ['badge', tone !== 'neutral' && `badge-${tone}`, dot && 'badge-dot'].filter(Boolean).join(' ');
  return (
    <span className={cls} title={title}>
      {children}
    </span>
  );
}

const BAND_LABEL = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' } as const;

/** A 0–10 score coloured by its NPS band: red detractor, amber passive, green promoter. */
export function ScoreChip({ score }: { score: number | null }) {
  if (score === null || !Number.isInteger(score) || score < 0 || score > 10) {
    return (
      <span className="chip chip-none" title="No score">
        –
      </span>
    );
  }
  const band = classifyNps(score);
  return (
    <span className={`chip chip-${band}`} title={`${BAND_LABEL[band]} (${score})`} aria-label={`Score ${score}, ${BAND_LABEL[band].toLowerCase()}`}>
      {score}
    </span>
  );
}
