import type { ExperienceItem } from '../../../contract/market.ts';
import type { Headline, MonthlyReview, MonthlyReviewQuery, ReviewCases, ReviewComment, ReviewProblem } from '../../../contract/reviews.ts';
import { instantOfWall } from '../../../core/business-hours.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { metricOfHistogram } from '../../../core/metrics.ts';
import { SMALL_SAMPLE, Z_95 } from '../../../core/nps.ts';
import { lastCompleteMonth, monthBounds, shiftMonth, type DayRange } from '../../../core/review-periods.ts';
import { listJudgedItems, rescaleToHundred, type ScaleItem } from '../../../core/scale-items.ts';
import { compareMetric } from '../../../core/significance.ts';
import { findCommentQuestion } from '../../../core/survey-definition.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { DataScope } from '../../db/scope.ts';
import { getAccountQuadrants } from '../account-analytics/service.ts';
import { loadCaseSettings } from '../cases/settings.ts';
import { summarizeCases } from '../cases/summary.ts';
import { listGoalsWithProgress } from '../goals/service.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { summarizeQuestions } from '../dashboard/service.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { narrowActor } from '../market/service.ts';
import { getLiveDefinitions, listReadableSurveys } from '../surveys/service.ts';
import { companyIdOf, getVisibleUnit, listVisibleUnits } from '../units/service.ts';
import { loadLowScoreComments } from './queries.ts';
import { presentReviewAccount } from './relationship.ts';

/** The key problems a review lists at most: it is read before the financials, so it stays short. */
const MOST_PROBLEMS = 6;
/** The weakest this many items are problems; a month of one unit holds few answers, so an item needs only MIN_N. */
const WEAKEST = 3;
const MIN_N = 10;

type Histograms = Map<string, Record<string, number>>;

/**
 * A unit's monthly operations review: each survey's headline metric with its margin of error and its
 * change against the month before and the same month a year ago, the key experience problems (the
 * weakest and the significantly declined items, with representative low-score comments) and the
 * accounts that moved into At-Risk. Scores come from the rollups, read as the viewer narrowed to the unit.
 */
export async function getMonthlyReview(svc: Services, actor: Actor, query: MonthlyReviewQuery): Promise<MonthlyReview> {
  authorize(actor, 'surveys.read');
  const unit = await getVisibleUnit(svc.db, actor, query.unitId ?? actor.unitId);
  const viewer = narrowActor(actor, unit);
  const month = query.month ?? lastCompleteMonth(dayOf(svc.now()));
  const range = monthBounds(month);
  const before = monthBounds(shiftMonth(month, -1));
  const yearAgo = monthBounds(shiftMonth(month, -12));

  const live = (await listReadableSurveys(svc, viewer)).filter(({ survey }) => survey.version !== null && survey.kind !== 'employee');
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  const headlines: Headline[] = [];
  const items: ExperienceItem[] = [];
  const details = new Map<ExperienceItem, { item: ScaleItem; def: SurveyDefinition; scope: DataScope; detractorShare: number | null }>();
  for (const { survey, scope } of live) {
    const def = defs.get(survey.id);
    if (!def) continue;
    const scale = listJudgedItems(def);
    const keys = scale.map((i) => i.key);
    const load = (r: DayRange) => loadHistogramsByKey(svc.db, survey.id, keys, r.from, scope, r.to);
    const [now, prev, ago] = await Promise.all([load(range), load(before), load(yearAgo)]);
    const current = summarizeQuestions(scale, now);
    const previous = summarizeQuestions(scale, prev);
    const headline = scale.find((i) => i.metric === 'nps') ?? scale.find((i) => i.metric === 'csat');
    if (headline) headlines.push(headlineOf(survey.id, survey.title, headline, now, prev, ago));
    scale.forEach((item, i) => {
      const cur = current[i];
      const old = previous[i];
      if (!cur || !old || cur.n === 0) return;
      const c = compareMetric(item.metric, now.get(item.key) ?? {}, prev.get(item.key) ?? {}, item.scale);
      const entry: ExperienceItem = {
        surveyId: survey.id,
        surveyTitle: survey.title,
        current: cur,
        score: cur.mean === null ? null : rescaleToHundred(cur.mean, item.scale),
        previousScore: old.mean === null ? null : rescaleToHundred(old.mean, item.scale),
        change: { test: c.test, difference: c.difference, pValue: c.pValue, significant: c.significant, smallSample: c.smallSample },
        reasons: [],
      };
      // The headline is reported above; the problems are the aspects behind it.
      if (item === headline) return;
      items.push(entry);
      details.set(entry, { item, def, scope, detractorShare: detractorShareOf(item, now.get(item.key) ?? {}) });
    });
  }
  const problems: ReviewProblem[] = [];
  for (const p of findMonthProblems(items).slice(0, MOST_PROBLEMS)) {
    const d = details.get(p);
    if (!d) continue;
    problems.push({
      surveyId: p.surveyId,
      surveyTitle: p.surveyTitle,
      key: p.current.key,
      text: p.current.text,
      touchPoints: p.current.touchPoints,
      n: p.current.n,
      score: p.score,
      previousScore: p.previousScore,
      change: p.change.difference,
      significant: p.change.significant,
      detractorShare: d.detractorShare,
      reasons: p.reasons,
      smallSample: p.current.n < SMALL_SAMPLE,
      comments: await commentsOf(svc, p.surveyId, d.item, d.def, d.scope, range),
    });
  }
  const accounts = can(viewer, 'customers.read') ? await accountsOf(svc, viewer, unit.id, range.to) : null;
  const units = (await listVisibleUnits(svc.db, actor)).map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.depth }));
  const cases = can(viewer, 'cases.read') ? await casesOf(svc, unit.path, range) : null;
  const { goals } = await listGoalsWithProgress(svc, viewer, { unit: unit.id });
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, units, month, from: range.from, to: range.to, headlines, problems, accounts, cases, goals };
}

