import { sql } from 'kysely';
import { BUILTIN_DIMENSIONS, type DimensionList } from '../../../contract/analytics.ts';
import { isScaleQuestion, partKey, scaleOf } from '../../../core/answer-keys.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Db } from '../../db/connect.ts';
import type { DataScope } from '../../db/scope.ts';
import { RESPONSES_ROW } from '../rollups/keys.ts';

/** A scale answer the explorer can report on: its key, wording and scale. */
export interface ScaleAnswer {
  key: string;
  text: string;
  type: string;
  scale: { min: number; max: number };
}

/** The scale answers of a definition: scale questions, each matrix row, both parts of a gap question. */
export function scaleAnswersOf(def: SurveyDefinition): ScaleAnswer[] {
  return def.questions.flatMap((q): ScaleAnswer[] => {
    if (isScaleQuestion(q)) {
      const { min, max } = scaleOf(q);
      return [{ key: q.id, text: q.text, type: q.type, scale: { min, max } }];
    }
    if (q.type === 'matrix') return q.rows.map((r) => ({ key: partKey(q.id, r.id), text: `${q.text}: ${r.text}`, type: 'matrix', scale: { min: q.scale.min, max: q.scale.max } }));
    if (q.type === 'gap') {
      const scale = { min: q.scale.min, max: q.scale.max };
      return [
        { key: partKey(q.id, 'expectation'), text: `${q.text} (expectation)`, type: 'gap', scale },
        { key: partKey(q.id, 'experience'), text: `${q.text} (experience)`, type: 'gap', scale },
      ];
    }
    return [];
  });
}

const BUILTIN_LABELS: Record<string, string> = {
  language: 'Language',
  channel: 'Channel',
  audience: 'Audience',
  version: 'Survey version',
  touch_point: 'Touch point',
  account_owner: 'Account owner',
};

export function dimensionLabel(dimension: string): string {
  if (dimension.startsWith('attr:')) {
    const key = dimension.slice('attr:'.length).replace(/[_-]+/g, ' ');
    return key.charAt(0).toUpperCase() + key.slice(1);
  }
  return BUILTIN_LABELS[dimension] ?? dimension;
}

/** Labels for values of a dimension: touch points and owners by name, versions by number. */
export async function labelValues(db: Db, dimension: string | null, values: readonly string[]): Promise<{ value: string; label: string }[]> {
  const named = new Map<string, string>();
  const uuids = values.filter((v) => /^[0-9a-f-]{36}$/i.test(v));
  if (dimension === 'touch_point' && uuids.length > 0) {
    for (const t of await db.selectFrom('touch_points').select(['id', 'name']).where('id', 'in', uuids).execute()) named.set(t.id, t.name);
  }
  if (dimension === 'account_owner' && uuids.length > 0) {
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', uuids).execute()) named.set(u.id, u.name);
  }
  return values.map((value) => ({ value, label: named.get(value) ?? (dimension === 'version' ? `Version ${value}` : value) }));
}

/** Dimensions no longer rolled up in any of these surveys (more than 200 values). */
export async function loadOverflowed(db: Db, surveyIds: readonly string[]): Promise<Set<string>> {
  if (surveyIds.length === 0) return new Set();
  const rows = await db.selectFrom('rollup_segment_overflow').select('dimension').distinct().where('survey_id', 'in', [...surveyIds]).execute();
  return new Set(rows.map((r) => r.dimension));
}

/** The attribute dimensions the surveys' responses carry (rolled up or overflowed). */
export async function loadAttributeDimensions(db: Db, surveyIds: readonly string[]): Promise<Set<string>> {
  if (surveyIds.length === 0) return new Set();
  const { rows } = await sql<{ dimension: string }>`
    select distinct dimension from rollup_segment_values where survey_id = any(${[...surveyIds]}::uuid[]) and dimension like 'attr:%'
    union select distinct dimension from rollup_segment_overflow where survey_id = any(${[...surveyIds]}::uuid[]) and dimension like 'attr:%'`.execute(db);
  return new Set(rows.map((r) => r.dimension));
}

/**
 * Each dimension's values in the viewer's units: from the survey-wide list when the viewer sees
 * everything, else from the rollup rows of the units in scope, so a market's manager never learns
 * another market's values.
 */
async function loadValues(db: Db, surveys: readonly { surveyId: string; scope: DataScope }[]): Promise<Map<string, Set<string>>> {
  const byDimension = new Map<string, Set<string>>();
  const add = (d: string, v: string) => {
    const set = byDimension.get(d) ?? new Set<string>();
    set.add(v);
    byDimension.set(d, set);
  };
  const all = surveys.filter((s) => s.scope.all).map((s) => s.surveyId);
  if (all.length > 0) {
    const rows = await db.selectFrom('rollup_segment_values').select(['dimension', 'value']).where('survey_id', 'in', all).execute();
    for (const r of rows) add(r.dimension, r.value);
  }
  for (const s of surveys) {
    if (s.scope.all) continue;
    const { rows } = await sql<{ dimension: string; value: string }>`
      select distinct r.dimension, r.value from rollup_segments r
      where r.survey_id = ${s.surveyId} and r.question_id = ${RESPONSES_ROW}
        and r.unit_id in (select x.id from units x where x.path like ${`${s.scope.unitPath}%`})`.execute(db);
    for (const r of rows) add(r.dimension, r.value);
  }
  return byDimension;
}

export async function listDimensionsOf(db: Db, surveys: readonly { surveyId: string; scope: DataScope }[]): Promise<DimensionList['dimensions']> {
  const ids = surveys.map((s) => s.surveyId);
  const [overflowed, attributes, values] = await Promise.all([loadOverflowed(db, ids), loadAttributeDimensions(db, ids), loadValues(db, surveys)]);
  const dims = [...BUILTIN_DIMENSIONS, ...[...attributes].sort()];
  const out: DimensionList['dimensions'] = [];
  for (const id of dims) {
    const rolledUp = !overflowed.has(id);
    const seen = rolledUp ? [...(values.get(id) ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
    out.push({ id, label: dimensionLabel(id), kind: id.startsWith('attr:') ? 'attribute' : 'builtin', rolledUp, values: await labelValues(db, id, seen) });
  }
  return out;
}
