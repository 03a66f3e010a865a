import type { CaseSummary } from '../../../contract/cases.ts';
import { CASE_STAGES, isOpenStage, statusOf, type CaseStage, type CaseStatus } from '../../../core/case-workflow.ts';

export interface CaseRow {
  id: string;
  number: string | number;
  title: string;
  status: string;
  stage: string;
  unit_id: string;
  unit_name: string;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  queue_id: string | null;
  queue_name: string | null;
  touch_point_id: string | null;
  touch_point_name: string | null;
  root_cause_id: string | null;
  root_cause_label: string | null;
  escalation_level: number;
  escalated_to_id: string | null;
  escalated_to_name: string | null;
  opened_at: Date;
  first_action_due_at: Date | null;
  resolution_due_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  customer_told_at: Date | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** True when a deadline has passed that the case has not met. */
export function isOverdue(row: Pick<CaseRow, 'first_action_due_at' | 'resolution_due_at' | 'acknowledged_at' | 'resolved_at' | 'closed_at'>, now: Date): boolean {
  const t = now.getTime();
  if (!row.acknowledged_at && row.first_action_due_at && new Date(row.first_action_due_at).getTime() <= t) return true;
  return !row.resolved_at && !row.closed_at && row.resolution_due_at !== null && new Date(row.resolution_due_at).getTime() <= t;
}

const stageOf = (s: string): CaseStage => ((CASE_STAGES as readonly string[]).includes(s) ? (s as CaseStage) : 'new');

export function presentCase(row: CaseRow, statuses: readonly CaseStatus[], now: Date): CaseSummary {
  const stage = stageOf(row.stage);
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    status: row.status,
    statusLabel: statusOf(statuses, row.status)?.label ?? row.status,
    stage,
    unit: { id: row.unit_id, name: row.unit_name },
    account: row.account_id ? { id: row.account_id, name: row.account_name ?? '' } : null,
    contact: row.contact_id ? { id: row.contact_id, name: row.contact_name, email: row.contact_email ?? '' } : null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    queue: row.queue_id ? { id: row.queue_id, name: row.queue_name ?? '' } : null,
    touchPoint: row.touch_point_id ? { id: row.touch_point_id, name: row.touch_point_name ?? '' } : null,
    rootCause: row.root_cause_id ? { id: row.root_cause_id, label: row.root_cause_label ?? '' } : null,
    escalationLevel: row.escalation_level,
    escalatedTo: row.escalated_to_id ? { id: row.escalated_to_id, name: row.escalated_to_name ?? '' } : null,
    openedAt: new Date(row.opened_at).toISOString(),
    firstActionDueAt: iso(row.first_action_due_at),
    resolutionDueAt: iso(row.resolution_due_at),
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    customerToldAt: iso(row.customer_told_at),
    overdue: isOpenStage(stage) || stage === 'resolved' ? isOverdue(row, now) : false,
  };
}
