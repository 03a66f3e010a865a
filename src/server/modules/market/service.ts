import type { ExperienceItem, MarketQuery, MarketReview } from '../../../contract/market.ts';
import { scaleItems, type ScaleItem } from '../../../core/answer-keys.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { SMALL_SAMPLE } from '../../../core/nps.ts';
import { compareMetric, type Comparison } from '../../../core/significance.ts';
import type { Services } from '../../context.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { summarizeQuestions } from '../dashboard/service.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { getLiveDefinitions, listReadableSurveys } from '../surveys/service.ts';
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

  const live = (await listReadableSurveys(svc, viewer)).filter(({ survey }) => survey.version !== null);
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  const surveys: MarketReview['surveys'] = [];
  const items: ExperienceItem[] = [];
  for (const { survey, scope } of live) {
    const def = defs.get(survey.id);
    if (!def) continue;
    // The expectation of a gap pair is not a judgement of the company; its experience is.
    const scale = scaleItems(def).filter((i) => !i.key.endsWith('.expectation'));
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
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, markets, period: query.period, from, to, previousFrom, surveys, problems: findProblems(items), items };
}

/** The actor as if scoped to a unit within their scope: what they would see of that unit alone. */
export function narrowActor(actor: Actor, unit: { id: string; path: string }): Actor {
  return { ...actor, unitId: unit.id, unitPath: unit.path };
}

function rescaled(item: ScaleItem, mean: number | null): number | null {
  return mean === null ? null : ((mean - item.scale.min) / (item.scale.max - item.scale.min)) * 100;
}

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
