/** Calendar helpers on UTC days written as YYYY-MM-DD. Pure: the current time is always passed in. */

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a YYYY-MM-DD day: ${day}`);
  return ms;
}

/** The Monday starting the ISO week of a day. */
export function weekStart(day: string): string {
  const ms = parseDay(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** A day plus (or minus) a number of days. */
export function addDays(day: string, days: number): string {
  return new Date(parseDay(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the month `months` after (or before) the day's month. */
export function monthStartFrom(day: string, months: number): string {
  const d = new Date(parseDay(`${day.slice(0, 8)}01`));
  d.setUTCMonth(d.getUTCMonth() + months);
  return dayOf(d);
}

/** The UTC day of an instant. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / DAY_MS);
}
