import { describe, expect, it } from 'vitest';
import { ProgrammeConfigSchema } from '../../../core/programme.ts';
import { describeCondition, describeDays, describeDelay, describeProgramme } from './describe.ts';

describe('describeProgramme', () => {
  it('says what a persistent programme does, in the words of its settings', () => {
    const config = ProgrammeConfigSchema.parse({
      kind: 'persistent',
      trigger: { eventType: 'service_call.closed' },
      delayMinutes: 60,
      excludeRoles: ['purchasing_agent'],
      reminders: { count: 1, afterDays: 5 },
    });
    expect(describeProgramme(config)).toBe(
      "Invites the contact of each service_call.closed event 1 hour later, weekdays 9:00–17:00 in the contact's time zone; events of unknown contacts are skipped; purchasing agent excluded; 1 reminder after 5 days; links open for 30 days.",
    );
  });

  it('names the population, cadence and owner notice of a periodic programme, and its quota', () => {
    const config = ProgrammeConfigSchema.parse({
      kind: 'periodic',
      cadence: 'yearly',
      population: { all: [{ ref: 'account:key_account', op: 'equals', value: 'true' }, { ref: 'audience', op: 'in', value: ['decision_maker', 'user'] }] },
      ownerNoticeDays: 14,
      reminders: { count: 0, afterDays: 5 },
      sendWindow: { days: [1, 3, 5], startHour: 8, endHour: 12 },
    });
    const text = describeProgramme(config, 200);
    expect(text).toContain('Invites everyone where account key_account is true and audience is one of decision_maker, user once a year');
    expect(text).toContain("Mon, Wed, Fri 8:00–12:00 in the contact's time zone");
    expect(text).toContain('account owners told 14 days ahead');
    expect(text).toContain('no reminders');
    expect(text).toContain('stops at 200 responses');
  });

  it('describes a pulsed programme’s sample and dates in UTC', () => {
    const config = ProgrammeConfigSchema.parse({
      kind: 'pulsed',
      sample: { method: 'stratified', size: 300, stratifyBy: 'account:market' },
      startAt: '2026-05-04T09:00:00+02:00',
      endAt: '2026-05-18T17:00:00+02:00',
    });
    expect(describeProgramme(config)).toContain('Invites a sample of 300 from every contact, stratified by account:market, between 2026-05-04 07:00 UTC and 2026-05-18 15:00 UTC');
  });
});

describe('the pieces of a summary', () => {
  it('words delays in the largest whole unit', () => {
    expect([0, 45, 60, 90, 120, 1440, 2880].map(describeDelay)).toEqual([
      'immediately',
      '45 minutes later',
      '1 hour later',
      '90 minutes later',
      '2 hours later',
      '1 day later',
      '2 days later',
    ]);
  });

  it('names common sets of days and lists the rest in week order', () => {
    expect(describeDays([5, 4, 3, 2, 1])).toBe('weekdays');
    expect(describeDays([1, 2, 3, 4, 5, 6, 7])).toBe('every day');
    expect(describeDays([7, 6])).toBe('weekends');
    expect(describeDays([5, 1])).toBe('Mon, Fri');
  });

  it('reads nested conditions with their groups', () => {
    expect(describeCondition({ any: [{ ref: 'event:outcome', op: 'equals', value: 'resolved' }, { not: { ref: 'contact:vip', op: 'answered' } }] })).toBe(
      'event outcome is resolved or not (contact vip is set)',
    );
  });
});
