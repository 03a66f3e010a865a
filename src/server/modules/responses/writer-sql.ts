import { sql } from 'kysely';
import { dayOf } from '../../../core/dates.ts';
import type { Db } from '../../db/connect.ts';
import type { NewResponse } from './writer.ts';
import { ROLLUP_LOCK_CLASS } from '../rollups/lock.ts';
import { RESPONSES_ROW } from '../rollups/refresh.ts';
import { ADD_EXCLUDED, monthRowsOf, monthUpsertOf, SEGMENT_VALUES_INSERT, segmentRowsOf, segmentUpsertOf } from '../rollups/segments.ts';

/**
 * The SQL of the response writer (writer.ts). A batch is stored with its rollup increments in one
 * statement — one round trip, atomic on its own — when every row goes in, which is nearly always;
 * otherwise in a transaction that finds out which rows go in. A row is stored only if, when the
 * statement runs, its survey is live with the version it was checked against and its API key (if
 * any) is not revoked, so an answer checked against a cached survey or key is never stored where a
 * fresh read would have refused it. The increments are the rows refreshRollups would compute from
 * the same responses: per survey × key × UTC day × segment ('' and 'unit:<id>'), n, sum, sum of
 * squares and a histogram, plus the '*' row; and the segment rollup's (rollups/segments.ts), aggregated
 * in SQL from the rows the insert returns, with the survey's touch point and the account's owner as
 * they are when the row goes in.
 */

/** A response as the writer stores it: what it was handed, its id, and the scale keys its rollup counts. */
export type BatchRow = NewResponse & {
  id: string;
  /** The scale keys its rollup counts (rollupKeys of the versions up to its own). */
  rollupKeys: readonly string[];
};

interface Delta {
  surveyId: string;
  questionId: string;
  day: string;
  segment: string;
  n: number;
  sum: number;
  sumSq: number;
  counts: Map<string, number>;
}

/** The rollup rows' increments for these responses, as refreshRollups would aggregate them. */
function deltasOf(rows: readonly BatchRow[]): Delta[] {
  const deltas = new Map<string, Delta>();
  const add = (surveyId: string, questionId: string, day: string, segment: string, v: number | null) => {
    const id = `${surveyId}|${questionId}|${segment}|${day}`;
    let d = deltas.get(id);
    if (!d) {
      d = { surveyId, questionId, day, segment, n: 0, sum: 0, sumSq: 0, counts: new Map() };
      deltas.set(id, d);
    }
    d.n++;
    if (v === null) return;
    d.sum += v;
    d.sumSq += v * v;
    // The histogram's keys are the values as text, as refreshRollups writes them (float8::text).
    const bucket = String(v);
    d.counts.set(bucket, (d.counts.get(bucket) ?? 0) + 1);
  };
  for (const row of rows) {
    const day = dayOf(row.submittedAt);
    const unit = `unit:${row.unitId}`;
    add(row.surveyId, RESPONSES_ROW, day, '', null);
    add(row.surveyId, RESPONSES_ROW, day, unit, null);
    for (const key of row.rollupKeys) {
      const v = row.answers[key];
      if (typeof v !== 'number') continue;
      add(row.surveyId, key, day, '', v);
      add(row.surveyId, key, day, unit, v);
    }
  }
  // Primary-key order: concurrent writers lock rollup rows in one order and never deadlock.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...deltas.values()].sort((a, b) => cmp(a.surveyId, b.surveyId) || cmp(a.questionId, b.questionId) || cmp(a.segment, b.segment) || cmp(a.day, b.day));
}

const inputOf = (rows: readonly BatchRow[]) => {
  const col = <K extends keyof BatchRow>(k: K) => rows.map((r) => r[k]);
  return sql`
    select * from unnest(
      ${col('id')}::uuid[], ${col('surveyId')}::uuid[], ${col('versionId')}::uuid[], ${col('unitId')}::uuid[], ${col('accountId')}::uuid[],
      ${col('contactId')}::uuid[], ${rows.map((r) => r.submittedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => JSON.stringify(r.answers))}::jsonb[], ${rows.map((r) => JSON.stringify(r.attributes))}::jsonb[],
      ${col('language')}::text[], ${col('channel')}::text[], ${col('idempotencyKey')}::text[], ${col('requestHash')}::text[], ${col('apiKeyId')}::uuid[],
      ${col('status')}::text[], ${col('audience')}::text[], ${rows.map((r) => r.startedAt?.toISOString() ?? null)}::timestamptz[],
      ${col('sessionId')}::uuid[], ${col('personalLinkId')}::uuid[], ${col('pinnedVersion')}::bool[],
      ${col('versionNumber')}::int[], ${rows.map((r) => JSON.stringify(r.rollupKeys))}::jsonb[]
    ) as t(id, survey_id, version_id, unit_id, account_id, contact_id, submitted_at, answers, attributes, language, channel, idempotency_key, request_hash, api_key_id,
           status, audience, started_at, session_id, personal_link_id, pinned_version, version_number, keys)`;
};

