import type { GoalStatus } from '../../../contract/goals.ts';
import { addDays, dayOf, monthStartFrom } from '../../../core/dates.ts';
import type { GoalMetric } from '../../../core/goal-status.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { createGoal, updateGoal } from '../goals/service.ts';
import type { UnitRow } from '../units/service.ts';

/** What each market is aiming at, and where the demo wants it to stand, so the page shows every status. */
const PLAN: Record<string, { metric: GoalMetric; name: string; want: GoalStatus }[]> = {
  Banking: [
    { metric: 'nps', name: 'Banking NPS up by the end of the quarter', want: 'on_track' },
    { metric: 'csat', name: 'Banking service satisfaction', want: 'at_risk' },
    { metric: 'response_rate', name: 'Banking response rate', want: 'achieved' },
  ],
  Insurance: [
    { metric: 'nps', name: 'Insurance NPS recovery', want: 'on_track' },
    { metric: 'csat', name: 'Insurance service satisfaction', want: 'achieved' },
    { metric: 'response_rate', name: 'Insurance response rate', want: 'off_track' },
  ],
  'Asset Management': [
    { metric: 'nps', name: 'Asset Management NPS', want: 'off_track' },
    { metric: 'csat', name: 'Asset Management service satisfaction', want: 'on_track' },
    { metric: 'response_rate', name: 'Asset Management response rate', want: 'at_risk' },
  ],
};

const round = (v: number) => Math.round(v);

/**
 * A target that puts the goal where the plan wants it, given where it stands and where its trend
 * points (the status rule of core/goal-status.ts applied backwards); null when its data cannot.
 */
function targetFor(want: GoalStatus, current: number, forecast: number | null, max: number): number | null {
  const f = forecast ?? current;
  const t =
    want === 'achieved' ? Math.floor(current) - 2
    : want === 'on_track' ? (f > current + 2 ? round((current + f) / 2 + 1) : null)
    : want === 'at_risk' ? Math.ceil(Math.max(current, f) + 1)
    : round(Math.max(current, f) + 12);
  return t === null ? null : Math.min(max, t);
}

/** Goals per market (NPS, CSAT, response rate), owned by the market's manager, and one for the company. */
export async function createDemoGoals(svc: Services, actor: Actor, company: UnitRow, markets: ReadonlyMap<string, { unit: UnitRow; managerId: string | null }>): Promise<number> {
  const today = dayOf(svc.now());
  const startDate = monthStartFrom(today, -5);
  const dueDate = addDays(monthStartFrom(today, 4), -1);
  let made = 0;
  const make = async (unitId: string, ownerUserId: string | null, p: { metric: GoalMetric; name: string; want: GoalStatus }) => {
    const [min, max] = p.metric === 'nps' ? [-100, 100] : [0, 100];
    const body = { name: p.name, metric: p.metric, unitId, target: max, startDate, dueDate, ownerUserId };
    const g = await createGoal(svc, actor, body);
    made++;
    const { current, forecast } = g.progress;
    if (current === null) return;
    const target = targetFor(p.want, current, forecast, max) ?? targetFor('at_risk', current, forecast, max);
    if (target !== null) await updateGoal(svc, actor, g.id, { ...body, target: Math.max(min, target) });
  };
  for (const [name, plan] of Object.entries(PLAN)) {
    const m = markets.get(name);
    if (!m) continue;
    for (const p of plan) await make(m.unit.id, m.managerId, p);
  }
  await make(company.id, actor.type === 'user' ? actor.id : null, { metric: 'nps', name: 'HiTouch NPS this year', want: 'at_risk' });
  return made;
}
