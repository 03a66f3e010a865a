import { sql } from 'kysely';
import { classifyNps } from '../../../core/nps.ts';
import type { Db } from '../../db/connect.ts';
import { companyIdOf } from '../units/service.ts';
import type { TextContext } from './text-engine.ts';
import { analyse } from './text-engine.ts';
import { upsertResponseVerbatim } from './write-verbatim.ts';

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

/** Analyses one response's text answers into verbatims and empties its inbox row; returns how many. */
export async function indexResponse(db: Db, responseId: string, contextOf: (companyId: string) => Promise<TextContext>, now: Date): Promise<number> {
  // The company's context is read first, outside the transaction (PGlite has one connection).
  const unit = await db.selectFrom('responses as r').innerJoin('units as u', 'u.id', 'r.unit_id').select('u.path').where('r.id', '=', responseId).executeTakeFirst();
  const ctx = unit ? await contextOf(companyIdOf(unit.path)) : null;
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .innerJoin('survey_versions as sv', 'sv.id', 'r.version_id')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .select(['r.id', 'r.survey_id', 'r.unit_id', 'r.account_id', 'r.contact_id', 'r.touch_point_id', 'r.answers', 'r.submitted_at', 'u.path', 'sv.definition', 's.kind as survey_kind'])
      .where('r.id', '=', responseId)
      .executeTakeFirst();
    let written = 0;
    if (r && ctx) written = await indexLoaded(tx, r, ctx, now);
    await tx.deleteFrom('text_inbox').where('response_id', '=', responseId).execute();
    return written;
  });
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

async function indexLoaded(tx: Db, r: LoadedResponse, ctx: TextContext, now: Date): Promise<number> {
  const questions = questionsOf(r.definition);
  const score = recommendationOf(questions, r.answers);
  const keys: string[] = [];
  for (const q of questions) {
    const answer = r.answers[q.id];
    if (q.type !== 'text' || typeof answer !== 'string' || answer.trim() === '') continue;
    keys.push(q.id);
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
    await upsertResponseVerbatim(tx, r.id, q.id, source, analyse(answer, ctx, r.touch_point_id), now);
  }
  // An answer no longer there (a response stored again without it) takes its verbatim with it.
  let gone = tx.deleteFrom('verbatims').where('response_id', '=', r.id);
  if (keys.length > 0) gone = gone.where('question_key', 'not in', keys);
  await gone.execute();
  return keys.length;
}
