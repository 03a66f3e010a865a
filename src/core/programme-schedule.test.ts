import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawSample, hashString, nextInWindow, periodOf, spreadSendDates } from './programme-schedule.ts';
import type { SendWindow } from './programme.ts';

const iso = (s: string) => new Date(s);

describe('periodOf', () => {
  it('names the UTC period and its bounds, the end exclusive', () => {
    expect(periodOf('yearly', iso('2026-01-01T00:00:00Z'))).toEqual({ key: '2026', start: iso('2026-01-01T00:00:00Z'), end: iso('2027-01-01T00:00:00Z') });
    expect(periodOf('yearly', iso('2026-12-31T23:59:59.999Z')).key).toBe('2026');
    expect(periodOf('half-yearly', iso('2026-06-30T23:59:59.999Z'))).toEqual({ key: '2026-H1', start: iso('2026-01-01T00:00:00Z'), end: iso('2026-07-01T00:00:00Z') });
    expect(periodOf('half-yearly', iso('2026-07-01T00:00:00Z'))).toEqual({ key: '2026-H2', start: iso('2026-07-01T00:00:00Z'), end: iso('2027-01-01T00:00:00Z') });
    expect(periodOf('quarterly', iso('2026-10-01T00:00:00Z'))).toEqual({ key: '2026-Q4', start: iso('2026-10-01T00:00:00Z'), end: iso('2027-01-01T00:00:00Z') });
    expect(periodOf('quarterly', iso('2026-09-30T23:59:59.999Z')).key).toBe('2026-Q3');
    expect(periodOf('quarterly', iso('2026-02-14T12:00:00Z')).key).toBe('2026-Q1');
    expect(periodOf('monthly', iso('2026-12-31T23:00:00Z'))).toEqual({ key: '2026-12', start: iso('2026-12-01T00:00:00Z'), end: iso('2027-01-01T00:00:00Z') });
    expect(periodOf('monthly', iso('2028-02-29T10:00:00Z'))).toEqual({ key: '2028-02', start: iso('2028-02-01T00:00:00Z'), end: iso('2028-03-01T00:00:00Z') });
  });

  it('contains the instant, and the next period starts where it ends', () => {
    fc.assert(
      fc.property(fc.constantFrom('yearly' as const, 'half-yearly' as const, 'quarterly' as const, 'monthly' as const), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (cadence, ms) => {
        const p = periodOf(cadence, new Date(ms));
        expect(p.start.getTime()).toBeLessThanOrEqual(ms);
        expect(p.end.getTime()).toBeGreaterThan(ms);
        expect(periodOf(cadence, p.start).key).toBe(p.key);
        expect(periodOf(cadence, new Date(p.end.getTime() - 1)).key).toBe(p.key);
        expect(periodOf(cadence, p.end).key).not.toBe(p.key);
        expect(periodOf(cadence, p.end).start).toEqual(p.end);
      }),
    );
  });
});

