import { sql } from 'kysely';
import { classifyNps } from '../../../core/nps.ts';
import type { Db } from '../../db/connect.ts';
import { companyIdOf } from '../units/service.ts';
import { analyse, type TextContext } from './text-engine.ts';
import { responseVerbatimRow, upsertResponseVerbatims } from './write-verbatim.ts';

/**
 * The text inbox: each stored response with a written answer is analysed once per arrival. Its
 * verbatims (one per text question answered) and the deletion of the inbox row commit together, and
 * the rows are upserts, so a response analysed twice (a worker died after its commit) changes nothing.
 */

const LEASE_MS = 60_000;
/** After a failure a response waits this long times its attempts (and gives way to the others). */
const RETRY_MS = 30_000;

/** Claims up to `limit` inbox rows whose time has come, of the given companies (null: all). */
export async function claimTextInbox(db: Db, now: Date, limit: number, companies: readonly string[] | null): Promise<string[]> {
  const inCompanies = companies
    ? sql`and exists (select 1 from responses r join units u on u.id = r.unit_id where r.id = t.response_id and split_part(u.path, '/', 2)::uuid = any(${[...companies]}::uuid[]))`
    : sql``;
  const { rows } = await sql<{ response_id: string }>`
    update text_inbox set available_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
     where response_id in (
       select t.response_id from text_inbox t where t.available_at <= ${now} ${inCompanies}
        order by t.available_at, t.response_id limit ${limit} for update skip locked)
    returning response_id`.execute(db);
  return rows.map((r) => r.response_id);
}

/** Pushes a failed response back, later each time. */
export async function deferTextInbox(db: Db, responseId: string, now: Date): Promise<void> {
  await sql`update text_inbox set available_at = ${now}::timestamptz + (attempts * ${RETRY_MS} || ' milliseconds')::interval where response_id = ${responseId}`.execute(db);
}

interface Question {
  id: string;
  type: string;
}

function questionsOf(definition: unknown): Question[] {
  return ((definition as { questions?: Question[] }).questions ?? []).filter((q) => typeof q?.id === 'string');
}

/** The response's 0–10 recommendation answer, when its survey asks one. */
function recommendationOf(questions: readonly Question[], answers: Record<string, unknown>): number | null {
  const nps = questions.find((q) => q.type === 'nps');
  const v = nps ? answers[nps.id] : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10 ? v : null;
}

type LoadedResponse = {
  id: string;
  survey_id: string;
  unit_id: string;
  account_id: string | null;
  contact_id: string | null;
  touch_point_id: string | null;
  answers: Record<string, unknown>;
  submitted_at: Date | string;
  path: string;
  definition: unknown;
  survey_kind: string;
};

async function loadResponses(db: Db, ids: readonly string[]): Promise<LoadedResponse[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('survey_versions as sv', 'sv.id', 'r.version_id')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.id', 'r.survey_id', 'r.unit_id', 'r.account_id', 'r.contact_id', 'r.touch_point_id', 'r.answers', 'r.submitted_at', 'u.path', 'sv.definition', 's.kind as survey_kind'])
    .where('r.id', 'in', [...ids])
    .execute() as Promise<LoadedResponse[]>;
}

/** The verbatim rows of one response: one per text question answered. */
function rowsOf(r: LoadedResponse, ctx: TextContext, now: Date): ReturnType<typeof responseVerbatimRow>[] {
  const questions = questionsOf(r.definition);
  const score = recommendationOf(questions, r.answers);
  const out: ReturnType<typeof responseVerbatimRow>[] = [];
  for (const q of questions) {
    const answer = r.answers[q.id];
    if (q.type !== 'text' || typeof answer !== 'string' || answer.trim() === '') continue;
    const source = {
      companyId: companyIdOf(r.path),
      kind: 'comment',
      surveyId: r.survey_id,
      surveyKind: r.survey_kind,
      unitId: r.unit_id,
      unitPath: r.path,
      accountId: r.account_id,
      contactId: r.contact_id,
      touchPointId: r.touch_point_id,
      occurredAt: new Date(r.submitted_at),
      score,
      scoreBand: score === null ? null : classifyNps(score),
      text: answer,
    };
    out.push(responseVerbatimRow(r.id, q.id, source, analyse(answer, ctx, r.touch_point_id), now));
  }
  return out;
}

/**
 * Analyses the text answers of claimed responses into verbatims and empties their inbox rows, all in
 * one transaction (a failure leaves every row to the per-response path); returns how many verbatims.
 * The analysis runs before the transaction opens, and the company's context is read first (PGlite has
 * one connection).
 */
export async function indexResponses(db: Db, ids: readonly string[], contextOf: (companyId: string) => Promise<TextContext>, now: Date): Promise<number> {
  const loaded = await loadResponses(db, ids);
  const rows: ReturnType<typeof responseVerbatimRow>[] = [];
  for (const r of loaded) rows.push(...rowsOf(r, await contextOf(companyIdOf(r.path)), now));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await upsertResponseVerbatims(tx, rows.slice(i, i + 500));
    // An answer no longer there (a response stored again without it) takes its verbatim with it.
    await sql`
      delete from verbatims v where v.response_id = any(${[...ids]}::uuid[])
         and not exists (select 1 from unnest(${rows.map((r) => r.response_id)}::uuid[], ${rows.map((r) => r.question_key)}::text[]) as k(response_id, question_key)
                          where k.response_id = v.response_id and k.question_key = v.question_key)`.execute(tx);
    await tx.deleteFrom('text_inbox').where('response_id', 'in', [...ids]).execute();
  });
  return rows.length;
}

/** One response alone: the path a failed batch falls back to, so one bad response holds up no other. */
export async function indexResponse(db: Db, responseId: string, contextOf: (companyId: string) => Promise<TextContext>, now: Date): Promise<number> {
  return indexResponses(db, [responseId], contextOf, now);
}
