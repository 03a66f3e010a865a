import type { AccountAnalyticsQuery, AccountPlacement, AccountQuadrants, PerceptionGapList } from '../../../contract/account-analytics.ts';
import { compareGaps, perceptionGapOf } from '../../../core/account-signals.ts';
import { medianOf, movementOf, quadrantOf, quadrantTotals, revenueAtRisk, type QuadrantThresholds } from '../../../core/quadrants.ts';
import type { AccountRollup } from '../../../core/account-rollup.ts';
import type { SummaryIndex } from '../../../core/summary-index.ts';
import type { Services } from '../../context.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { loadLatestAssessments, type LatestAssessment, type ScopedAccount } from './queries.ts';
import { resolveSettings } from './settings.ts';
import { openAccountView, type AccountView } from './view.ts';

/**
 * Accounts in four quadrants (core/quadrants.ts): every account the reader may see, its roll-up in
 * the window and in the window ending at the previous quarter's end, its quadrant in each, the
 * totals, revenue at risk, the movers, and the perception gap.
 */

function thresholdsOf(view: AccountView): QuadrantThresholds & { revenueThresholdSource: 'median' | 'setting' } {
  const set = view.resolved.settings.revenueThreshold;
  if (set !== null) return { scoreTarget: view.resolved.settings.scoreTarget, revenueThreshold: set, revenueThresholdSource: 'setting' };
  const median = medianOf(view.scoped.map((a) => a.billedRevenue).filter((v): v is number => v !== null));
  return { scoreTarget: view.resolved.settings.scoreTarget, revenueThreshold: median ?? 0, revenueThresholdSource: 'median' };
}

const NO_ROLLUP: AccountRollup = {
  n: 0,
  contacts: 0,
  summaryIndex: null,
  indexN: 0,
  nps: { score: null, mean: null, promoterShare: null, passiveShare: null, detractorShare: null, n: 0 },
  smallSample: true,
};

function gapOf(assessment: LatestAssessment | undefined, r: AccountRollup) {
  if (!assessment || r.summaryIndex === null) return null;
  return { ...perceptionGapOf(assessment.rating, r.summaryIndex, r.nps.score), assessedOn: assessment.assessedOn };
}

function placeAccount(a: ScopedAccount, view: AccountView, t: QuadrantThresholds, assessment: LatestAssessment | undefined): AccountPlacement {
  const r = view.current.get(a.id) ?? NO_ROLLUP;
  const p = view.previous.get(a.id) ?? NO_ROLLUP;
  const quadrant = quadrantOf(r.summaryIndex, a.billedRevenue, t);
  const previousQuadrant = quadrantOf(p.summaryIndex, a.billedRevenue, t);
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    unitId: a.unitId,
    unitName: a.unitName,
    owner: a.ownerId && a.ownerName ? { id: a.ownerId, name: a.ownerName } : null,
    keyAccount: a.keyAccount,
    billedRevenue: a.billedRevenue,
    bookedRevenue: a.bookedRevenue,
    potentialRevenue: a.potentialRevenue,
    estimatedRevenue: (a.bookedRevenue ?? 0) + (a.potentialRevenue ?? 0),
    summaryIndex: r.summaryIndex,
    nps: { score: r.nps.score, mean: r.nps.mean, promoterShare: r.nps.promoterShare, detractorShare: r.nps.detractorShare, n: r.nps.n },
    n: r.n,
    contacts: r.contacts,
    smallSample: r.smallSample,
    quadrant,
    previousSummaryIndex: p.summaryIndex,
    previousQuadrant,
    intoAtRisk: movementOf(previousQuadrant, quadrant).intoAtRisk,
    perceptionGap: gapOf(assessment, r),
  };
}

const BIGGEST = 5;

/** The quadrant view: `GET /api/v1/analytics/accounts` and `corridor report quadrants`. */
export async function getAccountQuadrants(svc: Services, actor: Actor, query: AccountAnalyticsQuery): Promise<AccountQuadrants> {
  authorize(actor, 'customers.read');
  const view = await openAccountView(svc, actor, query);
  const t = thresholdsOf(view);
  const assessments = await loadLatestAssessments(svc.db, view.shown.map((a) => a.id), view.window.to);
  const accounts = view.shown.map((a) => placeAccount(a, view, t, assessments.get(a.id)));
  const changes = accounts
    .filter((a) => a.summaryIndex !== null && a.previousSummaryIndex !== null)
    .map((a) => ({ id: a.id, change: (a.summaryIndex ?? 0) - (a.previousSummaryIndex ?? 0) }));
  const byRevenue = (x: AccountPlacement, y: AccountPlacement) => (y.billedRevenue ?? 0) - (x.billedRevenue ?? 0) || x.name.localeCompare(y.name);
  return {
    window: view.window,
    previousWindow: view.previousWindow,
    thresholds: { scoreTarget: t.scoreTarget, revenueThreshold: t.revenueThreshold, revenueThresholdSource: t.revenueThresholdSource },
    surveys: view.resolved.surveys.map((s) => ({ id: s.id, title: s.title })),
    scored: view.resolved.surveys.length > 0 && view.resolved.summaryIndex !== null,
    accounts,
    totals: quadrantTotals(accounts),
    unscored: accounts.filter((a) => a.quadrant === null).length,
    revenueAtRisk: revenueAtRisk(accounts),
    movers: accounts.filter((a) => a.intoAtRisk).sort(byRevenue).map((a) => a.id),
    biggestMovers: {
      up: changes.filter((c) => c.change > 0).sort((x, y) => y.change - x.change).slice(0, BIGGEST),
      down: changes.filter((c) => c.change < 0).sort((x, y) => x.change - y.change).slice(0, BIGGEST),
    },
  };
}

/** The account team's latest assessment against the customers' score, largest disagreements first. */
export async function getPerceptionGap(svc: Services, actor: Actor, query: AccountAnalyticsQuery): Promise<PerceptionGapList> {
  authorize(actor, 'customers.read');
  const view = await openAccountView(svc, actor, query);
  const assessments = await loadLatestAssessments(svc.db, view.shown.map((a) => a.id), view.window.to);
  const rows: PerceptionGapList['rows'] = [];
  let assessedWithoutScore = 0;
  for (const a of view.shown) {
    const r = view.current.get(a.id) ?? NO_ROLLUP;
    const gap = gapOf(assessments.get(a.id), r);
    if (!gap || r.summaryIndex === null) {
      if (assessments.has(a.id)) assessedWithoutScore++;
      continue;
    }
    rows.push({
      accountId: a.id,
      code: a.code,
      name: a.name,
      keyAccount: a.keyAccount,
      billedRevenue: a.billedRevenue,
      summaryIndex: r.summaryIndex,
      nps: { score: r.nps.score, mean: r.nps.mean, promoterShare: r.nps.promoterShare, detractorShare: r.nps.detractorShare, n: r.nps.n },
      n: r.n,
      gap,
    });
  }
  rows.sort(compareGaps);
  return { window: view.window, rows, assessedWithoutScore };
}

/** The company's summary index (the account settings' own, or the first relationship survey's default); null when none can be made. */
export async function getCompanySummaryIndex(svc: Services, companyId: string): Promise<SummaryIndex | null> {
  return (await resolveSettings(svc.db, companyId)).summaryIndex;
}