// Each row only while its survey is live with the version it was checked against (or, for a session,
// began on), and its key unrevoked.
const INSERT_CHECKED = sql`
  insert into responses (id, survey_id, version_id, unit_id, account_id, contact_id, submitted_at, answers, attributes, language, channel, idempotency_key, request_hash,
                         status, audience, started_at, session_id, personal_link_id, touch_point_id, account_owner_id)
  select i.id, i.survey_id, i.version_id, i.unit_id, i.account_id, i.contact_id, i.submitted_at, i.answers, i.attributes, i.language, i.channel, i.idempotency_key, i.request_hash,
         i.status, i.audience, i.started_at, i.session_id, i.personal_link_id, s.touch_point_id, a.owner_user_id
  from input i
  join surveys s on s.id = i.survey_id and s.status = 'live' and (s.live_version_id = i.version_id or i.pinned_version)
  left join accounts a on a.id = i.account_id
  where i.api_key_id is null or exists (select 1 from api_keys k where k.id = i.api_key_id and k.revoked_at is null)
  on conflict (survey_id, idempotency_key) where idempotency_key is not null do nothing
  returning id, touch_point_id, account_owner_id`;

/**
 * Complete responses go to the alert inbox in the statement that stores them (while any rule is
 * active), so a response acknowledged to its respondent is checked against the rules even if the
 * process dies right after (decision 0013).
 */
const ALERT_INBOX = sql`
  insert into alert_inbox (response_id, created_at, available_at)
  select i.id, i.submitted_at, i.submitted_at from input i join ins on ins.id = i.id
   where i.status = 'complete' and exists (select 1 from alert_rules ar where ar.active)`;

/**
 * Responses with a written answer go to the text inbox in the same statement, complete or partial (a
 * partial's words count too), so the indexer analyses every stored comment (decision 0021). Any
 * non-empty string qualifies here; the indexer keeps the answers of text questions.
 */
const TEXT_INBOX = sql`
  insert into text_inbox (response_id, created_at, available_at)
  select i.id, i.submitted_at, i.submitted_at from input i join ins on ins.id = i.id
   where exists (select 1 from jsonb_each(i.answers) e where jsonb_typeof(e.value) = 'string' and btrim(e.value #>> '{}') <> '')
  on conflict (response_id) do nothing`;

/** The stored rows (CTE `ins`) with what segmentRowsOf needs of each. */
const STORED_SOURCE = sql`(
  select i.survey_id, i.unit_id, (i.submitted_at at time zone 'UTC')::date as day, i.answers, i.attributes, i.language, i.channel, i.audience,
         ins.touch_point_id, ins.account_owner_id, i.version_number, i.keys
  from input i join ins on ins.id = i.id
) as r`;

const lockOf = (surveyIds: readonly string[], concurrent: boolean) =>
  concurrent
    ? sql`cross join (select count(pg_advisory_xact_lock_shared(${ROLLUP_LOCK_CLASS}, hashtext(s))) from unnest(${[...new Set(surveyIds)].sort()}::text[]) as s) as lock`
    : sql``;

/** The CTEs that add the stored rows to the segment rollup; `seg_values` returns the values new to a survey. */
const segmentCtesOf = (rows: readonly BatchRow[], concurrent: boolean) => {
  const lock = lockOf(rows.map((r) => r.surveyId), concurrent);
  return sql`
  segrows as (${segmentRowsOf(STORED_SOURCE)}),
  seg_up as (${segmentUpsertOf(lock)}),
  monthrows as (${monthRowsOf(sql`segrows`)}),
  month_up as (${monthUpsertOf(lock)}),
  seg_values as (${SEGMENT_VALUES_INSERT})`;
};

/**
 * The rollup upsert. With `concurrent` (PostgreSQL, where another connection may recompute) its rows
 * come through a join with the shared rollup locks (lock.ts), taken before the first row is written.
 */