describe('hashString', () => {
  it('is FNV-1a with a final mix: stable values, spread for near ids', () => {
    expect(hashString('')).toBe(hashString(''));
    expect(hashString('contact-1')).toBe(hashString('contact-1'));
    expect(hashString('contact-1')).not.toBe(hashString('contact-2'));
    // FNV-1a of "foobar" is 0xbf9cf968 (the published test vector); then MurmurHash3's fmix32.
    let h = 0xbf9cf968;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    expect(hashString('foobar')).toBe((h ^ (h >>> 16)) >>> 0);
    const buckets = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) buckets[hashString(`c${i}`) % 16] += 1;
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('spreadSendDates', () => {
  const from = iso('2026-01-01T00:00:00Z');
  const to = iso('2027-01-01T00:00:00Z');
  const ids = Array.from({ length: 365 }, (_, i) => `contact-${i}`);

  it('gives member i of n the date from + (i + 0.5)·(to − from)/n, evenly spaced', () => {
    const dates = [...spreadSendDates(ids, 'programme-1/2026', from, to).values()].map((d) => d.getTime()).sort((a, b) => a - b);
    expect(dates).toHaveLength(365);
    const step = (to.getTime() - from.getTime()) / 365;
    dates.forEach((ms, i) => expect(Math.abs(ms - (from.getTime() + (i + 0.5) * step))).toBeLessThan(1));
    expect(dates[0]).toBe(Date.UTC(2026, 0, 1, 12)); // a year of 365 days: one a day at noon
  });

  it('is stable: the same members and seed give the same dates, in whatever order they come', () => {
    const a = spreadSendDates(ids, 's', from, to);
    const b = spreadSendDates([...ids].reverse(), 's', from, to);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const other = spreadSendDates(ids, 't', from, to);
    expect(ids.filter((id) => other.get(id)?.getTime() !== a.get(id)?.getTime()).length).toBeGreaterThan(300);
  });

  it('puts every member inside [from, to), with equal gaps, for any members and period', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 200 }), fc.string(), fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 4e10 }), (members, seed, start, span) => {
        const dates = spreadSendDates(members, seed, new Date(start), new Date(start + span));
        expect(dates.size).toBe(members.length);
        const times = [...dates.values()].map((d) => d.getTime()).sort((a, b) => a - b);
        for (const t of times) {
          expect(t).toBeGreaterThanOrEqual(start);
          expect(t).toBeLessThan(start + span);
        }
        const step = span / members.length;
        for (let i = 1; i < times.length; i++) expect(Math.abs((times[i] as number) - (times[i - 1] as number) - step)).toBeLessThanOrEqual(1);
        expect(spreadSendDates(members, seed, new Date(start), new Date(start + span))).toEqual(dates);
      }),
    );
  });
});

// ——— send windows, checked against Intl directly, minute by minute ———

const checkers = new Map<string, Intl.DateTimeFormat>();
function localOf(ms: number, timeZone: string): { weekday: number; hour: number } {
  let f = checkers.get(timeZone);
  if (!f) checkers.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' })));
  const parts = f.formatToParts(ms);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '') + 1;
  return { weekday, hour: Number(parts.find((p) => p.type === 'hour')?.value) };
}
function insideWindow(ms: number, timeZone: string, w: SendWindow): boolean {
  const { weekday, hour } = localOf(ms, timeZone);
  return w.days.includes(weekday) && hour >= w.startHour && hour < w.endHour;
}
/**
 * The result is inside the window and nothing earlier is. Every zone tested has offsets in whole
 * quarter hours, so whether an instant is inside can only change on a quarter hour (UTC): a check
 * every 15 minutes from `at`, and every minute in the last two hours, sees every change.
 */
function expectEarliest(at: Date, timeZone: string, w: SendWindow): Date {
  const result = nextInWindow(at, timeZone, w);
  expect(result.getTime()).toBeGreaterThanOrEqual(at.getTime());
  expect(insideWindow(result.getTime(), timeZone, w)).toBe(true);
  const quarter = 15 * 60_000;
  const firstQuarter = Math.ceil(at.getTime() / quarter) * quarter;
  for (let ms = firstQuarter; ms < result.getTime() - 2 * 3_600_000; ms += quarter) expect(insideWindow(ms, timeZone, w), new Date(ms).toISOString()).toBe(false);
  for (let ms = Math.max(at.getTime(), result.getTime() - 2 * 3_600_000); ms < result.getTime(); ms += 60_000) {
    expect(insideWindow(ms, timeZone, w), new Date(ms).toISOString()).toBe(false);
  }
  if (result.getTime() > at.getTime()) expect(insideWindow(result.getTime() - 1, timeZone, w)).toBe(false);
  return result;
}

const weekdays: SendWindow = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };
const sundays = (startHour: number, endHour: number): SendWindow => ({ days: [7], startHour, endHour });

