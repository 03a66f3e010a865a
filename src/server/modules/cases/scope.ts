import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';

/**
 * Which cases an actor sees: those of units in their scope, those assigned to them and, for an agent,
 * those of the queues they belong to. Restricts a query on cases aliased `c`.
 */
export function casesInScope(actor: Actor) {
  const units = sql<boolean>`c.unit_path like ${`${actor.unitPath}%`}`;
  if (actor.type !== 'user') return units;
  const mine = sql<boolean>`c.assignee_id = ${actor.id}`;
  if (actor.role !== 'agent') return sql<boolean>`(${units} or ${mine})`;
  return sql<boolean>`(${units} or ${mine} or c.queue_id in (select m.queue_id from case_queue_members m where m.user_id = ${actor.id}))`;
}
