import type { NpsStats } from '../../../contract/dashboard.ts';
import { Alert } from '../../ui/Feedback.tsx';
import { WarningIcon } from '../../ui/icons.tsx';
import { formatCount, formatNps, formatPoints, formatShare } from '../../ui/format.ts';

/** Whole percents of the three bands that add up to 100 (largest remainder). */
function roundedShares(nps: NpsStats): [number, number, number] {
  const raw = [nps.promoterShare ?? 0, nps.passiveShare ?? 0, nps.detractorShare ?? 0].map((s) => s * 100);
  const floors = raw.map(Math.floor);
  let rest = 100 - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest--;
  }
  return [floors[0] ?? 0, floors[1] ?? 0, floors[2] ?? 0];
}

/** Promoters, passives and detractors as one stacked bar with their shares. */
export function BandBar({ nps }: { nps: NpsStats }) {
  const [p, pa, d] = nps.n > 0 ? roundedShares(nps) : [0, 0, 0];
  const bands = [
    { key: 'promoter', label: 'Promoters', range: '9–10', share: nps.promoterShare, pct: p, count: nps.promoters },
    { key: 'passive', label: 'Passives', range: '7–8', share: nps.passiveShare, pct: pa, count: nps.passives },
    { key: 'detractor', label: 'Detractors', range: '0–6', share: nps.detractorShare, pct: d, count: nps.detractors },
  ] as const;
  return (
    <div data-testid="band-bar">
      <div className="band-bar" role="img" aria-label={`Promoters ${p}%, passives ${pa}%, detractors ${d}%`}>
        {bands.map((b) => (
          <span key={b.key} className={`bg-${b.key}`} style={{ width: `${(b.share ?? 0) * 100}%` }} title={`${b.label}: ${formatShare(b.share)}`} />
        ))}
      </div>
      <div className="band-legend">
        {bands.map((b) => (
          <div key={b.key} className="band-legend-item">
            <span>
              <span className={`swatch bg-${b.key}`} aria-hidden="true" />
              {b.label}
            </span>
            <strong>{b.pct}%</strong>
            <span className="num" title={`Scores ${b.range}`}>
              {formatCount(b.count)} <span className="dot-sep">·</span> {b.range}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The score as a big number with n and the 95 % interval, or a small-sample warning. */
export function NpsSummary({ nps }: { nps: NpsStats }) {
  const score = formatNps(nps.score);
  return (
    <div className="nps-hero">
      <div className="row" style={{ alignItems: 'flex-end', gap: 16 }}>
        <div className={nps.smallSample ? 'nps-big tentative' : 'nps-big'} data-testid="nps-score" aria-label={`NPS ${score}`}>
          {score}
        </div>
        <div className="nps-facts">
          <strong data-testid="nps-n">n = {formatCount(nps.n)}</strong>
          {nps.marginOfError !== null && nps.interval !== null && (
            <span data-testid="nps-moe">
              ± {formatPoints(nps.marginOfError)} (95 % CI {formatPoints(nps.interval[0])} – {formatPoints(nps.interval[1])})
            </span>
          )}
        </div>
      </div>
      {nps.smallSample && (
        <Alert tone="warning" testId="small-sample">
          <span className="row" style={{ gap: 6, flexWrap: 'nowrap', alignItems: 'flex-start' }}>
            <WarningIcon size={16} />
            <span>
              <strong>Small sample.</strong> With {formatCount(nps.n)} answer{nps.n === 1 ? '' : 's'} the score can still move a lot; treat it as
              an early signal until there are at least 30.
            </span>
          </span>
        </Alert>
      )}
      <BandBar nps={nps} />
    </div>
  );
}
