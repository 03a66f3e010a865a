import type { JobProgress, Topic, TopicInput, TopicPreview, TopicUpdate } from '../../../contract/verbatims.ts';
import { TopicInputSchema } from '../../../contract/verbatims.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { highlightsOf } from './highlight.ts';
import { latestTextJob, queueTextJob, type TextJob } from './jobs.ts';
import { analyse, compileTopicQuery } from './text-engine.ts';

/**
 * User-defined topics: a name over a rule written as a query. The rule is checked by the analyser's
 * parser (core/text/topics.ts) before anything is stored, and stored as its { query }.
 * New verbatims get the company's active topics when analysed; applying a topic to the history is a
 * text job (jobs.ts) whose progress the topic carries.
 */

const PREVIEW_SCAN = 20_000;
const PREVIEW_EXAMPLES = 5;

/** A topic query that does not parse: 400 with where it went wrong. */
export class InvalidTopicQueryError extends AppError {
  constructor(message: string, position: number | null) {
    super('invalid_topic_query', 400, position === null ? `The rule does not read: ${message}` : `The rule does not read at character ${position + 1}: ${message}`, { path: 'query', position, message });
  }
}

function compile(query: string): unknown {
  const compiled = compileTopicQuery(query);
  if (!compiled.ok) throw new InvalidTopicQueryError(compiled.message, compiled.position);
  return compiled.rule;
}

type TopicRow = { id: string; name: string; rule: unknown; parent_id: string | null; touch_point_ids: string[]; active: boolean; applied_at: Date | null; applied_count: number | null; created_at: Date; updated_at: Date };

export function presentJob(job: TextJob | null): JobProgress {
  if (!job) return { state: 'idle', done: 0, total: null, startedAt: null, finishedAt: null, error: null };
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { state: job.state, done: job.done, total: job.total, startedAt: iso(job.started_at), finishedAt: iso(job.finished_at), error: job.error };
}

