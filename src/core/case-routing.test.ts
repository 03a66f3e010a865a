import { describe, expect, it } from 'vitest';
import { escalationTarget, routeCase, type RoutingInput } from './case-routing.ts';

const q1 = '11111111-1111-4111-8111-111111111111';
const base: RoutingInput = {
  steps: [{ type: 'account_owner' }, { type: 'unit_manager' }],
  accountOwnerId: 'owner',
  unitChain: [
    { unitId: 'team', managerIds: [] },
    { unitId: 'region', managerIds: [] },
    { unitId: 'market', managerIds: ['m-market'] },
    { unitId: 'company', managerIds: ['m-company'] },
  ],
  queues: [{ id: q1, touchPointIds: ['tp-delivery'], topics: ['Billing'], memberIds: ['a', 'b', 'c'], cursor: 0 }],
  touchPointId: null,
  topics: [],
  activeUserIds: new Set(['u1']),
  fallbackUserId: 'fallback',
};

describe('case routing', () => {
  it('goes to the account owner first', () => {
    expect(routeCase(base)).toEqual({ assigneeId: 'owner', queueId: null, via: 'account_owner', level: null });
  });

  it('walks up the hierarchy past levels with nobody', () => {
    expect(routeCase({ ...base, accountOwnerId: null })).toEqual({ assigneeId: 'm-market', queueId: null, via: 'unit_manager', level: 2 });
  });

  it('picks a queue by touch point or topic, round robin', () => {
    const steps = [{ type: 'queue_by_match' as const }];
    const picks = [0, 1, 2, 3].map((cursor) => routeCase({ ...base, steps, touchPointId: 'tp-delivery', queues: [{ ...base.queues[0]!, cursor }] }).assigneeId);
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
    expect(routeCase({ ...base, steps, topics: ['billing'] }).queueId).toBe(q1);
    expect(routeCase({ ...base, steps, topics: ['other'] }).via).toBe('fallback');
    expect(routeCase({ ...base, steps: [{ type: 'queue', queueId: q1 }] }).assigneeId).toBe('a');
  });

  it('falls back to the fallback user, then the nearest manager', () => {
    const noOne = { ...base, accountOwnerId: null, steps: [{ type: 'account_owner' as const }] };
    expect(routeCase(noOne).assigneeId).toBe('fallback');
    expect(routeCase({ ...noOne, fallbackUserId: null })).toEqual({ assigneeId: 'm-market', queueId: null, via: 'fallback', level: 2 });
    expect(routeCase({ ...noOne, fallbackUserId: null, unitChain: [] }).via).toBe('unassigned');
    expect(routeCase({ ...noOne, steps: [{ type: 'user', userId: 'gone' }] }).assigneeId).toBe('fallback');
  });

  it('escalates one level up at a time, skipping empty levels', () => {
    expect(escalationTarget(base.unitChain, 0)).toEqual({ level: 2, userId: 'm-market' });
    expect(escalationTarget(base.unitChain, 2)).toEqual({ level: 3, userId: 'm-company' });
    expect(escalationTarget(base.unitChain, 3)).toBeNull();
  });
});
