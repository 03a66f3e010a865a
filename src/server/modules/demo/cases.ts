import { sql } from 'kysely';
import { addBusinessMinutes, isOpenAt, weekdayCalendar } from '../../../core/business-hours.ts';
import type { Random } from '../../../core/random.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { putCaseSettings } from '../cases/settings.ts';

/**
 * The demo's closed loop: case settings (Berlin business hours, four hours to a first action, five
 * business days to resolve), root causes, two specialist queues, five alert rules (two on accounts), and six weeks of
 * cases opened by the detractors' responses, with timelines: most acknowledged within hours (some in
 * the evening), a few escalated to the market manager, most closed with a root cause and the date the
 * customer was told, a few still open and overdue. Built after the responses, so the rules open
 * nothing on their own while the demo loads.
 */

const ROOT_CAUSES: [string, string][] = [
  ['late_delivery', 'Late delivery'],
  ['billing_error', 'Billing error'],
  ['product_defect', 'Product defect'],
  ['slow_service', 'Slow service response'],
  ['communication', 'Poor communication'],
  ['pricing', 'Pricing and contract terms'],
  ['onboarding', 'Onboarding gaps'],
  ['expectations', 'Mismatched expectations'],
];

const RESOLUTIONS: Record<string, string[]> = {
  late_delivery: ['Expedited the back-order and set up weekly delivery status mails.', 'Moved the account to the priority delivery lane for the next quarter.'],
  billing_error: ['Credit note issued and the invoice template corrected.', 'Refunded the duplicate charge; billing contact added to the account team.'],
  product_defect: ['Replaced the faulty units on site; root cause sent to quality.', 'Firmware fix installed; engineer walked the customer through it.'],
  slow_service: ['Named a service lead for the account with a four-hour callback promise.', 'Closed the open tickets in one visit and agreed a review call.'],
  communication: ['Account executive set up a monthly check-in with the customer.', 'Sent a written summary of the changes and a single point of contact.'],
  pricing: ['Reviewed the contract terms with the buyer; volume discount applied.', 'Explained the price change and agreed a staged increase.'],
  onboarding: ['Ran a second training session for the new users.', 'Shared the setup guide and checked the configuration together.'],
  expectations: ['Agreed in writing what the service level covers.', 'Walked through the roadmap; the feature request is logged.'],
};

const MINUTE = 60_000;

