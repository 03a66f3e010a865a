import type { TextAnalysis } from '../../../core/text/types.ts';
import type { Db } from '../../db/connect.ts';
import type { Theme, TopicDefinition } from '../../../core/text/types.ts';
import { ANALYSIS_VERSION, type TextContext } from './text-engine.ts';

/** What a verbatim row says about where its words came from (the analysis is added to it). */
export interface VerbatimSource {
  companyId: string;
  kind: string;
  surveyId: string | null;
  surveyKind: string | null;
  unitId: string;
  unitPath: string;
  accountId: string | null;
  contactId: string | null;
  touchPointId: string | null;
  occurredAt: Date;
  score: number | null;
  scoreBand: 'detractor' | 'passive' | 'promoter' | null;
  text: string;
}

function analysisColumns(a: TextAnalysis, now: Date) {
  return {
    sentiment: a.sentiment,
    sentiment_label: a.label,
    sentences: JSON.stringify(a.sentences.map((s) => ({ start: s.start, end: s.end, sentiment: s.sentiment, label: s.label, themes: s.themes, topics: s.topics }))),
    themes: a.themes,
    topics: a.topics,
    analysis_version: ANALYSIS_VERSION,
    analysed_at: now,
  };
}

function sourceColumns(s: VerbatimSource) {
  return {
    company_id: s.companyId,
    kind: s.kind,
    survey_id: s.surveyId,
    survey_kind: s.surveyKind,
    unit_id: s.unitId,
    unit_path: s.unitPath,
    account_id: s.accountId,
    contact_id: s.contactId,
    touch_point_id: s.touchPointId,
    occurred_at: s.occurredAt,
    score: s.score,
    score_band: s.scoreBand,
    text: s.text,
  };
}

/** The row of one text answer of a response, ready to insert. */
export function responseVerbatimRow(responseId: string, questionKey: string, source: VerbatimSource, analysis: TextAnalysis, now: Date) {
  return { ...sourceColumns(source), ...analysisColumns(analysis, now), response_id: responseId, question_key: questionKey };
}

const REPLACED = ['company_id', 'kind', 'survey_id', 'survey_kind', 'unit_id', 'unit_path', 'account_id', 'contact_id', 'touch_point_id', 'occurred_at', 'score', 'score_band', 'text',
  'sentiment', 'sentiment_label', 'sentences', 'themes', 'topics', 'analysis_version', 'analysed_at'] as const;

/** Inserts or replaces the verbatims of many text answers in one statement. */
export async function upsertResponseVerbatims(tx: Db, rows: readonly ReturnType<typeof responseVerbatimRow>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('verbatims')
    .values([...rows])
    .onConflict((oc) =>
      oc
        .columns(['response_id', 'question_key'])
        .where('response_id', 'is not', null)
        .doUpdateSet((eb) => Object.fromEntries(REPLACED.map((c) => [c, eb.ref(`excluded.${c}`)])) as never),
    )
    .execute();
}

/** Inserts or replaces the verbatim of a feedback item. */
export async function upsertFeedbackVerbatim(tx: Db, feedbackItemId: string, source: VerbatimSource, analysis: TextAnalysis, now: Date): Promise<void> {
  const values = { ...sourceColumns(source), ...analysisColumns(analysis, now) };
  await tx
    .insertInto('verbatims')
    .values({ ...values, feedback_item_id: feedbackItemId })
    .onConflict((oc) => oc.column('feedback_item_id').where('feedback_item_id', 'is not', null).doUpdateSet(values))
    .execute();
}

/** Replaces the analysis of a stored verbatim (a topic applied, themes rediscovered). */
export async function updateAnalysis(tx: Db, id: string, analysis: TextAnalysis, now: Date): Promise<void> {
  await tx.updateTable('verbatims').set(analysisColumns(analysis, now)).where('id', '=', id).execute();
}

/** The company's themes and active topics: what every analysis of its texts is made with. */
export async function loadTextContext(db: Db, companyId: string): Promise<TextContext> {
  const [themes, topics] = await Promise.all([
    db.selectFrom('themes').select(['key', 'name', 'terms']).where('company_id', '=', companyId).orderBy('key').execute(),
    db.selectFrom('topics').select(['id', 'rule', 'touch_point_ids']).where('company_id', '=', companyId).where('active', '=', true).orderBy('id').execute(),
  ]);
  return {
    themes: themes.map((t): Theme => ({ key: t.key, name: t.name, terms: t.terms })),
    topics: topics.map((t): TopicDefinition => ({ id: t.id, rule: t.rule, touchPointIds: t.touch_point_ids })),
  };
}

/** The company's context, read once per company in a pass. */
export function contextCache(db: Db): (companyId: string) => Promise<TextContext> {
  const cache = new Map<string, Promise<TextContext>>();
  return (companyId) => {
    let ctx = cache.get(companyId);
    if (!ctx) {
      ctx = loadTextContext(db, companyId);
      cache.set(companyId, ctx);
    }
    return ctx;
  };
}

/** The path of a unit, for a verbatim's unit_path. */
export async function unitPathOf(db: Db, unitId: string): Promise<string> {
  const row = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirstOrThrow();
  return row.path;
}

