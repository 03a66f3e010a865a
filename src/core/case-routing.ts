import { z } from 'zod';

/**
 * Where a new case goes, and who hears when it is overdue. Pure: the caller loads the account's owner,
 * the chain of units from the response's unit up to the company with their managers, the queues with
 * their members and round-robin cursors. Steps are tried in order; the company's fallback (or, failing
 * that, any manager up the chain) takes what no step placed, so a case is never left with nobody.
 */

export const RoutingStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('account_owner') }).strict(),
  z.object({ type: z.literal('unit_manager') }).strict(),
  /** The first queue whose touch points (or topics) match the response, round robin over its members. */
  z.object({ type: z.literal('queue_by_match') }).strict(),
  /** A named queue, round robin over its members. */
  z.object({ type: z.literal('queue'), queueId: z.uuid() }).strict(),
  z.object({ type: z.literal('user'), userId: z.uuid() }).strict(),
]);
export type RoutingStep = z.infer<typeof RoutingStepSchema>;

export interface UnitLevel {
  unitId: string;
  /** Active managers of exactly this unit, in a stable order. */
  managerIds: readonly string[];
}

export interface RoutingQueue {
  id: string;
  touchPointIds: readonly string[];
  topics: readonly string[];
  /** Active members, in a stable order. */
  memberIds: readonly string[];
  /** How many cases the queue has handed out so far. */
  cursor: number;
}

export interface RoutingInput {
  steps: readonly RoutingStep[];
  /** The account owner when the account has an active one. */
  accountOwnerId: string | null;
  /** The response's unit first, then its parent, up to the company. */
  unitChain: readonly UnitLevel[];
  queues: readonly RoutingQueue[];
  touchPointId: string | null;
  /** Topics of the response (e.g. options chosen), matched against queue topics case-insensitively. */
  topics: readonly string[];
  /** Active users who may be assigned by a `user` step (ids). */
  activeUserIds: ReadonlySet<string>;
  fallbackUserId: string | null;
}

export interface RoutingResult {
  assigneeId: string | null;
  queueId: string | null;
  /** Which step placed the case: account_owner, unit_manager, queue, user, fallback, unassigned. */
  via: string;
  /** The unit level (0 = the response's unit) whose manager took it, for unit_manager. */
  level: number | null;
}

/** The first manager at or above `from` in the chain, skipping levels with nobody. */
export function managerAbove(chain: readonly UnitLevel[], from: number): { level: number; userId: string } | null {
  for (let level = Math.max(0, from); level < chain.length; level++) {
    const id = chain[level]?.managerIds[0];
    if (id) return { level, userId: id };
  }
  return null;
}

function pick(queue: RoutingQueue): string | null {
  if (queue.memberIds.length === 0) return null;
  return queue.memberIds[queue.cursor % queue.memberIds.length] ?? null;
}

function matchingQueue(input: RoutingInput): RoutingQueue | null {
  const topics = new Set(input.topics.map((t) => t.toLowerCase()));
  const byTouchPoint = input.queues.find((q) => input.touchPointId !== null && q.touchPointIds.includes(input.touchPointId) && q.memberIds.length > 0);
  if (byTouchPoint) return byTouchPoint;
  return input.queues.find((q) => q.memberIds.length > 0 && q.topics.some((t) => topics.has(t.toLowerCase()))) ?? null;
}

/** Routes a new case: the first step that finds someone, else the fallback, else the nearest manager. */
export function routeCase(input: RoutingInput): RoutingResult {
  for (const step of input.steps) {
    if (step.type === 'account_owner' && input.accountOwnerId) return { assigneeId: input.accountOwnerId, queueId: null, via: 'account_owner', level: null };
    if (step.type === 'unit_manager') {
      const m = managerAbove(input.unitChain, 0);
      if (m) return { assigneeId: m.userId, queueId: null, via: 'unit_manager', level: m.level };
    }
    if (step.type === 'queue' || step.type === 'queue_by_match') {
      const queue = step.type === 'queue' ? input.queues.find((q) => q.id === step.queueId) : matchingQueue(input);
      const member = queue ? pick(queue) : null;
      if (queue && member) return { assigneeId: member, queueId: queue.id, via: 'queue', level: null };
    }
    if (step.type === 'user' && input.activeUserIds.has(step.userId)) return { assigneeId: step.userId, queueId: null, via: 'user', level: null };
  }
  if (input.fallbackUserId) return { assigneeId: input.fallbackUserId, queueId: null, via: 'fallback', level: null };
  const m = managerAbove(input.unitChain, 0);
  if (m) return { assigneeId: m.userId, queueId: null, via: 'fallback', level: m.level };
  return { assigneeId: null, queueId: null, via: 'unassigned', level: null };
}

/**
 * Whom an overdue case escalates to: the manager of the first unit above the level it has reached
 * (0 = the case's own unit), walking past levels with nobody. Null when nobody is left above.
 */
export function escalationTarget(chain: readonly UnitLevel[], reachedLevel: number): { level: number; userId: string } | null {
  return managerAbove(chain, reachedLevel + 1);
}
