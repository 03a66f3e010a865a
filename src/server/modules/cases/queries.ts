import { sql } from 'kysely';
import type { CaseListQuery } from '../../../contract/cases.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow } from './presenter.ts';
import { casesInScope } from './scope.ts';

/** The case rows with the names they show, restricted to what the actor sees. */
export function caseRows(db: Db, actor: Actor, companyId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('users as asg', 'asg.id', 'c.assignee_id')
    .leftJoin('users as esc', 'esc.id', 'c.escalated_to_id')
    .leftJoin('case_queues as q', 'q.id', 'c.queue_id')
    .leftJoin('touch_points as tp', 'tp.id', 'c.touch_point_id')
    .leftJoin('case_root_causes as rc', 'rc.id', 'c.root_cause_id')
    .select([
      'c.id', 'c.number', 'c.title', 'c.status', 'c.stage', 'c.unit_id', 'u.name as unit_name', 'c.account_id', 'a.name as account_name',
      'c.contact_id', 'ct.name as contact_name', 'ct.email as contact_email', 'c.assignee_id', 'asg.name as assignee_name', 'c.queue_id', 'q.name as queue_name',
      'c.touch_point_id', 'tp.name as touch_point_name', 'c.root_cause_id', 'rc.label as root_cause_label', 'c.escalation_level', 'c.escalated_to_id',
      'esc.name as escalated_to_name', 'c.opened_at', 'c.first_action_due_at', 'c.resolution_due_at', 'c.acknowledged_at', 'c.resolved_at', 'c.closed_at',
      'c.customer_told_at', 'c.resolution', 'c.rule_id', 'c.response_id', 'c.survey_id', 'c.unit_path', 'c.trigger_key',
    ])
    .where('c.company_id', '=', companyId)
    .where(casesInScope(actor));
}

export type FullCaseRow = CaseRow & { resolution: string | null; rule_id: string | null; response_id: string | null; survey_id: string | null; unit_path: string; trigger_key: string | null };

/** A page of cases matching the filters, newest first, and how many match in all. */
export async function findCases(db: Db, actor: Actor, companyId: string, q: CaseListQuery, now: Date, unitPath: string | null): Promise<{ rows: FullCaseRow[]; total: number }> {
  let query = caseRows(db, actor, companyId);
  if (q.status && q.status.length > 0) query = query.where('c.status', 'in', q.status);
  if (q.stage === 'open') query = query.where('c.stage', 'not in', ['resolved', 'closed']);
  else if (q.stage) query = query.where('c.stage', '=', q.stage);
  if (q.mine === 'true') query = query.where('c.assignee_id', '=', actor.id);
  if (q.assignee) query = query.where('c.assignee_id', '=', q.assignee);
  if (unitPath) query = query.where('c.unit_path', 'like', `${unitPath}%`);
  if (q.touchPointId) query = query.where('c.touch_point_id', '=', q.touchPointId);
  if (q.surveyId) query = query.where('c.survey_id', '=', q.surveyId);
  if (q.rootCauseId) query = query.where('c.root_cause_id', '=', q.rootCauseId);
  if (q.openedFrom) query = query.where('c.opened_at', '>=', new Date(`${q.openedFrom}T00:00:00Z`));
  if (q.openedTo) query = query.where('c.opened_at', '<', new Date(new Date(`${q.openedTo}T00:00:00Z`).getTime() + 86_400_000));
  if (q.overdue === 'true') {
    query = query.where(
      sql<boolean>`((c.acknowledged_at is null and c.first_action_due_at <= ${now}) or (c.resolved_at is null and c.closed_at is null and c.resolution_due_at <= ${now}))`,
    );
  }
  const totalRow = await query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
  const rows = await query.orderBy('c.opened_at', 'desc').orderBy('c.id').limit(q.limit).offset(q.offset).execute();
  return { rows: rows as FullCaseRow[], total: totalRow?.n ?? 0 };
}
