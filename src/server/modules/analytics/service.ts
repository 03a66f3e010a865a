import {
  AnalyticsQuerySchema,
  normalizeDimension,
  type AnalyticsQuery,
  type AnalyticsResult,
  type DimensionList,
} from '../../../contract/analytics.ts';
import type { MetricKind } from '../../../core/metrics.ts';
import { buildSegmentTable } from '../../../core/segment-cells.ts';
import { findNpsQuestion } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/actor.ts';
import { getLiveDefinitions, listReadableSurveys } from '../surveys/service.ts';
import { labelValues, listDimensionsOf, loadAttributeDimensions, loadOverflowed, scaleAnswersOf, type ScaleAnswer } from './dimensions.ts';
import { readRaw, readRollup, type ReadSpec, type SurveyRead } from './read.ts';

/**
 * The analytics explorer (POST /api/v1/analytics/query): a metric of one scale question over one or
 * many surveys, by up to two dimensions and an interval, filtered. Read from the rollups when they
 * hold the answer (no dimension, or exactly one, rolled up), else from the raw responses; both give
 * the same counts, so the same numbers. Scoped: each survey's responses in the viewer's units only.
 */

class AnalyticsInputError extends AppError {
  constructor(code: string, message: string) {
    super(code, 400, message);
  }
}

/** Which metrics fit a scale: NPS on 0–10, CSAT on 1–5, CES on 1–7; mean and boxes on any. */
function checkMetricFits(metric: MetricKind, q: ScaleAnswer): void {
  const need: Partial<Record<MetricKind, [number, number]>> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };
  const range = need[metric];
  if (range && (q.scale.min !== range[0] || q.scale.max !== range[1])) {
    throw new AnalyticsInputError('metric_not_applicable', `${metric.toUpperCase()} needs a ${range[0]}–${range[1]} scale; "${q.key}" is ${q.scale.min}–${q.scale.max}: use mean, top-box or top-two-box`);
  }
}

/** The readable surveys asked for, with their scopes; 404 when one is not readable. */
async function resolveSurveys(svc: Services, actor: Actor, ids: readonly string[]) {
  const readable = new Map((await listReadableSurveys(svc, actor)).map((r) => [r.survey.id, r] as const));
  const unique = [...new Set(ids)];
  for (const id of unique) if (!readable.has(id)) throw new NotFoundError(`The survey ${id}`);
  return unique.map((id) => readable.get(id)!);
}

/** Employee answers are never mixed into customer results: a query reads one side or the other. */
function refuseMixedKinds(surveys: readonly { title: string; kind: string }[]): void {
  const employee = surveys.filter((s) => s.kind === 'employee');
  if (employee.length > 0 && employee.length < surveys.length) {
    throw new AnalyticsInputError(
      'survey_kinds_mixed',
      `"${employee[0]!.title}" is an employee survey: employee and customer answers are never mixed; query the employee surveys on their own, or compare them on /analytics/employees`,
    );
  }
}

/** Each survey's question: the key asked for, or its NPS question; surveys without it are skipped. */
async function resolveQuestion(svc: Services, surveyIds: readonly string[], key: string | undefined) {
  const defs = await getLiveDefinitions(svc, [...surveyIds]);
  const found = new Map<string, ScaleAnswer>();
  let other: string | null = null;
  for (const id of surveyIds) {
    const def = defs.get(id);
    if (!def) continue;
    const wanted = key ?? findNpsQuestion(def)?.id;
    if (wanted === undefined) continue;
    const q = scaleAnswersOf(def).find((a) => a.key === wanted);
    if (q) found.set(id, q);
    else if (def.questions.some((x) => x.id === wanted)) other = wanted;
  }
  if (found.size === 0) {
    if (other) throw new AnalyticsInputError('question_not_scale', `"${other}" is not a scale question: pick an NPS, CSAT, CES, rating, matrix or gap answer`);
    throw new AnalyticsInputError('unknown_question', key ? `No survey asked here has the question "${key}"` : 'None of these surveys has an NPS question: name one with "question"');
  }
  const [first] = found.values();
  for (const q of found.values()) {
    if (q.scale.min !== first!.scale.min || q.scale.max !== first!.scale.max) {
      throw new AnalyticsInputError('scales_differ', `"${q.key}" is asked on different scales in these surveys (${first!.scale.min}–${first!.scale.max}, ${q.scale.min}–${q.scale.max}): pick surveys that share one`);
    }
  }
  return { found, question: first! };
}

/** Per dimension, the values kept: filters on one dimension intersect. */
function filterMap(filters: readonly { dimension: string; values: string[] }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of filters) {
    const prev = out.get(f.dimension);
    out.set(f.dimension, prev ? prev.filter((v) => f.values.includes(v)) : [...new Set(f.values)]);
  }
  return out;
}

