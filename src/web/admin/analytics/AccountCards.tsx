import { useMemo } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { QUADRANT_LABELS, type Quadrant } from '../../../core/quadrants.ts';
import { TEAM_RATING_LABELS, type TeamRating } from '../../../core/account-signals.ts';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import { ChartCard, type ChartCardValue } from '../../ui/ChartCard.tsx';
import { formatCount, formatDate, formatNps, formatShare } from '../../ui/format.ts';
import type { AccountPlacement, AccountQuadrants, PerceptionGapList, Silence } from './accounts-queries.ts';
import { quadrantBubbleOption, type Bubble } from './quadrant-chart.ts';

/** The cards the account dashboards share: the bubble chart, quadrant totals, movers, perception gap and silence. */

const QUADRANT_TONE: Record<Quadrant, BadgeTone> = { model: 'success', growth: 'info', at_risk: 'danger', dangling: 'warning' };
export const QUADRANT_ACTION: Record<Quadrant, string> = { model: 'Keep', growth: 'Cross-sell and upsell', at_risk: 'Decisive intervention, now', dangling: 'Rescue or let go' };

export function QuadrantBadge({ quadrant }: { quadrant: Quadrant | null }) {
  if (!quadrant) return <span className="muted small">No score</span>;
  return (
    <Badge tone={QUADRANT_TONE[quadrant]} dot>
      {QUADRANT_LABELS[quadrant]}
    </Badge>
  );
}

export const formatIndex = (v: ChartCardValue | undefined): string => (typeof v === 'number' ? v.toFixed(1) : '–');
const money = (v: ChartCardValue) => (typeof v === 'number' ? formatCount(v) : '–');
const nps = (v: ChartCardValue) => (typeof v === 'number' ? formatNps(v) : '–');
const quadrantLabel = (q: Quadrant | null) => (q ? QUADRANT_LABELS[q] : 'no score');
const ratingLabel = (r: TeamRating) => TEAM_RATING_LABELS[r];

/** Scored accounts, in one order for the bubbles and the table rows (a bubble's data index is its row). */
function scoredAccounts(accounts: readonly AccountPlacement[]): AccountPlacement[] {
  return accounts.filter((a) => a.quadrant !== null && a.summaryIndex !== null);
}

export function QuadrantChartCard({ data, title = 'Accounts in four quadrants', compact = false, testId = 'quadrant-card' }: { data: AccountQuadrants; title?: string; compact?: boolean; testId?: string }) {
  const navigate = useNavigate();
  const scored = useMemo(() => scoredAccounts(data.accounts), [data.accounts]);
  const option = useMemo(() => {
    const bubbles: Bubble[] = scored.map((a) => ({
      code: a.code ?? a.name.slice(0, 3).toUpperCase(),
      name: a.name,
      score: a.summaryIndex ?? 0,
      billedRevenue: a.billedRevenue ?? 0,
      estimatedRevenue: a.estimatedRevenue,
      quadrant: a.quadrant ?? 'dangling',
    }));
    return quadrantBubbleOption(bubbles, data.thresholds, { compact });
  }, [scored, data.thresholds, compact]);
  const rows = scored.map((a) => ({
    code: a.code,
    name: a.name,
    quadrant: quadrantLabel(a.quadrant),
    previous: quadrantLabel(a.previousQuadrant),
    index: a.summaryIndex,
    nps: a.nps.score,
    npsMean: a.nps.mean,
    n: a.n,
    sample: a.smallSample ? 'small' : '',
    billed: a.billedRevenue,
    estimated: a.estimatedRevenue,
  }));
  const source = data.thresholds.revenueThresholdSource === 'median' ? 'the median of your accounts' : 'the company setting';
  return (
    <ChartCard
      title={title}
      option={scored.length > 0 ? option : undefined}
      height={compact ? 340 : 520}
      chartLabel={`Bubble chart of ${scored.length} accounts: summary score against billed revenue, bubble size the estimated revenue`}
      filename="account-quadrants"
      testId={testId}
      onItemClick={(i) => {
        const a = scored[i];
        if (a) void navigate({ to: '/accounts/$id', params: { id: a.id } });
      }}
      table={{
        columns: [
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Account' },
          { key: 'quadrant', label: 'Quadrant' },
          { key: 'previous', label: 'Last quarter' },
          { key: 'index', label: 'Summary index', numeric: true, format: formatIndex },
          { key: 'nps', label: 'NPS', numeric: true, format: nps },
          { key: 'npsMean', label: 'Mean 0–10', numeric: true, format: formatIndex },
          { key: 'n', label: 'n', numeric: true },
          { key: 'sample', label: 'Sample' },
          { key: 'billed', label: 'Billed revenue', numeric: true, format: money },
          { key: 'estimated', label: 'Estimated revenue', numeric: true, format: money },
        ],
        rows,
      }}
      note={
        <>
          Score: the summary index (0–100) of each account's responses, {formatDate(data.window.from)} – {formatDate(data.window.to)}. Lines at the score target{' '}
          {data.thresholds.scoreTarget} and billed revenue {formatCount(data.thresholds.revenueThreshold)} ({source}); a value on a line counts as good. Bubble size: booked plus potential revenue.
          {data.unscored > 0 && ` ${data.unscored} account${data.unscored === 1 ? ' has' : 's have'} no responses in the window and no score.`} Accounts rest on few responses: fewer than 30 is marked “small”.
        </>
      }
    />
  );
}