const upsertOf = (deltas: readonly Delta[], concurrent: boolean) => {
  const lock = lockOf(deltas.map((d) => d.surveyId), concurrent);
  return sql`
    insert into rollup_daily as r (survey_id, question_id, day, segment, n, sum, sum_sq, counts)
    select d.survey_id, d.question_id, d.day, d.segment, d.n, d.sum, d.sum_sq, d.counts from unnest(
      ${deltas.map((d) => d.surveyId)}::uuid[], ${deltas.map((d) => d.questionId)}::text[], ${deltas.map((d) => d.day)}::date[],
      ${deltas.map((d) => d.segment)}::text[], ${deltas.map((d) => d.n)}::int[], ${deltas.map((d) => d.sum)}::float8[],
      ${deltas.map((d) => d.sumSq)}::float8[], ${deltas.map((d) => JSON.stringify(Object.fromEntries(d.counts)))}::jsonb[]
    ) with ordinality as d(survey_id, question_id, day, segment, n, sum, sum_sq, counts, ord) ${lock}
    order by d.ord
    on conflict (survey_id, question_id, segment, day) do update set
      ${ADD_EXCLUDED}`;
};

/** The fast path refuses itself with this when not every row was stored. */
const NOT_ALL_STORED = '22012';

/**
 * Stores every row and its rollup increments in one statement (its own transaction), or nothing:
 * null when some row would not be stored (a taken key, a changed survey or key), so that the caller
 * takes the careful path; else how many segment values were new (then the caller checks the
 * cardinality bound, rollups/segments.ts markOverflow). Row errors (a foreign key, say) throw.
 */
export async function insertAll(db: Db, rows: readonly BatchRow[], concurrent: boolean): Promise<{ newValues: number } | null> {
  try {
    const { rows: out } = await sql<{ new_values: number }>`
      with input as (${inputOf(rows)}),
      ins as (${INSERT_CHECKED}),
      inbox as (${ALERT_INBOX}),
      texts as (${TEXT_INBOX}),
      up as (${upsertOf(deltasOf(rows), concurrent)}),
      ${segmentCtesOf(rows, concurrent)}
      -- Fewer rows than sent: fail, so that neither the rows nor the rollup increments are kept.
      select 1 / (case when count(*) = ${rows.length} then 1 else 0 end) as stored, (select count(*)::int from seg_values) as new_values from ins
    `.execute(db);
    return { newValues: out[0]?.new_values ?? 0 };
  } catch (err) {
    if ((err as { code?: unknown }).code === NOT_ALL_STORED) return null;
    throw err;
  }
}

/**
 * Inserts the rows that pass with their segment increments, then the daily rollup's increments of
 * those: call in a transaction. Returns the ids inserted and how many segment values were new.
 */
export async function insertSome(tx: Db, rows: readonly BatchRow[], concurrent: boolean): Promise<{ ids: Set<string>; newValues: number }> {
  const { rows: inserted } = await sql<{ id: string; new_values: number }>`
    with input as (${inputOf(rows)}),
    ins as (${INSERT_CHECKED}),
    inbox as (${ALERT_INBOX}),
    texts as (${TEXT_INBOX}),
    ${segmentCtesOf(rows, concurrent)}
    select id, (select count(*)::int from seg_values) as new_values from ins`.execute(tx);
  const ids = new Set(inserted.map((r) => r.id));
  const stored = rows.filter((r) => ids.has(r.id));
  if (stored.length > 0) await upsertOf(deltasOf(stored), concurrent).execute(tx);
  return { ids, newValues: inserted[0]?.new_values ?? 0 };
}

/** Why rows were not stored although no idempotency key explains it. */
export async function explainRefused(
  db: Db,
  rows: readonly BatchRow[],
): Promise<{ surveys: Map<string, { status: string; liveVersionId: string | null }>; revokedKeys: Set<string> }> {
  const surveyIds = [...new Set(rows.map((r) => r.surveyId))];
  const keyIds = [...new Set(rows.flatMap((r) => (r.apiKeyId ? [r.apiKeyId] : [])))];
  const found = await db.selectFrom('surveys').select(['id', 'status', 'live_version_id']).where('id', 'in', surveyIds).execute();
  const keys = keyIds.length === 0 ? [] : await db.selectFrom('api_keys').select(['id', 'revoked_at']).where('id', 'in', keyIds).execute();
  return {
    surveys: new Map(found.map((s) => [s.id, { status: s.status, liveVersionId: s.live_version_id }])),
    revokedKeys: new Set([...keyIds.filter((id) => !keys.some((k) => k.id === id)), ...keys.filter((k) => k.revoked_at).map((k) => k.id)]),
  };
}
