import { z } from 'zod';

/**
 * A business-hours calendar in a company's time zone: weekly opening hours and holidays. Deadlines
 * count only the minutes when the company is open ("add N business minutes"), and durations can be
 * measured the same way ("business minutes between"). Wall times are converted to instants with the
 * zone's own offsets (Intl), so a week that crosses a daylight-saving change keeps its local hours.
 */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM');

export const OpeningSchema = z
  .object({
    /** 1 = Monday … 7 = Sunday (ISO 8601). */
    day: z.number().int().min(1).max(7),
    open: HHMM,
    close: HHMM,
  })
  .strict()
  .refine((o) => minutesOf(o.open) < minutesOf(o.close), { message: 'close must be after open', path: ['close'] });

export const BusinessCalendarSchema = z
  .object({
    timeZone: z.string().min(1).refine(isTimeZone, 'an IANA time zone such as Europe/Berlin'),
    week: z.array(OpeningSchema).min(1, 'at least one opening period a week').max(50),
    /** Days the company is closed, as YYYY-MM-DD in its own time zone. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')).max(400).default([]),
  })
  .strict();
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

const MINUTE = 60_000;
const DAY = 86_400_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** True when Intl knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
export function offsetAt(timeZone: string, ms: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant whose local time in the zone is `wall` (a wall time written as if it were UTC). A wall
 * time the clocks skip maps to the instant after the jump; one they repeat, to its first occurrence.
 */
export function instantOfWall(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetAt(timeZone, c) === wall) return c;
  // Skipped by a jump forward: the local clock never shows it; open when the clocks jump.
  return Math.max(...candidates);
}

/** The open intervals [start, end) as UTC ms of one local day (wall midnight as if UTC). */
function intervalsOfDay(cal: BusinessCalendar, dayWall: number): [number, number][] {
  const date = new Date(dayWall);
  const iso = date.toISOString().slice(0, 10);
  if (cal.holidays.includes(iso)) return [];
  const weekday = ((date.getUTCDay() + 6) % 7) + 1;
  return cal.week
    .filter((o) => o.day === weekday)
    .map((o): [number, number] => [instantOfWall(cal.timeZone, dayWall + minutesOf(o.open) * MINUTE), instantOfWall(cal.timeZone, dayWall + minutesOf(o.close) * MINUTE)])
    .sort((a, b) => a[0] - b[0]);
}

/** Calendars always open somewhere within a year of holidays, or never; a bound keeps loops finite. */
const HORIZON_DAYS = 800;

/** The open intervals that end after `from`, in order, day by day. */
function* openIntervalsFrom(cal: BusinessCalendar, from: number): Generator<[number, number]> {
  const local = from + offsetAt(cal.timeZone, from);
  const firstDay = Math.floor(local / DAY) * DAY - DAY;
  for (let d = 0; d < HORIZON_DAYS; d++) {
    for (const [s, e] of intervalsOfDay(cal, firstDay + d * DAY)) if (e > from) yield [Math.max(s, from), e];
  }
}

/** The instant `minutes` business minutes after `at` (at itself when 0). Throws if the calendar never opens. */
export function addBusinessMinutes(cal: BusinessCalendar, at: Date, minutes: number): Date {
  let left = minutes * MINUTE;
  const t = at.getTime();
  if (left <= 0) return at;
  for (const [s, e] of openIntervalsFrom(cal, t)) {
    if (e - s >= left) return new Date(s + left);
    left -= e - s;
  }
  throw new RangeError('The business calendar has no opening hours in the next two years');
}

/** Business minutes (fractional) from `from` to `to`; 0 when `to` is not after `from`. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  for (const [s, e] of openIntervalsFrom(cal, a)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
  }
  return total / MINUTE;
}

/** True when the company is open at the instant. */
export function isOpenAt(cal: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  for (const [s] of openIntervalsFrom(cal, t)) return s <= t;
  return false;
}

/** Monday to Friday 09:00–17:00 in the zone: the default calendar. */
export function weekdayCalendar(timeZone: string): BusinessCalendar {
  return { timeZone, week: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })), holidays: [] };
}