function presentTopic(row: TopicRow, job: TextJob | null): Topic {
  return {
    id: row.id,
    name: row.name,
    query: (row.rule as { query?: string }).query ?? '',
    parentId: row.parent_id,
    touchPointIds: row.touch_point_ids,
    active: row.active,
    appliedAt: row.applied_at ? new Date(row.applied_at).toISOString() : null,
    appliedCount: row.applied_count,
    application: presentJob(job),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const TOPIC_COLUMNS = ['id', 'name', 'rule', 'parent_id', 'touch_point_ids', 'active', 'applied_at', 'applied_count', 'created_at', 'updated_at'] as const;

async function loadTopic(db: Db, companyId: string, id: string): Promise<TopicRow> {
  const row = await db.selectFrom('topics').select(TOPIC_COLUMNS).where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('The topic');
  return row;
}

async function checkReferences(db: Db, companyId: string, parentId: string | null | undefined, touchPointIds: readonly string[] | undefined, selfId: string | null): Promise<void> {
  if (parentId) {
    const parent = await db.selectFrom('topics').select('id').where('company_id', '=', companyId).where('id', '=', parentId).executeTakeFirst();
    if (!parent || parentId === selfId) throw new ValidationError('The parent topic is not one of your company’s other topics', [{ path: 'parentId', message: 'Pick another topic of your company, or null' }]);
  }
  if (touchPointIds && touchPointIds.length > 0) {
    const found = await db.selectFrom('touch_points').select('id').where('company_id', '=', companyId).where('id', 'in', [...touchPointIds]).execute();
    if (found.length !== new Set(touchPointIds).size) throw new ValidationError('A touch point is not one of your company’s', [{ path: 'touchPointIds', message: 'Use the ids of your company’s touch points' }]);
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: unknown }).code === '23505';
const duplicateName = (name: string) => new ConflictError('topic_name_taken', `Your company already has a topic named "${name}": choose another name`);

export async function listTopics(svc: Services, actor: Actor): Promise<Topic[]> {
  authorize(actor, 'responses.read');
  const companyId = companyIdOf(actor.unitPath);
  const rows = await svc.db.selectFrom('topics').select(TOPIC_COLUMNS).where('company_id', '=', companyId).orderBy('name').execute();
  const jobs = await svc.db.selectFrom('text_jobs').selectAll().where('company_id', '=', companyId).where('kind', '=', 'topic.apply').orderBy('created_at', 'desc').execute();
  return rows.map((r) => presentTopic(r, jobs.find((j) => j.topic_id === r.id) ?? null));
}

export async function getTopic(svc: Services, actor: Actor, id: string): Promise<Topic> {
  authorize(actor, 'responses.read');
  const companyId = companyIdOf(actor.unitPath);
  return presentTopic(await loadTopic(svc.db, companyId, id), await latestTextJob(svc.db, companyId, 'topic.apply', id));
}

export async function createTopic(svc: Services, actor: Actor, input: TopicInput): Promise<Topic> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const body = TopicInputSchema.parse(input);
  const rule = compile(body.query);
  await checkReferences(svc.db, companyId, body.parentId, body.touchPointIds, null);
  try {
    const id = await svc.db.transaction().execute(async (tx) => {
      const now = svc.now();
      const row = await tx
        .insertInto('topics')
        .values({ company_id: companyId, name: body.name, rule: JSON.stringify(rule), parent_id: body.parentId, touch_point_ids: body.touchPointIds, active: body.active, created_by: actor.type === 'user' ? actor.id : null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, { action: 'topic.create', entityType: 'topic', entityId: row.id, unitId: companyId, details: { name: body.name, query: body.query } });
      return row.id;
    });
    return getTopic(svc, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(body.name);
    throw err;
  }
}

export async function updateTopic(svc: Services, actor: Actor, id: string, input: TopicUpdate): Promise<Topic> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const before = await loadTopic(svc.db, companyId, id);
  const rule = input.query === undefined ? undefined : compile(input.query);
  await checkReferences(svc.db, companyId, input.parentId, input.touchPointIds, id);
  try {
    await svc.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('topics')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.query === undefined ? {} : { rule: JSON.stringify(rule) }),
          ...(input.parentId === undefined ? {} : { parent_id: input.parentId }),
          ...(input.touchPointIds === undefined ? {} : { touch_point_ids: input.touchPointIds }),
          ...(input.active === undefined ? {} : { active: input.active }),
          updated_at: svc.now(),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(tx, actor, { action: 'topic.update', entityType: 'topic', entityId: id, unitId: companyId, details: { before: { name: before.name, query: (before.rule as { query?: string }).query, active: before.active }, change: input } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(input.name ?? before.name);
    throw err;
  }
  return getTopic(svc, actor, id);
}

/** Deletes a topic and takes it off every verbatim. */
export async function deleteTopic(svc: Services, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const before = await loadTopic(svc.db, companyId, id);
  await svc.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('topics').where('id', '=', id).execute();
    await tx
      .updateTable('verbatims')
      .set((eb) => ({ topics: eb.fn<string[]>('array_remove', ['topics', eb.val(id)]) }))
      .where('company_id', '=', companyId)
      .where((eb) => eb('topics', '@>', eb.val([id]).$castTo<string[]>()))
      .execute();
    await recordAudit(tx, actor, { action: 'topic.delete', entityType: 'topic', entityId: id, unitId: companyId, details: { name: before.name, query: (before.rule as { query?: string }).query } });
  });
}

/** Queues the topic's application to every stored verbatim of the company (202: see its progress). */
export async function applyTopic(svc: Services, actor: Actor, id: string): Promise<Topic> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const topic = await loadTopic(svc.db, companyId, id);
  const job = await queueTextJob(svc.db, companyId, 'topic.apply', id, actor.type === 'user' ? actor.id : null, svc.now());
  await recordAudit(svc.db, actor, { action: 'topic.apply', entityType: 'topic', entityId: id, unitId: companyId, details: { name: topic.name, jobId: job.id } });
  return presentTopic(topic, job);
}

/** The words of a query, for marking the examples of a preview (operators left out). */
function wordsOf(query: string): string {
  return (query.match(/"[^"]*"|[^\s()"]+/g) ?? [])
    .filter((w) => !['and', 'or', 'not'].includes(w.toLowerCase()) && !/^near(\/\d+)?$/i.test(w))
    .map((w) => w.replace(/"/g, '').replace(/[-*]$/g, ''))
    .filter(Boolean)
    .join(' or ');
}

/** How many of the company's recent verbatims a rule would match, with a few examples; nothing is stored. */
export async function previewTopic(svc: Services, actor: Actor, input: { query: string; touchPointIds: string[] }): Promise<TopicPreview> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const rule = compile(input.query);
  const rows = await svc.db
    .selectFrom('verbatims')
    .select(['id', 'text', 'touch_point_id'])
    .where('company_id', '=', companyId)
    .where('unit_path', 'like', `${actor.unitPath}%`)
    .where((eb) => eb.or([eb('survey_kind', 'is', null), eb('survey_kind', '<>', 'employee')]))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PREVIEW_SCAN)
    .execute();
  const ctx = { themes: [], topics: [{ id: 'preview', rule, touchPointIds: input.touchPointIds }] };
  const matches = rows.filter((r) => analyse(r.text, ctx, r.touch_point_id).topics.includes('preview'));
  const examples = matches.slice(0, PREVIEW_EXAMPLES);
  const marks = await highlightsOf(svc.db, wordsOf(input.query), examples.map((r) => r.id));
  return { matched: matches.length, scanned: rows.length, examples: examples.map((r) => ({ id: r.id, text: r.text, highlights: marks.get(r.id) ?? [] })) };
}
