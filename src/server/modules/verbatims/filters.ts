import { sql, type RawBuilder } from 'kysely';
import type { VerbatimFilter, VerbatimKind } from '../../../contract/verbatims.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/**
 * The explorer's filter as one SQL condition on verbatims aliased `v`: always the actor's company and
 * units (a manager sees their units' verbatims only), then what the filter asks. Employee comments
 * appear only when asked for by kind: employee and customer words are never mixed.
 */

type Condition = RawBuilder<boolean>;

function kindCondition(kinds: readonly VerbatimKind[] | undefined): Condition {
  const customer = sql<boolean>`(v.kind = 'comment' and v.survey_kind is distinct from 'employee')`;
  if (!kinds || kinds.length === 0) return sql<boolean>`(v.kind <> 'comment' or ${customer})`;
  const parts = kinds.map((k) => {
    if (k === 'comment') return customer;
    if (k === 'employee_comment') return sql<boolean>`(v.kind = 'comment' and v.survey_kind = 'employee')`;
    return sql<boolean>`v.kind = ${k}`;
  });
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** The filter's condition; a unit outside the actor's scope answers 404. */
export async function filterCondition(db: Db, actor: Actor, f: Partial<VerbatimFilter>): Promise<Condition> {
  const companyId = companyIdOf(actor.unitPath);
  const parts: Condition[] = [sql<boolean>`v.company_id = ${companyId}`, sql<boolean>`v.unit_path like ${`${actor.unitPath}%`}`, kindCondition(f.kind)];
  if (f.unitId) {
    const unit = await db.selectFrom('units').select('path').where('id', '=', f.unitId).executeTakeFirst();
    if (!unit || !unit.path.startsWith(actor.unitPath)) throw new NotFoundError('The unit');
    parts.push(sql<boolean>`v.unit_path like ${`${unit.path}%`}`);
  }
  if (f.q) parts.push(sql<boolean>`v.search @@ websearch_to_tsquery('english', ${f.q})`);
  if (f.theme?.length) parts.push(sql<boolean>`v.themes && ${f.theme}::text[]`);
  if (f.topic?.length) parts.push(sql<boolean>`v.topics && ${f.topic}::uuid[]`);
  if (f.sentiment?.length) parts.push(sql<boolean>`v.sentiment_label = any(${f.sentiment}::text[])`);
  if (f.band?.length) parts.push(sql<boolean>`v.score_band = any(${f.band}::text[])`);
  if (f.touchPointId?.length) parts.push(sql<boolean>`v.touch_point_id = any(${f.touchPointId}::uuid[])`);
  if (f.accountId) parts.push(sql<boolean>`v.account_id = ${f.accountId}`);
  if (f.surveyId) parts.push(sql<boolean>`v.survey_id = ${f.surveyId}`);
  if (f.from) parts.push(sql<boolean>`v.occurred_at >= ${dayStart(f.from)}`);
  if (f.to) parts.push(sql<boolean>`v.occurred_at < ${dayAfter(f.to)}`);
  if (f.segment) {
    const at = f.segment.indexOf(':');
    const key = f.segment.slice(0, at);
    const value = f.segment.slice(at + 1);
    parts.push(sql<boolean>`exists (select 1 from responses r where r.id = v.response_id and r.attributes ->> ${key} = ${value})`);
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}
