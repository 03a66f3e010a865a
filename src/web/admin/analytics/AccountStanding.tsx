import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { QUADRANT_LABELS } from '../../../core/quadrants.ts';
import { Card } from '../../ui/Card.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';
import { formatIndex, QUADRANT_ACTION, QuadrantBadge } from './AccountCards.tsx';
import { accountQuadrantsQuery } from './accounts-queries.ts';

/** An account's quadrant and perception gap on its own page (read from the quadrant view of its unit). */
export function AccountStanding({ accountId, unitId }: { accountId: string; unitId: string }) {
  const q = useQuery(accountQuadrantsQuery({ unit: unitId }));
  const a = q.data?.accounts.find((x) => x.id === accountId);
  if (!q.data || !a || !q.data.scored) return null;
  return (
    <Card title="Where it stands" actions={<Link to="/analytics/accounts" className="small">All quadrants</Link>}>
      <div className="stack" data-testid="account-standing">
        <div className="row" style={{ gap: 10, flexWrap: 'wrap', alignItems: 'baseline' }}>
          <QuadrantBadge quadrant={a.quadrant} />
          {a.quadrant && <span className="small">{QUADRANT_ACTION[a.quadrant]}</span>}
          {a.previousQuadrant && a.previousQuadrant !== a.quadrant && <span className="small muted">Last quarter: {QUADRANT_LABELS[a.previousQuadrant]}</span>}
        </div>
        {a.summaryIndex !== null && (
          <p className="small muted">
            Summary index {formatIndex(a.summaryIndex)} · NPS {formatNps(a.nps.score)} (mean {formatIndex(a.nps.mean)}) · {formatCount(a.n)} responses from {formatCount(a.contacts)} contacts
            {a.smallSample && ' (small sample)'}
          </p>
        )}
        {a.perceptionGap && <p className="small" data-testid="account-gap">Perception gap: {a.perceptionGap.sentence}</p>}
      </div>
    </Card>
  );
}