describe('nextInWindow', () => {
  it('keeps an instant already inside, and moves one outside to the next opening', () => {
    expect(expectEarliest(iso('2026-03-25T10:00:00Z'), 'Europe/Berlin', weekdays)).toEqual(iso('2026-03-25T10:00:00Z')); // Wednesday 11:00
    expect(expectEarliest(iso('2026-03-27T17:00:00Z'), 'Europe/Berlin', weekdays)).toEqual(iso('2026-03-30T07:00:00Z')); // Friday 18:00 → Monday 9:00 CEST
    expect(expectEarliest(iso('2026-03-25T06:00:00Z'), 'Europe/Berlin', weekdays)).toEqual(iso('2026-03-25T08:00:00Z')); // 7:00 CET → 9:00
  });

  it('Europe/Berlin in spring: a start hour the clocks skip opens when they jump, or not at all that day', () => {
    expect(expectEarliest(iso('2026-03-29T00:30:00Z'), 'Europe/Berlin', sundays(2, 4))).toEqual(iso('2026-03-29T01:00:00Z')); // 1:30 CET → 3:00 CEST
    expect(expectEarliest(iso('2026-03-28T00:30:00Z'), 'Europe/Berlin', sundays(2, 3))).toEqual(iso('2026-04-05T00:00:00Z')); // 2:00–3:00 does not exist on the 29th
  });

  it('Europe/Berlin in autumn: an hour lived twice opens the first time', () => {
    expect(expectEarliest(iso('2026-10-24T23:30:00Z'), 'Europe/Berlin', sundays(2, 3))).toEqual(iso('2026-10-25T00:00:00Z')); // 2:00 CEST
    expect(expectEarliest(iso('2026-10-25T01:30:00Z'), 'Europe/Berlin', sundays(2, 3))).toEqual(iso('2026-10-25T01:30:00Z')); // 2:30 CET, the second time
    expect(expectEarliest(iso('2026-10-23T20:00:00Z'), 'Europe/Berlin', weekdays)).toEqual(iso('2026-10-26T08:00:00Z')); // Monday 9:00 CET
  });

  it('America/New_York at both changes', () => {
    expect(expectEarliest(iso('2026-03-08T06:30:00Z'), 'America/New_York', sundays(3, 5))).toEqual(iso('2026-03-08T07:00:00Z')); // 1:30 EST → 3:00 EDT
    expect(expectEarliest(iso('2026-03-07T12:00:00Z'), 'America/New_York', sundays(2, 3))).toEqual(iso('2026-03-15T06:00:00Z')); // skipped on the 8th
    expect(expectEarliest(iso('2026-11-01T04:00:00Z'), 'America/New_York', sundays(1, 2))).toEqual(iso('2026-11-01T05:00:00Z')); // 1:00 EDT
    expect(expectEarliest(iso('2026-11-01T06:30:00Z'), 'America/New_York', sundays(1, 2))).toEqual(iso('2026-11-01T06:30:00Z')); // 1:30 EST, again
    expect(expectEarliest(iso('2026-11-01T07:00:00Z'), 'America/New_York', weekdays)).toEqual(iso('2026-11-02T14:00:00Z')); // Monday 9:00 EST
  });

  it('Asia/Kolkata’s half hour and Pacific/Chatham’s three quarters', () => {
    expect(expectEarliest(iso('2026-01-05T00:00:00Z'), 'Asia/Kolkata', weekdays)).toEqual(iso('2026-01-05T03:30:00Z')); // 5:30 IST → 9:00
    expect(expectEarliest(iso('2026-01-01T03:15:00Z'), 'Pacific/Chatham', weekdays)).toEqual(iso('2026-01-01T19:15:00Z')); // Thu 17:00 +13:45 → Fri 9:00
    // 5 April 2026, 3:45 CHADT becomes 2:45 CHAST: at 3:15 the window [0, 3) is shut, and reopens when the clocks go back.
    expect(expectEarliest(iso('2026-04-04T13:30:00Z'), 'Pacific/Chatham', sundays(0, 3))).toEqual(iso('2026-04-04T14:00:00Z'));
    // 27 September 2026, 2:45 CHAST becomes 3:45 CHADT: 3:00 is skipped, the window [3, 4) opens at the jump.
    expect(expectEarliest(iso('2026-09-26T12:00:00Z'), 'Pacific/Chatham', sundays(3, 4))).toEqual(iso('2026-09-26T14:00:00Z'));
  });

  it('reads an unknown zone as UTC rather than failing', () => {
    expect(nextInWindow(iso('2026-01-03T12:00:00Z'), 'Mars/Olympus_Mons', weekdays)).toEqual(iso('2026-01-05T09:00:00Z'));
  });

  it('finds the earliest instant inside for any window, near the changes of every zone tested', () => {
    const changes = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'],
      ['Pacific/Chatham', '2026-09-26T14:00:00Z'],
      ['Asia/Kolkata', '2026-06-01T00:00:00Z'],
      ['UTC', '2026-06-01T00:00:00Z'],
    ] as const;
    const windowArb = fc
      .record({ days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), startHour: fc.integer({ min: 0, max: 23 }), length: fc.integer({ min: 1, max: 24 }) })
      .map(({ days, startHour, length }) => ({ days, startHour, endHour: Math.min(24, startHour + length) }));
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }), windowArb, ([zone, change], minutes, w) => {
        expectEarliest(new Date(Date.parse(change) + minutes * 60_000), zone, w);
      }),
      { numRuns: 150 },
    );
  });
});

