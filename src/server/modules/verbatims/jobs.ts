import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Selectable } from 'kysely';
import type { TextJobTable } from '../../db/schema-text.ts';
import { analyse, discover, termsOf } from './text-engine.ts';
import { loadTextContext, updateAnalysis } from './write-verbatim.ts';

/**
 * The long text jobs (migration 0019): a topic applied to the history, the themes discovered anew.
 * Both re-analyse every verbatim of the company with its current themes and active topics, batch by
 * batch in id order; a batch's rows and the job's cursor commit together, so a job resumes after a
 * restart where it stopped. Discovery first replaces the themes (from the terms of every verbatim),
 * in a step of its own.
 */

export type TextJob = Selectable<TextJobTable>;

const LEASE_MS = 120_000;
const MAX_ATTEMPTS = 5;
/** Fewer verbatims than this make no themes worth naming. */
export const MIN_VERBATIMS_FOR_THEMES = 20;

/** Queues a job unless one of its kind (and topic) is already waiting or running; returns the job. */
export async function queueTextJob(db: Db, companyId: string, kind: TextJob['kind'], topicId: string | null, createdBy: string | null, now: Date): Promise<TextJob> {
  return db.transaction().execute(async (tx) => {
    // One queue per company: serialises the check-then-insert of two requests at once.
    await sql`select pg_advisory_xact_lock(hashtext('text_jobs'), hashtext(${companyId}))`.execute(tx);
    let pending = tx.selectFrom('text_jobs').selectAll().where('company_id', '=', companyId).where('kind', '=', kind).where('state', 'in', ['queued', 'running']);
    pending = topicId ? pending.where('topic_id', '=', topicId) : pending;
    const existing = await pending.executeTakeFirst();
    if (existing) return existing;
    return tx.insertInto('text_jobs').values({ company_id: companyId, kind, topic_id: topicId, created_by: createdBy, available_at: now, created_at: now }).returningAll().executeTakeFirstOrThrow();
  });
}

/** Claims the oldest due job of the given companies (null: all), for one step. */
export async function claimTextJob(db: Db, now: Date, companies: readonly string[] | null): Promise<TextJob | null> {
  const inCompanies = companies ? sql`and company_id = any(${[...companies]}::uuid[])` : sql``;
  const { rows } = await sql<TextJob>`
    update text_jobs set state = 'running', available_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1, started_at = coalesce(started_at, ${now})
     where id = (select id from text_jobs where state in ('queued', 'running') and available_at <= ${now} ${inCompanies}
                  order by created_at, id limit 1 for update skip locked)
    returning *`.execute(db);
  return rows[0] ?? null;
}

/** One step of a claimed job; true when the job is finished. */
export async function runTextJobStep(db: Db, job: TextJob, now: Date, batchSize: number): Promise<boolean> {
  try {
    return await db.transaction().execute(async (tx) => {
      if (job.total === null) {
        if (job.kind === 'themes.discover') await replaceThemes(tx, job.company_id, now);
        const total = await countVerbatims(tx, job.company_id);
        await tx.updateTable('text_jobs').set({ total, available_at: now, attempts: 0 }).where('id', '=', job.id).execute();
        return false;
      }
      const ctx = await loadTextContext(tx, job.company_id);
      let batch = tx.selectFrom('verbatims').select(['id', 'text', 'touch_point_id']).where('company_id', '=', job.company_id).orderBy('id').limit(batchSize);
      if (job.cursor) batch = batch.where('id', '>', job.cursor);
      const rows = await batch.execute();
      let matched = 0;
      for (const row of rows) {
        const analysis = analyse(row.text, ctx, row.touch_point_id);
        if (job.topic_id && analysis.topics.includes(job.topic_id)) matched++;
        await updateAnalysis(tx, row.id, analysis, now);
      }
      const finished = rows.length < batchSize;
      const last = rows.at(-1)?.id ?? job.cursor;
      await tx
        .updateTable('text_jobs')
        .set({
          cursor: last,
          done: job.done + rows.length,
          matched: job.matched + matched,
          attempts: 0,
          available_at: now,
          error: null,
          ...(finished ? { state: 'done' as const, finished_at: now, total: Math.max(job.total ?? 0, job.done + rows.length) } : {}),
        })
        .where('id', '=', job.id)
        .execute();
      if (finished) await finishJob(tx, job, job.matched + matched, now);
      return finished;
    });
  } catch (err) {
    const failed = job.attempts >= MAX_ATTEMPTS;
    await db
      .updateTable('text_jobs')
      .set({ error: err instanceof Error ? err.message : String(err), available_at: new Date(now.getTime() + 10_000 * job.attempts), ...(failed ? { state: 'failed' as const, finished_at: now } : {}) })
      .where('id', '=', job.id)
      .execute();
    throw err;
  }
}

async function countVerbatims(db: Db, companyId: string): Promise<number> {
  const row = await db.selectFrom('verbatims').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', companyId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function finishJob(tx: Db, job: TextJob, matched: number, now: Date): Promise<void> {
  if (job.kind === 'topic.apply' && job.topic_id) {
    await tx.updateTable('topics').set({ applied_at: now, applied_count: matched }).where('id', '=', job.topic_id).execute();
  }
  if (job.kind === 'themes.discover') {
    await sql`
      update themes t set verbatim_count = (select count(*)::int from verbatims v where v.company_id = t.company_id and v.themes @> array[t.key])
       where t.company_id = ${job.company_id}`.execute(tx);
  }
}

/**
 * Discovers the company's themes from the candidate terms of its customer verbatims (employee
 * comments are kept apart) and replaces the stored ones.
 */
async function replaceThemes(tx: Db, companyId: string, now: Date): Promise<void> {
  const rows = await tx
    .selectFrom('verbatims')
    .select(['text', 'touch_point_id'])
    .where('company_id', '=', companyId)
    .where((eb) => eb.or([eb('survey_kind', 'is', null), eb('survey_kind', '<>', 'employee')]))
    .execute();
  const themes = rows.length < MIN_VERBATIMS_FOR_THEMES ? [] : discover(rows.map((r) => ({ terms: termsOf(r.text) })));
  await tx.deleteFrom('themes').where('company_id', '=', companyId).execute();
  if (themes.length > 0) {
    await tx
      .insertInto('themes')
      .values(themes.map((t) => ({ company_id: companyId, key: t.key, name: t.name, terms: t.terms, discovered_at: now })))
      .execute();
  }
}

/**
 * Whether the company has gathered enough new verbatims since its last discovery to look for themes
 * again: a first discovery at MIN_VERBATIMS_FOR_THEMES, then once a quarter more (at least 100) came.
 */
export async function needsDiscovery(db: Db, companyId: string): Promise<boolean> {
  const total = await countVerbatims(db, companyId);
  if (total < MIN_VERBATIMS_FOR_THEMES) return false;
  const last = await db
    .selectFrom('text_jobs')
    .select(['state', 'total'])
    .where('company_id', '=', companyId)
    .where('kind', '=', 'themes.discover')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return true;
  if (last.state !== 'done') return false;
  const before = last.total ?? 0;
  return total - before >= Math.max(100, before / 4);
}

/** The latest job of a kind (and topic) of a company, for its progress. */
export async function latestTextJob(db: Db, companyId: string, kind: TextJob['kind'], topicId: string | null = null): Promise<TextJob | null> {
  let q = db.selectFrom('text_jobs').selectAll().where('company_id', '=', companyId).where('kind', '=', kind);
  if (topicId) q = q.where('topic_id', '=', topicId);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()) ?? null;
}