export async function createDemoCases(svc: Services, actor: Actor, rnd: Random, companyId: string): Promise<number> {
  const now = svc.now();
  const calendar = weekdayCalendar('Europe/Berlin');
  const settings = await putCaseSettings(svc, actor, { calendar, firstActionMinutes: 240, resolutionMinutes: 2_400 });
  const causes = await svc.db
    .insertInto('case_root_causes')
    .values(ROOT_CAUSES.map(([key, label]) => ({ company_id: companyId, key, label })))
    .returning(['id', 'key'])
    .execute();
  const touchPoints = await svc.db.selectFrom('touch_points').select(['id', 'key']).where('company_id', '=', companyId).execute();
  const tp = (key: string) => touchPoints.filter((t) => t.key === key).map((t) => t.id);
  const staff = await svc.db.selectFrom('users').select(['id', 'email', 'name', 'role', 'unit_id']).where('email', 'like', '%@hitouch.example').execute();
  const agents = staff.filter((u) => u.role === 'agent');
  const queues = [
    { name: 'Field service desk', touch_point_ids: JSON.stringify([...tp('service-call'), ...tp('installation')]), topics: JSON.stringify([]) },
    { name: 'Billing desk', touch_point_ids: JSON.stringify(tp('invoice')), topics: JSON.stringify(['billing', 'invoice']) },
  ];
  for (const [i, q] of queues.entries()) {
    const row = await svc.db.insertInto('case_queues').values({ company_id: companyId, ...q }).returning('id').executeTakeFirstOrThrow();
    const members = agents.filter((_, j) => j % 2 === i).slice(0, 3);
    if (members.length > 0) await svc.db.insertInto('case_queue_members').values(members.map((m) => ({ queue_id: row.id, user_id: m.id }))).execute();
  }
  const rule = await svc.db
    .insertInto('alert_rules')
    .values([
      {
        company_id: companyId,
        name: 'Detractor: call the customer back',
        conditions: JSON.stringify({ match: 'any', conditions: [{ type: 'nps_detractor' }] }),
        scope: JSON.stringify({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: [] }),
        actions: JSON.stringify([{ type: 'open_case', routing: [{ type: 'account_owner' }, { type: 'unit_manager' }], notifyAssignee: true }]),
        created_by: actor.label,
      },
      {
        company_id: companyId,
        name: 'Churn words in a comment',
        conditions: JSON.stringify({ match: 'any', conditions: [{ type: 'keywords', keywords: ['cancel', 'switch supplier', 'terminate', 'lawyer'] }] }),
        scope: JSON.stringify({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: [] }),
        actions: JSON.stringify([{ type: 'email', to: 'key-accounts@hitouch.example' }]),
        created_by: actor.label,
      },
      {
        company_id: companyId,
        name: 'Hard service request: specialist queue',
        conditions: JSON.stringify({ match: 'all', conditions: [{ type: 'score_at_most', questionId: 'effort', threshold: 2 }] }),
        scope: JSON.stringify({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: tp('service-call') }),
        actions: JSON.stringify([{ type: 'open_case', routing: [{ type: 'queue_by_match' }, { type: 'unit_manager' }], notifyAssignee: true }]),
        created_by: actor.label,
        active: false,
      },
      {
        company_id: companyId,
        name: 'Account moved into At-Risk',
        conditions: JSON.stringify({ match: 'any', conditions: [{ type: 'account_moved_into', quadrant: 'at_risk' }] }),
        scope: JSON.stringify({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: [] }),
        actions: JSON.stringify([{ type: 'open_case', routing: [{ type: 'account_owner' }, { type: 'unit_manager' }], notifyAssignee: true }]),
        created_by: actor.label,
      },
      {
        company_id: companyId,
        name: 'Key account silent for 180 days',
        conditions: JSON.stringify({ match: 'any', conditions: [{ type: 'account_silent', days: 180, keyAccountsOnly: true }] }),
        scope: JSON.stringify({ surveyIds: [], programmeIds: [], unitIds: [], touchPointIds: [] }),
        actions: JSON.stringify([{ type: 'open_case', routing: [{ type: 'account_owner' }, { type: 'unit_manager' }], notifyAssignee: false }]),
        created_by: actor.label,
        active: false,
      },
    ])
    .returning('id')
    .execute();
  const ruleId = rule[0]?.id ?? null;

  // The detractors of the last six weeks with an account owner.
  const { rows: detractors } = await sql<{ id: string; submitted_at: Date; unit_id: string; path: string; account_id: string | null; contact_id: string | null; survey_id: string; touch_point_id: string | null; owner: string | null; account_name: string | null; nps: number; market_manager: string | null }>`
    select r.id, r.submitted_at, r.unit_id, u.path, r.account_id, r.contact_id, r.survey_id, r.touch_point_id, r.account_owner_id as owner, a.name as account_name,
           (r.answers->>'nps')::int as nps,
           (select m.id from users m join units mu on mu.id = m.unit_id where m.role = 'manager' and u.path like mu.path || '%' order by length(mu.path) desc limit 1) as market_manager
      from responses r join units u on u.id = r.unit_id left join accounts a on a.id = r.account_id
     where u.path like ${`/${companyId}/%`} and r.status = 'complete' and r.submitted_at >= ${new Date(now.getTime() - 42 * 86_400_000)}
       and jsonb_typeof(r.answers->'nps') = 'number' and (r.answers->>'nps')::int <= 6 and r.account_id is not null
     order by r.submitted_at, r.id
     limit 400`.execute(svc.db);
  const picked = detractors.filter(() => rnd.next() < 0.35).slice(0, 90);
  const nameOf = new Map(staff.map((s) => [s.id, s.name]));
  let number = 0;
  await svc.db.transaction().execute(async (tx) => {
    for (const r of picked) {
      const opened = new Date(new Date(r.submitted_at).getTime() + rnd.int(1, 3) * 1_000);
      const assignee = r.owner ?? r.market_manager;
      const firstDue = addBusinessMinutes(calendar, opened, settings.firstActionMinutes);
      const resolutionDue = addBusinessMinutes(calendar, opened, settings.resolutionMinutes);
      const age = (now.getTime() - opened.getTime()) / 86_400_000;
      const roll = rnd.next();
      // Older cases are mostly closed; the newest are open; a few old ones are stuck (overdue).
      const outcome = age < 0.25 ? 'new' : age < 6 ? (roll < 0.55 ? 'in_progress' : 'closed') : roll < 0.07 ? 'stuck' : 'closed';
      // Only a deadline that has passed escalates.
      const escalate = (outcome === 'stuck' || rnd.next() < 0.12) && firstDue.getTime() < now.getTime();
      const events: { at: Date; kind: string; actor_id: string | null; actor_label: string; details: Record<string, unknown> }[] = [
        { at: opened, kind: 'opened', actor_id: null, actor_label: 'system', details: { rule: 'Detractor: call the customer back', trigger: `NPS ${r.nps}`, assigneeId: assignee, via: r.owner ? 'account_owner' : 'unit_manager' } },
      ];
      let acknowledged: Date | null = null;
      let resolved: Date | null = null;
      let closed: Date | null = null;
      let told: Date | null = null;
      let cause: string | null = null;
      let resolution: string | null = null;
      let escalatedAt: Date | null = null;
      const label = nameOf.get(assignee ?? '') ?? 'system';
      if (escalate && r.market_manager) {
        escalatedAt = firstDue;
        events.push({ at: firstDue, kind: 'escalated', actor_id: null, actor_label: 'system', details: { deadline: 'first_action', level: 1, toUserId: r.market_manager } });
      }
      if (outcome !== 'new' && outcome !== 'stuck') {
        // Most within business hours; a case opened in the evening is often picked up that evening, from home.
        const afterHours = !escalatedAt && !isOpenAt(calendar, opened) && rnd.next() < 0.6;
        acknowledged = afterHours ? new Date(opened.getTime() + rnd.int(20, 150) * MINUTE) : addBusinessMinutes(calendar, escalatedAt ?? opened, rnd.int(10, escalatedAt ? 120 : 200));
        events.push({ at: acknowledged, kind: 'status', actor_id: assignee, actor_label: label, details: { from: 'new', to: 'acknowledged' } });
        const start = addBusinessMinutes(calendar, acknowledged, rnd.int(20, 240));
        events.push({ at: start, kind: 'status', actor_id: assignee, actor_label: label, details: { from: 'acknowledged', to: 'in_progress' } });
        events.push({ at: addBusinessMinutes(calendar, start, rnd.int(5, 60)), kind: 'note', actor_id: assignee, actor_label: label, details: { text: `Called ${r.account_name ?? 'the customer'}; agreed next steps.` } });
      }
      if (outcome === 'closed') {
        const c = causes[rnd.int(0, causes.length - 1)] as { id: string; key: string };
        cause = c.id;
        resolution = (RESOLUTIONS[c.key] ?? ['Resolved with the customer.'])[rnd.int(0, 1)] ?? 'Resolved with the customer.';
        resolved = addBusinessMinutes(calendar, acknowledged ?? opened, rnd.int(120, rnd.next() < 0.2 ? 3_600 : 2_000));
        if (resolved.getTime() > now.getTime()) resolved = new Date(now.getTime() - rnd.int(60, 600) * MINUTE);
        events.push({ at: resolved, kind: 'status', actor_id: assignee, actor_label: label, details: { from: 'in_progress', to: 'resolved' } });
        if (rnd.next() < 0.85) {
          told = new Date(Math.min(now.getTime() - MINUTE, resolved.getTime() + rnd.int(1, 48) * 60 * MINUTE));
          events.push({ at: told, kind: 'customer_told', actor_id: assignee, actor_label: label, details: { customerToldAt: told.toISOString() } });
        }
        closed = new Date(Math.min(now.getTime() - MINUTE, (told ?? resolved).getTime() + rnd.int(10, 240) * MINUTE));
        events.push({ at: closed, kind: 'status', actor_id: assignee, actor_label: label, details: { from: 'resolved', to: 'closed' } });
      }
      // Nothing in the future: a step that would fall after now has not happened yet.
      let past = events.filter((e) => e.at.getTime() < now.getTime());
      if (past.length < events.length) {
        past = past.filter((e) => e.kind !== 'customer_told' && e.details['to'] !== 'resolved' && e.details['to'] !== 'closed');
        acknowledged = acknowledged && acknowledged.getTime() < now.getTime() ? acknowledged : null;
        resolved = null;
        closed = null;
        told = null;
        cause = null;
        resolution = null;
      }
      events.splice(0, events.length, ...past.filter((e) => acknowledged || (e.kind !== 'status' && e.kind !== 'note')));
      const stage = closed ? 'closed' : acknowledged ? (events.some((e) => e.details['to'] === 'in_progress') ? 'in_progress' : 'acknowledged') : 'new';
      const inserted = await tx
        .insertInto('cases')
        .values({
          company_id: companyId,
          unit_id: r.unit_id,
          unit_path: r.path,
          account_id: r.account_id,
          contact_id: r.contact_id,
          response_id: r.id,
          survey_id: r.survey_id,
          touch_point_id: r.touch_point_id,
          rule_id: ruleId,
          title: `${r.account_name ?? 'Customer'}: NPS ${r.nps}`,
          status: stage,
          stage,
          assignee_id: assignee,
          routed_via: r.owner ? 'account_owner' : 'unit_manager',
          first_action_due_at: firstDue,
          resolution_due_at: resolutionDue,
          escalation_level: escalatedAt ? 1 : 0,
          escalated_to_id: escalatedAt ? r.market_manager : null,
          first_action_escalated_at: escalatedAt,
          // Past the resolution deadline and still open: marked as escalated already, so the worker leaves the demo as it is.
          resolution_escalated_at: !resolved && resolutionDue.getTime() <= now.getTime() ? resolutionDue : null,
          root_cause_id: cause,
          resolution,
          customer_told_at: told,
          opened_at: opened,
          acknowledged_at: acknowledged,
          resolved_at: resolved,
          closed_at: closed,
          updated_at: closed ?? acknowledged ?? opened,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('case_events').values(events.sort((a, b) => a.at.getTime() - b.at.getTime()).map((e) => ({ case_id: inserted.id, at: e.at, kind: e.kind, actor_id: e.actor_id, actor_label: e.actor_label, details: JSON.stringify(e.details) }))).execute();
      number++;
    }
    await recordAudit(tx, actor, { action: 'demo.cases', entityType: 'company', entityId: companyId, unitId: companyId, details: { cases: number } });
  });
  return number;
}