/** The cases of the unit opened in the month, its days taken in the company's time zone (Settings → Cases). */
async function casesOf(svc: Services, unitPath: string, range: { from: string; to: string }): Promise<ReviewCases> {
  const { calendar } = await loadCaseSettings(svc.db, companyIdOf(unitPath));
  const midnight = (day: string) => new Date(instantOfWall(calendar.timeZone, Date.parse(`${day}T00:00:00Z`)));
  const s = await summarizeCases(svc.db, { unitPath, from: midnight(range.from), to: midnight(addDays(range.to, 1)) });
  return { ...s, notable: s.notable.map((c) => ({ title: c.title, resolution: c.resolution, customerToldAt: c.customerToldAt?.toISOString() ?? null, closedAt: c.closedAt.toISOString() })) };
}

/**
 * The month's key problems: the significant declines, the largest drop on the common 0–100 scale
 * first (an NPS point and a point of a five-point mean are not comparable; their rescaled means
 * are), then the weakest items with at least MIN_N answers, lowest first.
 */
export function findMonthProblems(items: ExperienceItem[]): ExperienceItem[] {
  const eligible = items.filter((i) => i.score !== null && i.current.n >= MIN_N).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  for (const i of eligible.slice(0, WEAKEST)) i.reasons.push('low');
  for (const i of items) if (i.change.significant && (i.change.difference ?? 0) < 0) i.reasons.push('declined');
  const drop = (i: ExperienceItem) => (i.score === null || i.previousScore === null ? 0 : i.score - i.previousScore);
  const declined = (i: ExperienceItem) => i.reasons.includes('declined');
  return items.filter((i) => i.reasons.length > 0).sort((a, b) => Number(declined(b)) - Number(declined(a)) || (declined(a) ? drop(a) - drop(b) : (a.score ?? 0) - (b.score ?? 0)));
}

function headlineOf(surveyId: string, surveyTitle: string, item: ScaleItem, now: Histograms, prev: Histograms, ago: Histograms): Headline {
  const kind = item.metric === 'nps' ? 'nps' : 'csat';
  const h = now.get(item.key) ?? {};
  const m = metricOfHistogram(kind, h, item.scale);
  const against = (other: Histograms) => {
    const o = other.get(item.key) ?? {};
    const v = metricOfHistogram(kind, o, item.scale);
    const c = compareMetric(kind, h, o, item.scale);
    return { value: v.value, n: v.n, difference: m.value === null || v.value === null ? null : m.value - v.value, significant: c.significant };
  };
  return {
    surveyId,
    surveyTitle,
    key: item.key,
    text: item.text,
    metric: kind,
    value: m.value,
    marginOfError: m.standardError === null ? null : Z_95 * m.standardError,
    n: m.n,
    previousMonth: against(prev),
    yearAgo: against(ago),
  };
}

/** Detractors' share for NPS (0–6), else the share of the two lowest answers; 0–1. */
function detractorShareOf(item: ScaleItem, h: Readonly<Record<string, number>>): number | null {
  const atMost = lowAnswerOf(item);
  let low = 0;
  let n = 0;
  for (const [value, count] of Object.entries(h)) {
    const v = Number(value);
    if (!Number.isFinite(v)) continue;
    n += count;
    if (v <= atMost) low += count;
  }
  return n === 0 ? null : low / n;
}

const lowAnswerOf = (item: ScaleItem) => (item.metric === 'nps' ? 6 : item.scale.min + 1);

async function commentsOf(svc: Services, surveyId: string, item: ScaleItem, def: SurveyDefinition, scope: DataScope, range: DayRange): Promise<ReviewComment[]> {
  const comment = findCommentQuestion(def);
  // Every scored part has its own flat key in the answers (a matrix row is "<question>.<row>").
  if (!comment) return [];
  const rows = await loadLowScoreComments(svc.db, { surveyId, questionId: item.key, commentId: comment.id, atMost: lowAnswerOf(item), ...range, scope, limit: 2 });
  return rows.map((r) => ({ text: r.text, score: r.score === null ? null : Number(r.score), submittedAt: r.submitted_at.toISOString() }));
}

async function accountsOf(svc: Services, viewer: Actor, unitId: string, to: string): Promise<NonNullable<MonthlyReview['accounts']>> {
  const q = await getAccountQuadrants(svc, viewer, { unit: unitId, to });
  const intoAtRisk = q.accounts
    .filter((a) => a.intoAtRisk)
    .sort((a, b) => (b.billedRevenue ?? 0) - (a.billedRevenue ?? 0))
    .map(presentReviewAccount);
  return { intoAtRisk, atRisk: q.totals.find((t) => t.quadrant === 'at_risk')?.count ?? 0, revenueAtRisk: q.revenueAtRisk };
}
