import { formatCount, formatShare } from '../../ui/format.ts';
import type { Programme } from '../api.ts';

type Stats = Programme['stats'];

const STAGES: { key: keyof Stats; label: string }[] = [
  { key: 'scheduled', label: 'Scheduled' },
  { key: 'sent', label: 'Sent' },
  { key: 'opened', label: 'Opened' },
  { key: 'started', label: 'Started' },
  { key: 'completed', label: 'Completed' },
];

const ASIDE: { key: keyof Stats; label: string }[] = [
  { key: 'suppressed', label: 'Suppressed' },
  { key: 'bounced', label: 'Bounced' },
  { key: 'unsubscribed', label: 'Unsubscribed' },
  { key: 'failed', label: 'Failed' },
  { key: 'cancelled', label: 'Cancelled' },
];

/** Where a programme's invitations are: scheduled → sent → opened → started → completed, and those that went no further. */
export function StatsFunnel({ stats }: { stats: Stats }) {
  const max = Math.max(1, ...STAGES.map((s) => stats[s.key] as number));
  return (
    <div className="funnel-wrap">
      <ol className="funnel" data-testid="funnel">
        {STAGES.map((s) => {
          const n = stats[s.key] as number;
          const ofSent = s.key === 'opened' || s.key === 'started' || s.key === 'completed';
          return (
            <li key={s.key} className="funnel-row" data-testid={`funnel-${s.key}`}>
              <span className="funnel-label">{s.label}</span>
              <span className="rate-bar-track funnel-track" aria-hidden="true">
                <span className="rate-bar-fill" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span className="funnel-value">
                <span className="num">{formatCount(n)}</span>
                {ofSent && stats.sent > 0 && <span className="small muted"> {formatShare(n / stats.sent)} of sent</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <dl className="funnel-aside">
        {ASIDE.map((s) => (
          <div key={s.key} data-testid={`stat-${s.key}`}>
            <dt>{s.label}</dt>
            <dd className="num">{formatCount(stats[s.key] as number)}</dd>
          </div>
        ))}
        <div>
          <dt>Response rate</dt>
          <dd className="num" data-testid="stat-rate">
            {formatShare(stats.responseRate)}
          </dd>
        </div>
      </dl>
    </div>
  );
}
