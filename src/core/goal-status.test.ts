import { describe, expect, it } from 'vitest';
import { judgeGoal, progressShare } from './goal-status.ts';

const base = { metric: 'nps' as const, target: 40, pastDue: false };

describe('goal status', () => {
  it('follows the documented rule', () => {
    expect(judgeGoal({ ...base, current: null, forecast: null })).toBe('no_data');
    expect(judgeGoal({ ...base, current: 41, forecast: 30 })).toBe('achieved');
    expect(judgeGoal({ ...base, current: 35, forecast: 42 })).toBe('on_track');
    expect(judgeGoal({ ...base, current: 35, forecast: 37.5 })).toBe('at_risk');
    expect(judgeGoal({ ...base, current: 35, forecast: 36.9 })).toBe('off_track');
    expect(judgeGoal({ ...base, current: 38, forecast: null })).toBe('at_risk');
    expect(judgeGoal({ ...base, current: 30, forecast: null })).toBe('off_track');
    expect(judgeGoal({ ...base, current: 39, forecast: 45, pastDue: true })).toBe('off_track');
    expect(judgeGoal({ ...base, metric: 'csat', current: 80, forecast: 88.5, target: 90 })).toBe('at_risk');
  });

  it('measures progress from the baseline to the target', () => {
    expect(progressShare(20, 30, 40)).toBe(0.5);
    expect(progressShare(20, 15, 40)).toBe(0);
    expect(progressShare(20, 45, 40)).toBe(1);
    expect(progressShare(null, 30, 40)).toBeNull();
  });
});
