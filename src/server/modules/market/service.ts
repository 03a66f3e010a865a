import type { ExperienceItem, MarketQuery, MarketReview } from '../../../contract/market.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { SMALL_SAMPLE } from '../../../core/nps.ts';
import { listJudgedItems, rescaleToHundred, type ScaleItem } from '../../../core/scale-items.ts';
import { compareMetric, type Comparison } from '../../../core/significance.ts';
import type { Services } from '../../context.ts';
import type { AccountQuadrants } from '../../../contract/account-analytics.ts';
import { getAccountQuadrants } from '../account-analytics/service.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { getSurveyDrivers } from '../drivers/service.ts';
import { summarizeQuestions } from '../dashboard/service.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { getLiveDefinitions, listCustomerSurveys } from '../surveys/service.ts';
import { getVisibleUnit, listVisibleUnits } from '../units/service.ts';

const PERIOD_DAYS = { '30d': 30, '90d': 90, '12m': 365 } as const;
/** The lowest quarter of the aspects with enough answers counts as problems: at least one, at most three. */
const lowestCount = (trusted: number) => Math.min(3, Math.max(1, Math.floor(trusted / 4)));

/**
 * The general manager's review of one market: every experience aspect the market's customers rated,
 * this period against the one before, and the key problems — the lowest-scoring aspects and those
 * that got significantly worse. Everything is read as the viewer narrowed to that unit, so the
 * services underneath scope it (and the viewer must see the unit). Nothing is compared with other
 * markets: a market's manager sees nothing of another, not even the company's total.
 */
export async function getMarketReview(svc: Services, actor: Actor, query: MarketQuery): Promise<MarketReview> {
  authorize(actor, 'surveys.read');
  const units = await listVisibleUnits(svc.db, actor);
  const markets = units.filter((u) => u.kind === 'market').map((u) => ({ id: u.id, name: u.name }));
  const unitId = query.unit ?? (units[0]?.kind === 'company' ? (markets[0]?.id ?? units[0]?.id) : units[0]?.id) ?? actor.unitId;
  const unit = await getVisibleUnit(svc.db, actor, unitId);
  const viewer = narrowActor(actor, unit);

  const days = PERIOD_DAYS[query.period];
  const to = dayOf(svc.now());
  const from = addDays(to, -(days - 1));
  const previousFrom = addDays(from, -days);
  const previousTo = addDays(from, -1);

  const live = (await listCustomerSurveys(svc, viewer)).filter(({ survey }) => survey.version !== null);
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  const surveys: MarketReview['surveys'] = [];
  const items: ExperienceItem[] = [];
  for (const { survey, scope } of live) {
    const def = defs.get(survey.id);
    if (!def) continue;
    // The expectation of a gap pair is not a judgement of the company; its experience is.
    const scale = listJudgedItems(def);
    const keys = scale.map((i) => i.key);
    const [now, before] = await Promise.all([
      loadHistogramsByKey(svc.db, survey.id, keys, from, scope, to),
      loadHistogramsByKey(svc.db, survey.id, keys, previousFrom, scope, previousTo),
    ]);
    const current = summarizeQuestions(scale, now);
    const previous = summarizeQuestions(scale, before);
    scale.forEach((item, i) => {
      const cur = current[i];
      const prev = previous[i];
      if (!cur || !prev || cur.n === 0) return;
      const change = compareMetric(item.metric, now.get(item.key) ?? {}, before.get(item.key) ?? {}, item.scale);
      items.push({ surveyId: survey.id, surveyTitle: survey.title, current: cur, score: rescaled(item, cur.mean), previousScore: rescaled(item, prev.mean), change: presentChange(change), reasons: [] });
      if (item.metric === 'nps' && !surveys.some((s) => s.surveyId === survey.id)) {
        surveys.push({ surveyId: survey.id, title: survey.title, nps: cur, previousNps: prev.metric.value, change: presentChange(change) });
      }
    });
  }
  const relationship = live.find(({ survey }) => survey.kind === 'relationship')?.survey;
  // Drivers need more answers than a period holds: always the last twelve months, by touch point (a
  // touch point's value is the mean of its answered items, so more responses score every driver).
  const drivers = relationship ? await getSurveyDrivers(svc, viewer, relationship.id, { drivers: 'touch-points', from: addDays(to, -364), to }) : null;
  const accounts = can(viewer, 'customers.read') ? accountsNeedingAction(await getAccountQuadrants(svc, viewer, { unit: unit.id })) : null;
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, markets, period: query.period, from, to, previousFrom, surveys, problems: findProblems(items), items, drivers, accounts };
}

/** A perception gap this wide (in 0–100 points, the team kinder than the contacts) needs a conversation. */
const GAP_TO_ACT = 25;

function accountsNeedingAction(q: AccountQuadrants): NonNullable<MarketReview['accounts']> {
  const needAction = q.accounts
    .map((a) => {
      const why: ('at_risk' | 'into_at_risk' | 'perception_gap')[] = [];
      if (a.quadrant === 'at_risk') why.push('at_risk');
      if (a.intoAtRisk) why.push('into_at_risk');
      if (a.perceptionGap && a.perceptionGap.points >= GAP_TO_ACT) why.push('perception_gap');
      return { ...a, why };
    })
    .filter((a) => a.why.length > 0)
    .sort((a, b) => (b.billedRevenue ?? 0) - (a.billedRevenue ?? 0))
    .slice(0, 12);
  return { needAction, revenueAtRisk: q.revenueAtRisk, scored: q.accounts.filter((a) => a.quadrant !== null).length };
}

/** The actor as if scoped to a unit within their scope: what they would see of that unit alone. */
export function narrowActor(actor: Actor, unit: { id: string; path: string }): Actor {
  return { ...actor, unitId: unit.id, unitPath: unit.path };
}

const rescaled = (item: ScaleItem, mean: number | null) => (mean === null ? null : rescaleToHundred(mean, item.scale));

function presentChange(c: Comparison): ExperienceItem['change'] {
  return { test: c.test, difference: c.difference, pValue: c.pValue, significant: c.significant, smallSample: c.smallSample };
}

/**
 * Marks the key problems and returns them worst first: significant declines (largest drop first),
 * then the lowest-scoring quarter of the aspects with enough answers to trust (n ≥ 30).
 */
export function findProblems(items: ExperienceItem[]): ExperienceItem[] {
  const trusted = items.filter((i) => i.score !== null && i.current.n >= SMALL_SAMPLE).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  for (const i of trusted.slice(0, trusted.length === 0 ? 0 : lowestCount(trusted.length))) i.reasons.push('low');
  for (const i of items) if (i.change.significant && (i.change.difference ?? 0) < 0) i.reasons.push('declined');
  const declined = (i: ExperienceItem) => i.reasons.includes('declined');
  return items
    .filter((i) => i.reasons.length > 0)
    .sort((a, b) => Number(declined(b)) - Number(declined(a)) || (declined(a) ? (a.change.difference ?? 0) - (b.change.difference ?? 0) : (a.score ?? 0) - (b.score ?? 0)));
}
