import { sql } from 'kysely';
import { dayOf } from '../../../core/dates.ts';
import type { Db } from '../../db/connect.ts';
import { lockRollupsForIncrement } from './lock.ts';
import { RESPONSES_ROW } from './refresh.ts';

/**
 * Adds newly stored responses to the daily rollup in the transaction that stores them, so the
 * dashboard counts an answer exactly when it commits (docs/decisions/0004-group-commit.md). The rows
 * it writes are the ones refreshRollups would compute from the same responses: per survey × key ×
 * UTC day × segment ('' and 'unit:<id>'), n, sum, sum of squares and a histogram, plus the '*' row.
 */

export interface StoredForRollup {
  surveyId: string;
  unitId: string;
  submittedAt: Date;
  answers: Readonly<Record<string, unknown>>;
  /** The scale keys to histogram for this response's version. */
  keys: readonly string[];
}

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

function deltasOf(rows: readonly StoredForRollup[]): Delta[] {
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
    for (const key of row.keys) {
      const v = row.answers[key];
      if (typeof v !== 'number') continue;
      add(row.surveyId, key, day, '', v);
      add(row.surveyId, key, day, unit, v);
    }
  }
  // Primary-key order: concurrent writers lock rollup rows in the same order and never deadlock.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...deltas.values()].sort(
    (a, b) => cmp(a.surveyId, b.surveyId) || cmp(a.questionId, b.questionId) || cmp(a.segment, b.segment) || cmp(a.day, b.day),
  );
}

/** Adds the responses to rollup_daily; call inside the transaction that inserted them. */
export async function addToRollups(tx: Db, rows: readonly StoredForRollup[]): Promise<void> {
  if (rows.length === 0) return;
  await lockRollupsForIncrement(tx, rows.map((r) => r.surveyId));
  const deltas = deltasOf(rows);
  await sql`
    insert into rollup_daily as r (survey_id, question_id, day, segment, n, sum, sum_sq, counts)
    select * from unnest(
      ${deltas.map((d) => d.surveyId)}::uuid[], ${deltas.map((d) => d.questionId)}::text[], ${deltas.map((d) => d.day)}::date[],
      ${deltas.map((d) => d.segment)}::text[], ${deltas.map((d) => d.n)}::int[], ${deltas.map((d) => d.sum)}::float8[],
      ${deltas.map((d) => d.sumSq)}::float8[], ${deltas.map((d) => JSON.stringify(Object.fromEntries(d.counts)))}::jsonb[]
    )
    on conflict (survey_id, question_id, segment, day) do update set
      n = r.n + excluded.n,
      sum = r.sum + excluded.sum,
      sum_sq = r.sum_sq + excluded.sum_sq,
      counts = r.counts || coalesce(
        (select jsonb_object_agg(e.key, e.value::int + coalesce((r.counts ->> e.key)::int, 0)) from jsonb_each(excluded.counts) e),
        '{}'::jsonb
      ),
      refreshed_at = now()
  `.execute(tx);
}
