import type { DriverAnalysisResult, DriversQuery, DriverSet } from '../../../contract/drivers.ts';
import { DriversQuerySchema } from '../../../contract/drivers.ts';
import { analyzeDrivers, classifyImportancePerformance, MIN_DRIVER_ROWS, type DriverRow, type DriverSpec } from '../../../core/drivers.ts';
import { MAX_EXACT_DRIVERS } from '../../../core/driver-weights.ts';
import { groupItemsByTouchPoint, listJudgedItems, scoreOfAnswer, touchPointScore, type ScaleItem } from '../../../core/scale-items.ts';
import { defaultSummaryIndex, indexOfAnswers, type SummaryIndex } from '../../../core/summary-index.ts';
import { findNpsQuestion, type SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { DataScope } from '../../db/scope.ts';
import { AppError, ValidationError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { getLiveDefinitions, getSurveyForReading } from '../surveys/service.ts';
import { companyIdOf } from '../units/service.ts';
import { loadAnswerValues, loadTouchPointNames, type ResponseSelection } from './queries.ts';

/**
 * Key driver analysis of a survey's responses in the reader's scope: which rating items (or touch
 * points) move the outcome (the NPS question unless another answer key, or the summary index, is
 * chosen). core/drivers.ts does the statistics and says how missing and "not applicable" answers count.
 */

export const INDEX_OUTCOME = 'index';

/** The outcome of an analysis: one item, or the summary index over its items. */
type Outcome = { key: string; label: string; item: ScaleItem } | { key: typeof INDEX_OUTCOME; label: string; index: SummaryIndex };

/** A driver: the answer keys it is computed from, and how. */
interface DriverSource extends DriverSpec {
  items: ScaleItem[];
}

export interface SurveyAnalysisInput {
  surveyId: string;
  definition: SurveyDefinition;
  companyId: string;
  selection: ResponseSelection;
  outcome?: string | undefined;
  driverSet: DriverSet;
  method: DriversQuery['method'];
}

function outcomeChoices(def: SurveyDefinition): { key: string; label: string }[] {
  const items = listJudgedItems(def).map((i) => ({ key: i.key, label: i.label }));
  return defaultSummaryIndex(def) ? [...items, { key: INDEX_OUTCOME, label: 'Summary index' }] : items;
}

function resolveOutcome(def: SurveyDefinition, wanted: string | undefined): Outcome {
  const items = listJudgedItems(def);
  const choices = () => outcomeChoices(def).map((c) => c.key).join(', ');
  if (wanted === INDEX_OUTCOME) {
    const index = defaultSummaryIndex(def);
    if (!index) throw new ValidationError('This survey has no scale questions, so no summary index', [{ path: 'outcome', message: 'Choose a survey with rating questions' }]);
    return { key: INDEX_OUTCOME, label: 'Summary index', index };
  }
  const key = wanted ?? findNpsQuestion(def)?.id;
  if (key === undefined) throw new ValidationError(`This survey has no NPS question; choose an outcome: ${choices()}`, [{ path: 'outcome', message: 'Name the answer key of the outcome' }]);
  const item = items.find((i) => i.key === key);
  if (!item) throw new ValidationError(`${key} is not a scored answer of this survey; choose one of ${choices()}`, [{ path: 'outcome', message: `Unknown outcome ${key}` }]);
  return { key, label: item.label, item };
}

/** The drivers: every judged item but the outcome, or per touch point its judged items but the outcome. */
function driverSources(def: SurveyDefinition, outcome: Outcome, set: DriverSet, names: Map<string, { name: string }>): DriverSource[] {
  const items = listJudgedItems(def).filter((i) => i.key !== outcome.key);
  if (set === 'items') return items.map((i) => ({ key: i.key, label: i.label, scale: i.scale, items: [i] }));
  return [...groupItemsByTouchPoint(items).entries()].map(([tp, group]) => ({ key: tp, label: names.get(tp)?.name ?? tp, scale: { min: 0, max: 100 }, items: group }));
}

/** The keys to read from the responses and, per response, the outcome and driver values. */
function toRows(outcome: Outcome, sources: readonly DriverSource[], set: DriverSet) {
  const keys = [...new Set([...('index' in outcome ? outcome.index.items.map((i) => i.key) : [outcome.key]), ...sources.flatMap((s) => s.items.map((i) => i.key))])];
  const toRow = (values: readonly (string | null)[]): DriverRow => {
    const answers: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      answers[k] = scoreOfAnswer(values[i]);
    });
    const outcomeValue = 'index' in outcome ? indexOfAnswers(outcome.index, answers) : scoreOfAnswer(answers[outcome.key]);
    const drivers = sources.map((s) => (set === 'items' ? scoreOfAnswer(answers[s.key]) : touchPointScore(s.items, answers)));
    return { outcome: outcomeValue, drivers };
  };
  return { keys, toRow };
}

