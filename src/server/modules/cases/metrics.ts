import type { CaseMetricRow, CaseMetrics } from '../../../contract/cases.ts';
import { businessMinutesBetween } from '../../../core/business-hours.ts';
import { figuresBy, figuresOf, type CaseFact, type CaseFigures } from '../../../core/case-metrics.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { casesInScope } from './scope.ts';
import { loadCaseSettings } from './settings.ts';

/** Case metrics over the cases opened in a period, in business minutes, by unit, owner and root cause. */

export interface MetricFact extends CaseFact {
  unitId: string;
  unitName: string;
  ownerId: string;
  ownerName: string;
  rootCauseId: string;
  rootCauseLabel: string;
  title: string;
  resolution: string | null;
  customerToldAt: Date | null;
  closedAt: Date | null;
}

/** The facts of the cases opened in [from, to) under a unit path (and, with an actor, in their scope). */
export async function loadFacts(db: Db, companyId: string, opts: { unitPath: string; from: Date; to: Date; actor?: Actor }): Promise<MetricFact[]> {
  const settings = await loadCaseSettings(db, companyId);
  let q = db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('users as o', 'o.id', 'c.assignee_id')
    .leftJoin('case_root_causes as rc', 'rc.id', 'c.root_cause_id')
    .select(['c.unit_id', 'u.name as unit_name', 'c.assignee_id', 'o.name as owner_name', 'c.root_cause_id', 'rc.label as root_cause_label', 'c.opened_at', 'c.acknowledged_at', 'c.resolved_at', 'c.closed_at', 'c.resolution_due_at', 'c.title', 'c.resolution', 'c.customer_told_at'])
    .where('c.company_id', '=', companyId)
    .where('c.unit_path', 'like', `${opts.unitPath}%`)
    .where('c.opened_at', '>=', opts.from)
    .where('c.opened_at', '<', opts.to);
  if (opts.actor) q = q.where(casesInScope(opts.actor));
  const rows = await q.execute();
  const cal = settings.calendar;
  return rows.map((r) => {
    const opened = new Date(r.opened_at);
    const done = r.resolved_at ?? r.closed_at;
    return {
      ackMinutes: r.acknowledged_at ? businessMinutesBetween(cal, opened, new Date(r.acknowledged_at)) : null,
      closeMinutes: r.closed_at ? businessMinutesBetween(cal, opened, new Date(r.closed_at)) : null,
      closed: r.closed_at !== null,
      withinDeadline: done !== null && r.resolution_due_at !== null && new Date(done).getTime() <= new Date(r.resolution_due_at).getTime(),
      unitId: r.unit_id,
      unitName: r.unit_name,
      ownerId: r.assignee_id ?? '',
      ownerName: r.owner_name ?? 'Unassigned',
      rootCauseId: r.root_cause_id ?? '',
      rootCauseLabel: r.root_cause_label ?? 'No root cause yet',
      title: r.title,
      resolution: r.resolution,
      customerToldAt: r.customer_told_at ? new Date(r.customer_told_at) : null,
      closedAt: r.closed_at ? new Date(r.closed_at) : null,
    };
  });
}

const rowOf = (key: string, label: string, f: CaseFigures): CaseMetricRow => ({ key, label, ...f });

function grouped(facts: readonly MetricFact[], keyOf: (f: MetricFact) => string, labelOf: (f: MetricFact) => string): CaseMetricRow[] {
  return [...figuresBy(facts, keyOf).entries()].map(([k, f]) => rowOf(k, labelOf(facts.find((x) => keyOf(x) === k) as MetricFact), f));
}

export async function getCaseMetrics(svc: Services, actor: Actor, q: { from?: string | undefined; to?: string | undefined; unitId?: string | undefined }): Promise<CaseMetrics> {
  authorize(actor, 'cases.read');
  const companyId = companyIdOf(actor.unitPath);
  const now = svc.now();
  const to = q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) : now;
  const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 90 * 86_400_000);
  let unitPath = actor.unitPath;
  if (q.unitId) {
    const unit = await svc.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit || !unit.path.startsWith(`/${companyId}/`)) throw new NotFoundError('The unit');
    unitPath = unit.path;
  }
  // An actor's scope still applies: a unit outside it shows only their own cases there.
  const facts = await loadFacts(svc.db, companyId, { unitPath: unitPath.startsWith(actor.unitPath) ? unitPath : `/${companyId}/`, from, to, actor });
  const scoped = unitPath.startsWith(actor.unitPath) ? facts : [];
  return {
    total: rowOf('total', 'All cases', figuresOf(scoped)),
    byUnit: grouped(scoped, (f) => f.unitId, (f) => f.unitName),
    byOwner: grouped(scoped, (f) => f.ownerId, (f) => f.ownerName),
    byRootCause: grouped(scoped, (f) => f.rootCauseId, (f) => f.rootCauseLabel),
  };
}
