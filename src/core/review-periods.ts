import { addDays, monthStartFrom } from './dates.ts';

/** Calendar periods of the reviews and digests, on UTC days (YYYY-MM-DD) and months (YYYY-MM). Pure. */

export interface DayRange {
  from: string;
  to: string;
}

/** The first and last day of a month. */
export function monthBounds(month: string): DayRange {
  const from = `${month}-01`;
  return { from, to: addDays(monthStartFrom(from, 1), -1) };
}

/** The month `months` after (or before) a month. */
export function shiftMonth(month: string, months: number): string {
  return monthStartFrom(`${month}-01`, months).slice(0, 7);
}

/** The last month that has ended on a day. */
export function lastCompleteMonth(today: string): string {
  return shiftMonth(today.slice(0, 7), -1);
}

/** A quarter, written 2026-Q3. */
export function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first and last day of a quarter written 2026-Q3. */
export function quarterBounds(quarter: string): DayRange {
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
  return { from: `${first}-01`, to: monthBounds(shiftMonth(first, 2)).to };
}

/** The quarter `quarters` after (or before) a quarter. */
export function shiftQuarter(quarter: string, quarters: number): string {
  return quarterOfDay(monthStartFrom(quarterBounds(quarter).from, 3 * quarters));
}

/** The last quarter that has ended on a day. */
export function lastCompleteQuarter(today: string): string {
  return shiftQuarter(quarterOfDay(today), -1);
}