/** The analysis of one live survey's responses, from the definition given (no permission check: callers do it). */
export async function analyzeSurveyDrivers(svc: Services, input: SurveyAnalysisInput): Promise<DriverAnalysisResult> {
  const def = input.definition;
  const outcome = resolveOutcome(def, input.outcome);
  const names = input.driverSet === 'touch-points' ? await loadTouchPointNames(svc.db, input.companyId) : new Map<string, { name: string }>();
  const sources = driverSources(def, outcome, input.driverSet, names);
  if (input.method === 'lmg' && sources.length > MAX_EXACT_DRIVERS) {
    throw new ValidationError(`Exact Shapley values take at most ${MAX_EXACT_DRIVERS} drivers and this analysis has ${sources.length}; use method=relative-weights or auto`, [
      { path: 'method', message: 'Too many drivers for lmg' },
    ]);
  }
  const { keys, toRow } = toRows(outcome, sources, input.driverSet);
  const values = await loadAnswerValues(svc.db, input.selection, keys);
  const result = analyzeDrivers(values.map(toRow), sources, { method: input.method, minRows: MIN_DRIVER_ROWS });
  const map = classifyImportancePerformance(result.drivers);
  const quadrantOf = new Map(map.drivers.map((d) => [d.key, d.quadrant]));
  return {
    surveyId: input.surveyId,
    outcome: { key: outcome.key, label: outcome.label },
    driverSet: input.driverSet,
    from: input.selection.from ?? null,
    to: input.selection.to ?? null,
    status: result.status,
    message: result.message,
    method: result.method,
    rSquared: result.rSquared,
    n: result.n,
    nExcluded: result.nExcluded,
    nNotApplicable: result.nNotApplicable,
    drivers: result.drivers.map((d) => ({ ...d, quadrant: quadrantOf.get(d.key) ?? 'low-priority' })),
    dropped: result.dropped,
    map: { importanceMean: map.importanceMean, performanceMean: map.performanceMean },
    outcomes: outcomeChoices(def),
  };
}

export async function liveDefinitionOf(svc: Services, surveyId: string): Promise<SurveyDefinition> {
  const def = (await getLiveDefinitions(svc, [surveyId])).get(surveyId);
  if (!def) throw new AppError('survey_not_live', 409, 'This survey has no published version yet; publish it, collect responses, then analyse them');
  return def;
}

function selectionOf(surveyId: string, scope: DataScope, q: DriversQuery): ResponseSelection {
  if (q.from && q.to && q.from > q.to) throw new ValidationError('from is after to; swap them', [{ path: 'from', message: 'Must not be after to' }]);
  return { surveyId, scope, from: q.from, to: q.to, channel: q.channel, language: q.language, audience: q.audience };
}

/** GET /surveys/:id/drivers, and `corridor report drivers`: the survey's driver analysis in the reader's scope. */
export async function getSurveyDrivers(svc: Services, actor: Actor, surveyId: string, raw: Partial<DriversQuery>): Promise<DriverAnalysisResult> {
  const query = DriversQuerySchema.parse(raw);
  const { scope } = await getSurveyForReading(svc, actor, surveyId);
  const definition = await liveDefinitionOf(svc, surveyId);
  return analyzeSurveyDrivers(svc, {
    surveyId,
    definition,
    companyId: companyIdOf(actor.unitPath),
    selection: selectionOf(surveyId, scope, query),
    outcome: query.outcome,
    driverSet: query.drivers,
    method: query.method,
  });
}