export function QuadrantTotalsCard({ data }: { data: AccountQuadrants }) {
  const billed = data.totals.reduce((s, t) => s + t.billedRevenue, 0);
  return (
    <ChartCard
      title="Quadrant totals"
      filename="quadrant-totals"
      testId="quadrant-totals"
      table={{
        columns: [
          { key: 'quadrant', label: 'Quadrant' },
          { key: 'count', label: 'Accounts', numeric: true },
          { key: 'billed', label: 'Billed revenue', numeric: true, format: money },
          { key: 'share', label: 'Share of billed', numeric: true, format: (v) => (typeof v === 'number' ? formatShare(v) : '–') },
          { key: 'action', label: 'What to do' },
        ],
        rows: data.totals.map((t) => ({ quadrant: QUADRANT_LABELS[t.quadrant], count: t.count, billed: t.billedRevenue, share: billed > 0 ? t.billedRevenue / billed : null, action: QUADRANT_ACTION[t.quadrant] })),
      }}
    />
  );
}

export function MoversCard({ data }: { data: AccountQuadrants }) {
  const byId = new Map(data.accounts.map((a) => [a.id, a]));
  const rows = data.movers.flatMap((id) => {
    const a = byId.get(id);
    return a ? [{ code: a.code, name: a.name, from: quadrantLabel(a.previousQuadrant), before: a.previousSummaryIndex, now: a.summaryIndex, billed: a.billedRevenue, key: a.keyAccount ? 'yes' : '' }] : [];
  });
  return (
    <ChartCard
      title="Moved into At-Risk this quarter"
      filename="movers-into-at-risk"
      testId="movers"
      table={{
        columns: [
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Account' },
          { key: 'key', label: 'Key account' },
          { key: 'from', label: 'Was' },
          { key: 'before', label: 'Index then', numeric: true, format: formatIndex },
          { key: 'now', label: 'Index now', numeric: true, format: formatIndex },
          { key: 'billed', label: 'Billed revenue', numeric: true, format: money },
        ],
        rows,
      }}
      note={`“Then”: the window of the same length ending ${formatDate(data.previousWindow.to)}, the end of the previous quarter.`}
    />
  );
}

export function PerceptionGapCard({ data, limit }: { data: PerceptionGapList; limit?: number }) {
  const rows = (limit ? data.rows.slice(0, limit) : data.rows).map((r) => ({
    code: r.code,
    name: r.name,
    team: ratingLabel(r.gap.teamRating),
    customers: ratingLabel(r.gap.customerRating),
    index: r.summaryIndex,
    nps: r.nps.score,
    n: r.n,
    gap: r.gap.points,
    sentence: r.gap.sentence,
    assessedOn: r.gap.assessedOn,
  }));
  return (
    <ChartCard
      title="Perception gap"
      filename="perception-gap"
      testId="perception-gap"
      table={{
        columns: [
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Account' },
          { key: 'sentence', label: 'What it means' },
          { key: 'team', label: 'Team rated' },
          { key: 'customers', label: 'Customers say' },
          { key: 'gap', label: 'Gap (points)', numeric: true, format: (v) => (typeof v === 'number' ? `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(0)}` : '–') },
          { key: 'index', label: 'Index', numeric: true, format: formatIndex },
          { key: 'nps', label: 'NPS', numeric: true, format: nps },
          { key: 'n', label: 'n', numeric: true },
          { key: 'assessedOn', label: 'Assessed' },
        ],
        rows,
      }}
      note={
        <>
          The team's latest assessment against the customers' summary index, read in quarters (below 25 at risk, 25–50 fair, 50–75 good, 75 and above superior). Gap: the rating's middle (superior
          87.5, good 62.5, fair 37.5, at risk 12.5) minus the index; positive means the team thinks better of the relationship. Largest first.
          {data.assessedWithoutScore > 0 && ` ${data.assessedWithoutScore} assessed account${data.assessedWithoutScore === 1 ? ' has' : 's have'} no responses to compare with.`}
        </>
      }
    />
  );
}

export function SilentAccountsCard({ data }: { data: Silence }) {
  return (
    <ChartCard
      title="Key accounts not answering"
      filename="silent-key-accounts"
      testId="silent-accounts"
      table={{
        columns: [
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Account' },
          { key: 'sent', label: 'Invitations sent', numeric: true },
          { key: 'lastInvited', label: 'Last invited' },
          { key: 'lastResponse', label: 'Last response ever' },
          { key: 'billed', label: 'Billed revenue', numeric: true, format: money },
        ],
        rows: data.accounts.map((a) => ({ code: a.code, name: a.name, sent: a.invitationsSent, lastInvited: formatDate(a.lastInvitedAt), lastResponse: a.lastResponseAt ? formatDate(a.lastResponseAt) : 'never', billed: a.billedRevenue })),
      }}
      note="Key accounts invited in the window to the surveys that score accounts, with no answer to them from any of their contacts in it: they have no score."
    />
  );
}

export function SilentAspectsCard({ data }: { data: Silence }) {
  return (
    <ChartCard
      title="Aspects customers do not react to"
      filename="silent-aspects"
      testId="silent-aspects"
      table={{
        columns: [
          { key: 'text', label: 'Aspect' },
          { key: 'survey', label: 'Survey' },
          { key: 'reason', label: 'Why' },
          { key: 'asked', label: 'Asked', numeric: true },
          { key: 'answerRate', label: 'Answered', numeric: true, format: (v) => (typeof v === 'number' ? formatShare(v) : '–') },
          { key: 'middleShare', label: 'In the middle', numeric: true, format: (v) => (typeof v === 'number' ? formatShare(v) : '–') },
        ],
        rows: data.items.map((i) => ({ text: i.text, survey: i.surveyTitle, reason: i.reason === 'unanswered' ? 'Most skip it' : 'Nearly all in the middle', asked: i.asked, answerRate: i.answerRate, middleShare: i.middleShare })),
      }}
      note={data.rule}
    />
  );
}