describe('drawSample', () => {
  const items = Array.from({ length: 100 }, (_, i) => ({ id: i, market: i < 50 ? 'DE' : i < 80 ? 'FR' : i < 95 ? 'NL' : 'BE' }));
  const byMarket = (item: { market: string }) => item.market;

  it('takes everything for all, and for a sample at least as large as the items', () => {
    expect(drawSample(items, { method: 'all' }, 's', byMarket)).toEqual(items);
    expect(drawSample(items, { method: 'random', size: 500 }, 's', byMarket)).toEqual(items);
  });

  it('draws a random sample of exactly the size, the same for the same seed, items in their order', () => {
    const a = drawSample(items, { method: 'random', size: 10 }, 'pulse-1', byMarket);
    expect(a).toHaveLength(10);
    expect(drawSample(items, { method: 'random', size: 10 }, 'pulse-1', byMarket)).toEqual(a);
    expect(drawSample(items, { method: 'random', size: 10 }, 'pulse-2', byMarket)).not.toEqual(a);
    expect(a.map((i) => i.id)).toEqual([...a.map((i) => i.id)].sort((x, y) => x - y));
  });

  it('draws uniformly: over many seeds every item is chosen about as often', () => {
    const counts = new Array(20).fill(0);
    const few = items.slice(0, 20);
    for (let s = 0; s < 2_000; s++) for (const item of drawSample(few, { method: 'random', size: 5 }, `seed-${s}`, byMarket)) counts[item.id] += 1;
    for (const count of counts) expect(Math.abs(count - 500)).toBeLessThan(90); // 500 expected, sd ≈ 19
  });

  it('allocates a stratified sample by largest remainder: 50/30/15/5 of 100, sample 7 → 4, 2, 1, 0', () => {
    // Quotas 3.5, 2.1, 1.05, 0.35: floors 3, 2, 1, 0 and the one left goes to the largest remainder (DE).
    const s = drawSample(items, { method: 'stratified', size: 7, stratifyBy: 'account:market' }, 'x', byMarket);
    const counts = Object.fromEntries(['DE', 'FR', 'NL', 'BE'].map((m) => [m, s.filter((i) => i.market === m).length]));
    expect(counts).toEqual({ DE: 4, FR: 2, NL: 1, BE: 0 });
  });

  it('gives exact sizes and strata within 1 of their share, deterministically, for any items', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 400 }), fc.string(), (strata, size, seed) => {
        const all = strata.map((stratum, id) => ({ id, stratum }));
        const sample = drawSample(all, { method: 'stratified', size, stratifyBy: 'audience' }, seed, (i) => i.stratum);
        expect(sample).toHaveLength(Math.min(size, all.length));
        expect(new Set(sample.map((i) => i.id)).size).toBe(sample.length);
        if (size < all.length) {
          for (const stratum of new Set(strata)) {
            const share = (size * strata.filter((s) => s === stratum).length) / all.length;
            expect(Math.abs(sample.filter((i) => i.stratum === stratum).length - share)).toBeLessThan(1);
          }
        }
        expect(drawSample(all, { method: 'stratified', size, stratifyBy: 'audience' }, seed, (i) => i.stratum)).toEqual(sample);
        expect(drawSample(all, { method: 'random', size, stratifyBy: 'audience' }, seed, (i) => i.stratum)).toHaveLength(Math.min(size, all.length));
      }),
    );
  });
});
