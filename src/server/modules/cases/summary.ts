import { figuresOf } from '../../../core/case-metrics.ts';
import type { Db } from '../../db/connect.ts';
import { idsOfPath } from './units.ts';
import { loadFacts } from './metrics.ts';

/**
 * The cases of a unit (and below) opened in a period, summed up for the monthly review and goals:
 * counts opened and closed, the share closed within the deadline, median times (business minutes),
 * the top root causes, and notable closed cases (those the customer was told about first).
 */

export interface CaseSummaryReport {
  opened: number;
  closed: number;
  withinDeadlineShare: number | null;
  ackMedianMinutes: number | null;
  closeMedianMinutes: number | null;
  topRootCauses: { label: string; count: number }[];
  notable: { title: string; resolution: string | null; customerToldAt: Date | null; closedAt: Date }[];
}

export async function summarizeCases(db: Db, opts: { unitPath: string; from: Date; to: Date }): Promise<CaseSummaryReport> {
  const companyId = idsOfPath(opts.unitPath)[0] ?? '';
  const facts = await loadFacts(db, companyId, opts);
  const f = figuresOf(facts);
  const causes = new Map<string, number>();
  for (const x of facts) if (x.rootCauseId) causes.set(x.rootCauseLabel, (causes.get(x.rootCauseLabel) ?? 0) + 1);
  const notable = facts
    .filter((x): x is typeof x & { closedAt: Date } => x.closedAt !== null)
    .sort((a, b) => Number(b.customerToldAt !== null) - Number(a.customerToldAt !== null) || b.closedAt.getTime() - a.closedAt.getTime())
    .slice(0, 5)
    .map((x) => ({ title: x.title, resolution: x.resolution, customerToldAt: x.customerToldAt, closedAt: x.closedAt }));
  return {
    opened: f.opened,
    closed: f.closed,
    withinDeadlineShare: f.withinDeadlineShare,
    ackMedianMinutes: f.ackMedianMinutes,
    closeMedianMinutes: f.closeMedianMinutes,
    topRootCauses: [...causes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([label, count]) => ({ label, count })),
    notable,
  };
}
