import type { Comment, NpsStats, Overview, QuestionSummary, SurveyDashboard, TrendPoint } from '../../../contract/dashboard.ts';
import type { Period } from '../../../contract/surveys.ts';
import { addDays, dayOf, weekStart } from '../../../core/dates.ts';
import { metricOfHistogram, summarizeRating } from '../../../core/metrics.ts';
import { listScaleItems, type ScaleItem } from '../../../core/scale-items.ts';
import { computeNps, countNpsBands, mergeHistograms } from '../../../core/nps.ts';
import { findCommentQuestion, findNpsQuestion } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { getCompanyOf } from '../units/service.ts';
import { getLiveDefinitions, getSurveyForReading, listCustomerSurveys } from '../surveys/service.ts';
import { countResponsesBetween, loadDailyHistograms, loadHistogramsByKey, loadLatestComments, type CommentRow, type DayHistogram } from './queries.ts';

const PERIOD_DAYS: Record<Period, number | null> = { '30d': 30, '90d': 90, '12m': 365, all: null };

/** The first day inside a period ending today, or null for all time. */
export function periodStart(period: Period, today: string): string | null {
  const days = PERIOD_DAYS[period];
  return days === null ? null : addDays(today, -(days - 1));
}

function npsOf(histogram: Record<string, number>): NpsStats {
  return computeNps(countNpsBands(histogram));
}

/** NPS per ISO week, oldest first. */
export function weeklyTrend(days: readonly DayHistogram[]): TrendPoint[] {
  const byWeek = new Map<string, Record<string, number>[]>();
  for (const d of days) {
    const w = weekStart(d.day);
    byWeek.set(w, [...(byWeek.get(w) ?? []), d.counts]);
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, hs]) => {
      const nps = npsOf(mergeHistograms(hs));
      return { weekStart: week, n: nps.n, score: nps.score };
    });
}

function presentComment(row: CommentRow): Comment {
  const score = row.score === null ? null : Number(row.score);
  return { responseId: row.id, submittedAt: row.submitted_at.toISOString(), text: row.text, score: Number.isInteger(score) ? score : null };
}

/** What the dashboards report on: the live version's questions (the draft may differ). */
async function reportedQuestions(svc: Services, surveyIds: string[]) {
  const defs = await getLiveDefinitions(svc, surveyIds);
  return new Map(
    surveyIds.map((id) => {
      const def = defs.get(id);
      return [id, { nps: def && findNpsQuestion(def), comment: def && findCommentQuestion(def), items: def ? listScaleItems(def) : [] }] as const;
    }),
  );
}

/** Each scale answer's headline metric and spread, from its histogram over the period. */
export function summarizeQuestions(items: readonly ScaleItem[], histograms: ReadonlyMap<string, Record<string, number>>): QuestionSummary[] {
  return items.map((item) => {
    const h = histograms.get(item.key) ?? {};
    const r = summarizeRating(h, item.scale);
    const m = metricOfHistogram(item.metric, h, item.scale);
    return {
      key: item.key,
      text: item.text,
      type: item.type,
      scale: { min: item.scale.min, max: item.scale.max },
      touchPoints: item.touchPoints,
      metric: { kind: item.metric, value: m.value, standardError: m.standardError, interval: m.interval },
      n: r.n,
      mean: r.mean,
      sd: r.sd,
      topBox: r.topBox,
      topTwoBox: r.topTwoBox,
      bottomTwoBox: r.bottomTwoBox,
      distribution: r.distribution,
      smallSample: r.smallSample,
    };
  });
}

/** The survey's NPS dashboard, read from the rollups (only the latest comments come from responses). */
export async function getSurveyDashboard(svc: Services, actor: Actor, surveyId: string, period: Period): Promise<SurveyDashboard> {
  const { survey, scope } = await getSurveyForReading(svc, actor, surveyId);
  const fromDay = periodStart(period, dayOf(svc.now()));
  const { nps: npsQ, comment: commentQ, items = [] } = (await reportedQuestions(svc, [surveyId])).get(surveyId) ?? {};
  const days = npsQ ? await loadDailyHistograms(svc.db, surveyId, npsQ.id, fromDay, scope) : [];
  const total = mergeHistograms(days.map((d) => d.counts));
  const comments = commentQ
    ? await loadLatestComments(svc.db, { surveyId, commentId: commentQ.id, scoreId: npsQ?.id ?? null, fromDay, scope, limit: 12 })
    : [];
  return {
    survey,
    period,
    question: npsQ ? { id: npsQ.id, text: npsQ.text } : null,
    nps: npsOf(total),
    distribution: Array.from({ length: 11 }, (_, i) => total[String(i)] ?? 0),
    trend: weeklyTrend(days),
    comments: comments.map(presentComment),
    questions: summarizeQuestions(items, await loadHistogramsByKey(svc.db, surveyId, items.map((i) => i.key), fromDay, scope)),
  };
}

/** The home page: each live survey's NPS over twelve months, response volume and the latest comments. */
export async function getOverview(svc: Services, actor: Actor): Promise<Overview> {
  const live = (await listCustomerSurveys(svc, actor)).filter(({ survey }) => survey.version !== null);
  const today = dayOf(svc.now());
  const company = await getCompanyOf(svc.db, actor.unitPath);
  const yearStart = periodStart('12m', today);
  const trendStart = addDays(weekStart(today), -7 * 11);
  const questions = await reportedQuestions(svc, live.map(({ survey }) => survey.id));
  const cards: Overview['surveys'] = [];
  const comments: Overview['comments'] = [];
  let responses30d = 0;
  let responsesPrevious30d = 0;
  for (const { survey, scope } of live) {
    const id = survey.id;
    const { nps: npsQ, comment: commentQ } = questions.get(id) ?? {};
    const days = npsQ ? await loadDailyHistograms(svc.db, id, npsQ.id, yearStart, scope) : [];
    cards.push({
      survey,
      nps: npsOf(mergeHistograms(days.map((d) => d.counts))),
      trend: weeklyTrend(days.filter((d) => d.day >= trendStart)),
    });
    if (commentQ) {
      const rows = await loadLatestComments(svc.db, { surveyId: id, commentId: commentQ.id, scoreId: npsQ?.id ?? null, fromDay: yearStart, scope, limit: 8 });
      comments.push(...rows.map((r) => ({ ...presentComment(r), surveyId: id, surveyTitle: survey.title })));
    }
    responses30d += await countResponsesBetween(svc.db, id, scope, addDays(today, -29), addDays(today, 1));
    responsesPrevious30d += await countResponsesBetween(svc.db, id, scope, addDays(today, -59), addDays(today, -29));
  }
  comments.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return { companyName: company.name, responses30d, responsesPrevious30d, surveys: cards, comments: comments.slice(0, 8) };
}
