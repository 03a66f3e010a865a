import type { CorridorStepView, CorridorView, CorridorViewQuery } from '../../../contract/drivers.ts';
import { CorridorViewQuerySchema } from '../../../contract/drivers.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { SMALL_SAMPLE } from '../../../core/nps.ts';
import { listScaleItems, type ScaleItem } from '../../../core/scale-items.ts';
import { findNpsQuestion } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { getLiveDefinitions, listCustomerSurveys } from '../surveys/service.ts';
import { listCorridors } from '../touch-points/corridors.ts';
import { companyIdOf } from '../units/service.ts';
import { loadItemMonths, loadItemTotals, loadTouchPointNames } from './queries.ts';
import { analyzeSurveyDrivers } from './service.ts';
import { flagSnarls, monthsEndingWith, Pool } from '../../../core/corridor-view.ts';

/**
 * The corridor view: an audience's touch points in order, each scored over every survey the reader
 * may read (from the daily rollups, in the reader's scope), with its weight in the relationship NPS
 * and the expectation–experience gap where a gap question is tagged with it.
 */

interface StepPools {
  score: Pool;
  months: Map<string, Pool>;
  expectation: Pool;
  experience: Pool;
  /** The scale gap means are shown on: the first gap question's. */
  gapScale: { min: number; max: number } | null;
}

function newPools(): StepPools {
  return { score: new Pool(), months: new Map(), expectation: new Pool(), experience: new Pool(), gapScale: null };
}

/** Adds one survey's rollup figures for the items tagged with each step. */
async function addSurvey(svc: Services, pools: Map<string, StepPools>, s: { id: string; scope: Parameters<typeof loadItemTotals>[3]; items: ScaleItem[] }, window: { from: string; to: string; trendFrom: string }) {
  const tagged = s.items.filter((i) => i.touchPoints.some((tp) => pools.has(tp)));
  if (tagged.length === 0) return;
  const keys = tagged.map((i) => i.key);
  const totals = await loadItemTotals(svc.db, s.id, keys, s.scope, window.from, window.to);
  const months = await loadItemMonths(svc.db, s.id, keys, s.scope, window.trendFrom, window.to);
  for (const item of tagged) {
    for (const tp of item.touchPoints) {
      const step = pools.get(tp);
      if (!step) continue;
      const total = totals.get(item.key) ?? { n: 0, sum: 0 };
      if (item.part === 'expectation') {
        step.expectation.add(total, item.scale);
        continue;
      }
      step.score.add(total, item.scale);
      if (item.part === 'experience') {
        step.experience.add(total, item.scale);
        step.gapScale ??= item.scale;
      }
      for (const m of months) {
        if (m.key !== item.key) continue;
        const pool = step.months.get(m.month) ?? new Pool();
        pool.add(m, item.scale);
        step.months.set(m.month, pool);
      }
    }
  }
}

/** Importance per touch point: shares of R² in the largest relationship survey with enough responses. */
async function loadImportance(svc: Services, actor: Actor, surveys: { id: string; title: string; kind: string; scope: Parameters<typeof loadItemTotals>[3] }[], window: { from: string; to: string }) {
  const defs = await getLiveDefinitions(svc, surveys.map((s) => s.id));
  let best: { surveyId: string; surveyTitle: string; n: number; rSquared: number | null; shares: Map<string, number> } | null = null;
  let message = 'No relationship survey with an NPS question is live in your scope';
  for (const s of surveys) {
    const definition = defs.get(s.id);
    if (s.kind !== 'relationship' || !definition || !findNpsQuestion(definition)) continue;
    const result = await analyzeSurveyDrivers(svc, {
      surveyId: s.id,
      definition,
      companyId: companyIdOf(actor.unitPath),
      selection: { surveyId: s.id, scope: s.scope, from: window.from, to: window.to },
      driverSet: 'touch-points',
      method: 'auto',
    });
    if (result.status !== 'ok') {
      if (!best) message = `${s.title}: ${result.message ?? 'no driver weights'}`;
      continue;
    }
    if (!best || result.n > best.n) best = { surveyId: s.id, surveyTitle: s.title, n: result.n, rSquared: result.rSquared, shares: new Map(result.drivers.map((d) => [d.key, d.share])) };
  }
  return best
    ? { source: { surveyId: best.surveyId, surveyTitle: best.surveyTitle, n: best.n, rSquared: best.rSquared, message: null }, shares: best.shares }
    : { source: { surveyId: null, surveyTitle: null, n: 0, rSquared: null, message }, shares: new Map<string, number>() };
}

/** GET /corridors/:audienceRole/view, and `corridor report corridor`. */
export async function getCorridorView(svc: Services, actor: Actor, audienceRole: string, raw: Partial<CorridorViewQuery>): Promise<CorridorView> {
  authorize(actor, 'surveys.read');
  const query = CorridorViewQuerySchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  const corridor = (await listCorridors(svc.db, companyId)).find((c) => c.audienceRole === audienceRole);
  if (!corridor) throw new NotFoundError(`The corridor of ${audienceRole}`);
  const to = query.to ?? dayOf(svc.now());
  const from = query.from ?? addDays(to, -364);
  if (from > to) throw new ValidationError('from is after to; swap them', [{ path: 'from', message: 'Must not be after to' }]);
  const months = monthsEndingWith(to, 12);
  const window = { from, to, trendFrom: `${months[0]}-01` };

  const live = (await listCustomerSurveys(svc, actor)).filter(({ survey }) => survey.version !== null);
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  const pools = new Map(corridor.touchPoints.map((key) => [key, newPools()]));
  for (const { survey, scope } of live) {
    const def = defs.get(survey.id);
    if (def) await addSurvey(svc, pools, { id: survey.id, scope, items: listScaleItems(def) }, window);
  }
  const importance = await loadImportance(
    svc,
    actor,
    live.map(({ survey, scope }) => ({ id: survey.id, title: survey.title, kind: survey.kind, scope })),
    window,
  );
  const names = await loadTouchPointNames(svc.db, companyId);

  const steps: CorridorStepView[] = corridor.touchPoints.map((key) => {
    const p = pools.get(key) ?? newPools();
    const scale = p.gapScale;
    const expectation = scale ? p.expectation.meanOn(scale) : null;
    const experience = scale ? p.experience.meanOn(scale) : null;
    return {
      key,
      name: names.get(key)?.name ?? key,
      stage: names.get(key)?.stage ?? '',
      score: p.score.score(),
      n: p.score.n,
      smallSample: p.score.n < SMALL_SAMPLE,
      trend: months.map((month) => {
        const m = p.months.get(month);
        return { month, score: m?.score() ?? null, n: m?.n ?? 0 };
      }),
      importance: importance.shares.get(key) ?? null,
      gap:
        scale && expectation !== null && experience !== null
          ? { expectation, experience, gap: experience - expectation, n: Math.min(p.expectation.n, p.experience.n), scale }
          : null,
      snarl: false,
    };
  });
  return { corridor: { audienceRole: corridor.audienceRole, name: corridor.name }, from, to, steps: flagSnarls(steps), importance: importance.source };
}