/** Runs an explorer query for an actor: the function behind the API and `corridor report`. */
export async function queryAnalytics(svc: Services, actor: Actor, raw: AnalyticsQuery): Promise<AnalyticsResult> {
  authorize(actor, 'surveys.read');
  const parsed = AnalyticsQuerySchema.parse(raw);
  const norm = (d: string | undefined) => (d === undefined ? undefined : normalizeDimension(d));
  const query = {
    ...parsed,
    groupBy: norm(parsed.groupBy),
    crossBy: norm(parsed.crossBy),
    filters: parsed.filters.map((f) => ({ dimension: normalizeDimension(f.dimension), values: f.values })),
  };
  if (query.from && query.to && query.from > query.to) throw new AnalyticsInputError('invalid_period', `"from" (${query.from}) is after "to" (${query.to})`);
  if (query.crossBy && !query.groupBy) throw new AnalyticsInputError('cross_without_group', 'A cross-tab needs groupBy as well as crossBy');
  if (query.crossBy && query.crossBy === query.groupBy) throw new AnalyticsInputError('cross_same_dimension', 'Cross by a dimension other than the one you group by');
  const surveys = await resolveSurveys(svc, actor, query.surveys);
  refuseMixedKinds(surveys.map((s) => s.survey));
  const { found, question } = await resolveQuestion(svc, surveys.map((s) => s.survey.id), query.question);
  checkMetricFits(query.metric, question);
  const reads: SurveyRead[] = surveys.filter((s) => found.has(s.survey.id)).map((s) => ({ surveyId: s.survey.id, key: found.get(s.survey.id)!.key, scope: s.scope }));
  const ids = reads.map((r) => r.surveyId);

  const filters = filterMap(query.filters);
  const used = [...new Set([query.groupBy, query.crossBy, ...filters.keys()].filter((d): d is string => d !== undefined))];
  const attributes = await loadAttributeDimensions(svc.db, ids);
  for (const d of used) {
    if (d.startsWith('attr:') && !attributes.has(d)) {
      throw new AnalyticsInputError('unknown_dimension', `No response to these surveys carries the attribute "${d.slice(5)}"; GET /api/v1/analytics/dimensions lists them`);
    }
  }
  const overflowed = await loadOverflowed(svc.db, ids);
  const tooMany = used.filter((d) => overflowed.has(d));
  const rawReason =
    query.source === 'raw'
      ? 'asked for raw responses'
      : tooMany.length > 0
        ? `${tooMany.join(', ')} took more than 200 values, so it is not rolled up`
        : used.length > 1
          ? 'the rollups keep one dimension at a time; a cross-tab or a filter on another dimension reads the responses'
          : null;
  const spec: ReadSpec = {
    surveys: reads,
    interval: query.interval ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    groupBy: query.groupBy ?? null,
    crossBy: query.crossBy ?? null,
    filters,
    scale: question.scale,
  };
  const rows = rawReason === null ? await readRollup(svc.db, spec) : await readRaw(svc.db, spec);
  const table = buildSegmentTable(rows, query.metric, question.scale, spec.groupBy !== null);
  return {
    source: rawReason === null ? 'rollup' : 'raw',
    rawReason,
    metric: query.metric,
    question: { key: question.key, text: question.text, scale: question.scale },
    surveys: surveys.filter((s) => found.has(s.survey.id)).map((s) => ({ id: s.survey.id, title: s.survey.title })),
    skippedSurveys: surveys.filter((s) => !found.has(s.survey.id)).map((s) => s.survey.id),
    groupBy: spec.groupBy,
    crossBy: spec.crossBy,
    interval: spec.interval,
    from: spec.from,
    to: spec.to,
    groups: await labelValues(svc.db, spec.groupBy, table.groups),
    crosses: await labelValues(svc.db, spec.crossBy, table.crosses),
    periods: table.periods,
    cells: table.cells,
    overall: table.overall,
  };
}

/** GET /api/v1/analytics/dimensions: what the explorer can group and filter the surveys by. */
export async function listAnalyticsDimensions(svc: Services, actor: Actor, surveyIds: readonly string[]): Promise<DimensionList> {
  authorize(actor, 'surveys.read');
  const surveys = await resolveSurveys(svc, actor, surveyIds);
  const defs = await getLiveDefinitions(svc, surveys.map((s) => s.survey.id));
  const questions = new Map<string, ScaleAnswer>();
  for (const def of defs.values()) for (const q of scaleAnswersOf(def)) if (!questions.has(q.key)) questions.set(q.key, q);
  return {
    dimensions: await listDimensionsOf(svc.db, surveys.map((s) => ({ surveyId: s.survey.id, scope: s.scope }))),
    questions: [...questions.values()],
  };
}
