import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, BusinessCalendarSchema, businessMinutesBetween, instantOfWall, isOpenAt, weekdayCalendar } from './business-hours.ts';

const berlin = weekdayCalendar('Europe/Berlin');
const at = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('adds minutes within a day', () => {
    // Tue 2026-12-01 10:00 CET = 09:00Z
    expect(addBusinessMinutes(berlin, at('2026-12-01T09:00:00Z'), 90).toISOString()).toBe('2026-12-01T10:30:00.000Z');
  });

  it('starts counting at opening time when outside hours', () => {
    // Tue 06:00 CET → opens 09:00 CET (08:00Z), +30 min
    expect(addBusinessMinutes(berlin, at('2026-12-01T05:00:00Z'), 30).toISOString()).toBe('2026-12-01T08:30:00.000Z');
  });

  it('skips the weekend', () => {
    // Fri 2026-12-04 16:00 CET (15:00Z) + 120 min: 60 on Friday, 60 on Monday 09:00–10:00 CET (09:00Z)
    expect(addBusinessMinutes(berlin, at('2026-12-04T15:00:00Z'), 120).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(businessMinutesBetween(berlin, at('2026-12-04T15:00:00Z'), at('2026-12-07T09:00:00Z'))).toBe(120);
  });

  it('keeps local hours across the spring DST change (Europe/Berlin, 29 March 2026)', () => {
    // Fri 2026-03-27 16:30 CET (15:30Z) + 60 min → Mon 2026-03-30 09:30 CEST (07:30Z)
    expect(addBusinessMinutes(berlin, at('2026-03-27T15:30:00Z'), 60).toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(businessMinutesBetween(berlin, at('2026-03-27T15:30:00Z'), at('2026-03-30T07:30:00Z'))).toBe(60);
  });

  it('keeps local hours across the autumn DST change (America/New_York, 1 November 2026)', () => {
    const ny = weekdayCalendar('America/New_York');
    // Fri 2026-10-30 16:00 EDT (20:00Z) + 120 → Mon 2026-11-02 10:00 EST (15:00Z)
    expect(addBusinessMinutes(ny, at('2026-10-30T20:00:00Z'), 120).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('skips holidays and measures a full week', () => {
    const cal = { ...berlin, holidays: ['2026-12-25'] };
    // Thu 24 Dec 16:00 CET + 120 → Fri 25 is a holiday → Mon 28 Dec 10:00 CET (09:00Z)
    expect(addBusinessMinutes(cal, at('2026-12-24T15:00:00Z'), 120).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    // Mon 7 Dec 00:00 → Mon 14 Dec 00:00 CET: five days of eight hours
    expect(businessMinutesBetween(berlin, at('2026-12-06T23:00:00Z'), at('2026-12-13T23:00:00Z'))).toBe(5 * 8 * 60);
  });

  it('supports split days and weekend shifts', () => {
    const cal = BusinessCalendarSchema.parse({
      timeZone: 'UTC',
      week: [
        { day: 6, open: '08:00', close: '12:00' },
        { day: 6, open: '13:00', close: '14:00' },
      ],
    });
    // Sat 2026-12-05 11:00 + 90 → 60 until 12:00, then 30 from 13:00
    expect(addBusinessMinutes(cal, at('2026-12-05T11:00:00Z'), 90).toISOString()).toBe('2026-12-05T13:30:00.000Z');
    expect(isOpenAt(cal, at('2026-12-05T12:30:00Z'))).toBe(false);
    expect(isOpenAt(cal, at('2026-12-05T13:30:00Z'))).toBe(true);
  });

  it('maps wall times the clocks skip to the jump', () => {
    // 02:30 on 29 March 2026 does not exist in Berlin; the clocks jump 02:00 CET → 03:00 CEST at 01:00Z
    expect(new Date(instantOfWall('Europe/Berlin', Date.UTC(2026, 2, 29, 2, 30))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses a calendar without hours or with an unknown zone', () => {
    expect(BusinessCalendarSchema.safeParse({ timeZone: 'Europe/Berlin', week: [] }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ timeZone: 'Mars/Olympus', week: [{ day: 1, open: '09:00', close: '17:00' }] }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ timeZone: 'UTC', week: [{ day: 1, open: '17:00', close: '09:00' }] }).success).toBe(false);
  });
});
