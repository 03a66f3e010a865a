import type { AccountPlacement } from '../../../contract/account-analytics.ts';
import type { RelationshipSummary, RelationshipSummaryQuery, ReviewAccount } from '../../../contract/reviews.ts';
import { dayOf } from '../../../core/dates.ts';
import { metricOfHistogram, summarizeRating } from '../../../core/metrics.ts';
import { Z_95 } from '../../../core/nps.ts';
import { findRecurringTerms, type PeriodComment } from '../../../core/recurring-terms.ts';
import { lastCompleteQuarter, quarterBounds, shiftQuarter } from '../../../core/review-periods.ts';
import { listJudgedItems, rescaleToHundred } from '../../../core/scale-items.ts';
import { findCommentQuestion } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { getAccountQuadrants, getPerceptionGap } from '../account-analytics/service.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { narrowActor } from '../market/service.ts';
import { getLiveDefinitions, listReadableSurveys } from '../surveys/service.ts';
import { getVisibleUnit, listVisibleUnits } from '../units/service.ts';
import { loadLowScoreComments } from './queries.ts';

const QUARTERS = 4;
const WEAKEST = 6;

/**
 * The rolling summary of relationship issues for the quarterly strategy discussion: the last four
 * complete quarters of the relationship surveys (headline trend and every item, from the rollups),
 * the weakest items and how they moved, the accounts in At-Risk and Dangling, the widest perception
 * gaps, and the words low scorers keep using in their comments.
 */
export async function getRelationshipSummary(svc: Services, actor: Actor, query: RelationshipSummaryQuery): Promise<RelationshipSummary> {
  authorize(actor, 'surveys.read');
  const unit = await getVisibleUnit(svc.db, actor, query.unitId ?? actor.unitId);
  const viewer = narrowActor(actor, unit);
  const last = lastCompleteQuarter(dayOf(svc.now()));
  const quarters = Array.from({ length: QUARTERS }, (_, i) => shiftQuarter(last, i - (QUARTERS - 1)));
  const live = (await listReadableSurveys(svc, viewer)).filter(({ survey }) => survey.version !== null && survey.kind === 'relationship');
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  const surveys: RelationshipSummary['surveys'] = [];
  const items: RelationshipSummary['weakest'] = [];
  const comments: PeriodComment[] = [];
  for (const { survey, scope } of live) {
    const def = defs.get(survey.id);
    if (!def) continue;
    const scale = listJudgedItems(def);
    const keys = scale.map((i) => i.key);
    const byQuarter = await Promise.all(quarters.map((q) => quarterBounds(q)).map((r) => loadHistogramsByKey(svc.db, survey.id, keys, r.from, scope, r.to)));
    const headline = scale.find((i) => i.metric === 'nps') ?? scale.find((i) => i.metric === 'csat');
    const metric = headline ? (headline.metric === 'nps' ? 'nps' : 'csat') : null;
    surveys.push({
      surveyId: survey.id,
      title: survey.title,
      metric,
      trend: quarters.map((quarter, i) => {
        if (!headline || !metric) return { quarter, value: null, n: 0, marginOfError: null };
        const m = metricOfHistogram(metric, byQuarter[i]?.get(headline.key) ?? {}, headline.scale);
        return { quarter, value: m.value, n: m.n, marginOfError: m.standardError === null ? null : Z_95 * m.standardError };
      }),
    });
    for (const item of scale) {
      const scores = quarters.map((quarter, i) => {
        const r = summarizeRating(byQuarter[i]?.get(item.key) ?? {}, item.scale);
        return { quarter, score: r.mean === null ? null : rescaleToHundred(r.mean, item.scale), n: r.n };
      });
      const [first, , previous, latest] = scores;
      if (!latest || latest.score === null) continue;
      const diff = (o: { score: number | null } | undefined) => (o?.score == null || latest.score === null ? null : latest.score - o.score);
      items.push({ surveyId: survey.id, key: item.key, text: item.text, scores, changeFromPrevious: diff(previous), changeOverYear: diff(first) });
    }
    const comment = findCommentQuestion(def);
    if (headline && comment && headline.key === headline.questionId) {
      const atMost = headline.metric === 'nps' ? 6 : headline.scale.min + 1;
      for (const quarter of quarters) {
        const rows = await loadLowScoreComments(svc.db, { surveyId: survey.id, questionId: headline.key, commentId: comment.id, atMost, ...quarterBounds(quarter), scope, limit: 200 });
        comments.push(...rows.map((r) => ({ period: quarter, text: r.text })));
      }
    }
  }
  items.sort((a, b) => (a.scores.at(-1)?.score ?? 0) - (b.scores.at(-1)?.score ?? 0));
  const accounts = can(viewer, 'customers.read') ? await accountsOf(svc, viewer, unit.id, quarterBounds(last).to) : null;
  const units = (await listVisibleUnits(svc.db, actor)).map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.depth }));
  // Newest first, so each term's example is its latest mention.
  comments.reverse();
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, units, quarters, surveys, weakest: items.slice(0, WEAKEST), accounts, recurringIssues: findRecurringTerms(comments) };
}

export function presentReviewAccount(a: AccountPlacement): ReviewAccount {
  return { id: a.id, code: a.code, name: a.name, unitName: a.unitName, owner: a.owner?.name ?? null, billedRevenue: a.billedRevenue, summaryIndex: a.summaryIndex, previousSummaryIndex: a.previousSummaryIndex };
}

async function accountsOf(svc: Services, viewer: Actor, unitId: string, to: string): Promise<NonNullable<RelationshipSummary['accounts']>> {
  const q = await getAccountQuadrants(svc, viewer, { unit: unitId, to });
  const gaps = await getPerceptionGap(svc, viewer, { unit: unitId, to });
  const byRevenue = (a: AccountPlacement, b: AccountPlacement) => (b.billedRevenue ?? 0) - (a.billedRevenue ?? 0);
  return {
    atRisk: q.accounts.filter((a) => a.quadrant === 'at_risk').sort(byRevenue).map(presentReviewAccount),
    dangling: q.accounts.filter((a) => a.quadrant === 'dangling').sort(byRevenue).map(presentReviewAccount),
    perceptionGaps: gaps.rows
      .filter((r) => r.gap.points > 0)
      .slice(0, 8)
      .map((r) => ({ id: r.accountId, name: r.name, teamRating: r.gap.teamRating, summaryIndex: r.summaryIndex, points: r.gap.points })),
  };
}
