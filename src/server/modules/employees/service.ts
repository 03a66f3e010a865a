import { EmployeeCustomerQuerySchema, type CorrelationView, type EmployeeCustomer, type EmployeeCustomerQuery } from '../../../contract/employees.ts';
import { correlatePearson, correlateSpearman, describeAssociation, type Correlation } from '../../../core/correlation.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { meanOf, momentsOfHistogram } from '../../../core/metrics.ts';
import { computeNps, countNpsBands, mergeHistograms, type NpsResult } from '../../../core/nps.ts';
import { listScaleItems } from '../../../core/scale-items.ts';
import { indexOfMeans } from '../../../core/summary-index.ts';
import { findNpsQuestion, type SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { getLiveDefinitions, listCustomerSurveys, listEmployeeSurveys } from '../surveys/service.ts';

/**
 * eNPS by unit beside customer NPS by unit (GET /api/v1/analytics/employee-customer): each visible
 * unit of a level, its employees' NPS from the employee surveys and its customers' NPS from every
 * other survey — read apart, never pooled — and the correlation of the two across the units that have
 * both. Read from the rollups, each unit's own rows (and those below it).
 */

type Live = { id: string; title: string; definition: SurveyDefinition };

async function liveOf(svc: Services, rows: Awaited<ReturnType<typeof listCustomerSurveys>>): Promise<Live[]> {
  const live = rows.filter(({ survey }) => survey.version !== null);
  const defs = await getLiveDefinitions(svc, live.map(({ survey }) => survey.id));
  return live.flatMap(({ survey }) => {
    const definition = defs.get(survey.id);
    return definition ? [{ id: survey.id, title: survey.title, definition }] : [];
  });
}

async function npsIn(svc: Services, surveys: readonly Live[], unitPath: string, from: string, to: string): Promise<NpsResult> {
  const hs: Record<string, number>[] = [];
  for (const s of surveys) {
    const q = findNpsQuestion(s.definition);
    if (!q) continue;
    const h = (await loadHistogramsByKey(svc.db, s.id, [q.id], from, { all: false, unitPath }, to)).get(q.id);
    if (h) hs.push(h);
  }
  return computeNps(countNpsBands(mergeHistograms(hs)));
}

/** The employee surveys' other scale items, each rescaled to 0–100 and weighted equally (core/summary-index.ts). */
async function engagementIn(svc: Services, surveys: readonly Live[], unitPath: string, from: string, to: string): Promise<number | null> {
  const values: number[] = [];
  for (const s of surveys) {
    const nps = findNpsQuestion(s.definition)?.id;
    const items = listScaleItems(s.definition).filter((i) => i.key !== nps && i.part !== 'expectation');
    if (items.length === 0) continue;
    const hs = await loadHistogramsByKey(svc.db, s.id, items.map((i) => i.key), from, { all: false, unitPath }, to);
    const means = Object.fromEntries(items.map((i) => {
      const m = momentsOfHistogram(hs.get(i.key) ?? {});
      return [i.key, { mean: meanOf(m), n: m.n }];
    }));
    const v = indexOfMeans({ items: items.map((i) => ({ key: i.key, weight: 1, min: i.scale.min, max: i.scale.max })) }, means);
    if (v !== null) values.push(v);
  }
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function present(c: Correlation): CorrelationView {
  return { ...c, ...describeAssociation(c) };
}

export async function getEmployeeCustomer(svc: Services, actor: Actor, raw: Partial<EmployeeCustomerQuery>): Promise<EmployeeCustomer> {
  authorize(actor, 'surveys.read');
  const query = EmployeeCustomerQuerySchema.parse(raw);
  const to = query.to ?? dayOf(svc.now());
  const from = query.from ?? addDays(to, -364);
  if (from > to) throw new ValidationError('"from" is after "to": swap them', [{ path: 'from', message: 'Must not be after to' }]);
  const [employee, customer] = await Promise.all([
    listEmployeeSurveys(svc, actor).then((r) => liveOf(svc, r)),
    listCustomerSurveys(svc, actor).then((r) => liveOf(svc, r)),
  ]);
  const units = await svc.db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.name', 'u.path', 'p.name as parent_name'])
    .where('u.path', 'like', `${actor.unitPath}%`)
    .where('u.kind', '=', query.level)
    .orderBy('p.name')
    .orderBy('u.name')
    .execute();
  const rows: EmployeeCustomer['units'] = [];
  for (const u of units) {
    const [enps, customerNps, engagement] = await Promise.all([
      npsIn(svc, employee, u.path, from, to),
      npsIn(svc, customer, u.path, from, to),
      engagementIn(svc, employee, u.path, from, to),
    ]);
    rows.push({ id: u.id, name: u.name, parentName: u.parent_name, enps, engagement, customerNps });
  }
  const paired = rows.filter((r) => r.enps.score !== null && r.customerNps.score !== null);
  const xs = paired.map((r) => r.enps.score!);
  const ys = paired.map((r) => r.customerNps.score!);
  return {
    level: query.level,
    from,
    to,
    employeeSurveys: employee.map((s) => ({ id: s.id, title: s.title })),
    customerSurveys: customer.map((s) => ({ id: s.id, title: s.title })),
    units: rows,
    pearson: present(correlatePearson(xs, ys)),
    spearman: present(correlateSpearman(xs, ys)),
  };
}
