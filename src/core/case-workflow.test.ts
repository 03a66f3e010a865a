import { describe, expect, it } from 'vitest';
import { CaseStatusListSchema, checkTransition, DEFAULT_CASE_STATUSES, nextStatuses } from './case-workflow.ts';

describe('case workflow', () => {
  const d = DEFAULT_CASE_STATUSES;
  it('moves forward, and back only by reopening', () => {
    expect(checkTransition(d, 'new', 'acknowledged')).toEqual({ ok: true, reopen: false });
    expect(checkTransition(d, 'new', 'closed')).toEqual({ ok: true, reopen: false });
    expect(checkTransition(d, 'in_progress', 'acknowledged').ok).toBe(false);
    expect(checkTransition(d, 'closed', 'in_progress')).toEqual({ ok: true, reopen: true });
    expect(checkTransition(d, 'resolved', 'in_progress')).toEqual({ ok: true, reopen: true });
    expect(checkTransition(d, 'closed', 'new').ok).toBe(false);
    expect(checkTransition(d, 'new', 'new').ok).toBe(false);
    expect(checkTransition(d, 'new', 'bogus').ok).toBe(false);
  });

  it('takes extra statuses within a stage', () => {
    const custom = CaseStatusListSchema.parse([...d.slice(0, 3), { key: 'waiting', label: 'Waiting for customer', stage: 'in_progress' }, ...d.slice(3)]);
    expect(checkTransition(custom, 'in_progress', 'waiting').ok).toBe(true);
    expect(checkTransition(custom, 'waiting', 'in_progress').ok).toBe(true);
    expect(nextStatuses(custom, 'closed').map((s) => s.key)).toEqual(['in_progress', 'waiting']);
    expect(nextStatuses(custom, 'new').map((s) => s.key)).toEqual(['acknowledged', 'in_progress', 'waiting', 'resolved', 'closed']);
  });

  it('refuses a status list missing a stage or repeating a key', () => {
    expect(CaseStatusListSchema.safeParse(d.filter((s) => s.stage !== 'resolved').concat([{ key: 'x', label: 'X', stage: 'closed' }])).success).toBe(false);
    expect(CaseStatusListSchema.safeParse([...d, { key: 'new', label: 'Again', stage: 'new' }]).success).toBe(false);
  });
});
