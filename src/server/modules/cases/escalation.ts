import { sql } from 'kysely';
import { escalationTarget } from '../../../core/case-routing.ts';
import type { Services } from '../../context.ts';
import { recordAudit, SYSTEM } from '../audit/service.ts';
import { queueNotice } from './open-cases.ts';
import { loadUnitChain } from './units.ts';
import { queueCaseWebhook } from './webhook-events.ts';

/**
 * Escalation: a case past its first-action deadline without a first action, or past its resolution
 * deadline unresolved, goes to the manager of the first unit above the level it has reached (walking
 * past levels with nobody), once per deadline: the case records the level, the manager is told,
 * and the timeline and audit log say so.
 */

type Overdue = { id: string; title: string; company_id: string; unit_id: string; unit_path: string; escalation_level: number; deadline: 'first_action' | 'resolution' };

/** Escalates what is overdue at `now`; returns how many cases escalated. */
export async function escalateOverdue(svc: Services, limit = 100): Promise<number> {
  const now = svc.now();
  let escalated = 0;
  for (;;) {
    const done = await svc.db.transaction().execute(async (tx) => {
      const { rows } = await sql<Overdue>`
        select id, title, company_id, unit_id, unit_path, escalation_level,
               case when acknowledged_at is null and first_action_escalated_at is null and first_action_due_at <= ${now} then 'first_action' else 'resolution' end as deadline
          from cases
         where (acknowledged_at is null and first_action_escalated_at is null and first_action_due_at <= ${now})
            or (resolved_at is null and closed_at is null and resolution_escalated_at is null and resolution_due_at <= ${now})
         order by opened_at, id
         limit ${limit}
         for update skip locked`.execute(tx);
      for (const c of rows) {
        const chain = await loadUnitChain(tx, c.unit_path);
        const target = escalationTarget(chain, c.escalation_level);
        const mark = c.deadline === 'first_action' ? { first_action_escalated_at: now } : { resolution_escalated_at: now };
        await tx
          .updateTable('cases')
          .set({ ...mark, ...(target ? { escalation_level: target.level, escalated_to_id: target.userId } : {}), updated_at: now })
          .where('id', '=', c.id)
          .execute();
        const details = { deadline: c.deadline, level: target?.level ?? null, toUserId: target?.userId ?? null };
        await tx
          .insertInto('case_events')
          .values({ case_id: c.id, at: now, kind: target ? 'escalated' : 'overdue', actor_id: null, actor_label: 'system', details: JSON.stringify(details) })
          .execute();
        await recordAudit(tx, SYSTEM, { action: target ? 'case.escalate' : 'case.overdue', entityType: 'case', entityId: c.id, unitId: c.unit_id, details });
        if (target) {
          const user = await tx.selectFrom('users').select('email').where('id', '=', target.userId).executeTakeFirst();
          if (user) await queueNotice(tx, now, { companyId: c.company_id, caseId: c.id, ruleId: null, responseId: null, kind: 'escalated', to: user.email, userId: target.userId });
          await queueCaseWebhook(tx, now, {
            companyId: c.company_id,
            eventType: 'case.escalated',
            caseId: c.id,
            title: c.title,
            summary: `Escalated to level ${target.level}: the ${c.deadline === 'first_action' ? 'first-action' : 'resolution'} deadline passed`,
            details,
            dedupe: c.deadline,
          });
          escalated++;
        }
      }
      return rows.length < limit;
    });
    if (done) return escalated;
  }
}
