import type { Cadence, Sample, SendWindow } from './programme.ts';
import { createRandom } from './random.ts';

/**
 * Scheduling helpers for programmes, pure (the time is passed in): the period a periodic programme
 * is in, stable send dates spread over a period, the next instant inside a send window in the
 * contact's time zone, and seeded samples for pulses.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The UTC period of a cadence that contains `at`: keys 2026, 2026-H2, 2026-Q4, 2026-12; `end` is exclusive. */
export function periodOf(cadence: Cadence, at: Date): { key: string; start: Date; end: Date } {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const span = { yearly: 12, 'half-yearly': 6, quarterly: 3, monthly: 1 }[cadence];
  const first = month - (month % span);
  const index = first / span + 1;
  const key =
    cadence === 'yearly' ? `${year}` : cadence === 'half-yearly' ? `${year}-H${index}` : cadence === 'quarterly' ? `${year}-Q${index}` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { key, start: new Date(Date.UTC(year, first, 1)), end: new Date(Date.UTC(year, first + span, 1)) };
}

/**
 * A 32-bit hash of a string: FNV-1a over its UTF-16 code units, finished with MurmurHash3's fmix32
 * so that ids differing in one character land far apart. Stable on every machine.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Evenly spaced send dates in [from, to): member i of n (in an order fixed by a hash of seed and id)
 * at from + (i + 0.5)·(to − from)/n. The same members and seed give the same dates.
 */
export function spreadSendDates(memberIds: readonly string[], seed: string, from: Date, to: Date): Map<string, Date> {
  const ids = [...new Set(memberIds)];
  const keyed = ids.map((id) => ({ id, hash: hashString(`${seed}\u0000${id}`) }));
  keyed.sort((a, b) => a.hash - b.hash || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = from.getTime();
  const span = Math.max(0, to.getTime() - start);
  const dates = new Map<string, Date>();
  keyed.forEach(({ id }, i) => dates.set(id, new Date(Math.floor(start + ((i + 0.5) * span) / keyed.length))));
  return dates;
}

/** One stretch of a zone's time line: its offset, and where it changes if it does (at most once). */
interface Cell { before: number; after: number; transition: number }

/**
 * A time zone's UTC offsets, read with Intl and remembered in cells of a few days: a cell's offset
 * is read at both ends, and where they differ the change is found by bisection to the minute (tz
 * rules change offsets on whole minutes, and never twice within a cell).
 */
interface Zone { offsetAt(ms: number): number; transitionsIn(from: number, to: number): number[] }

const CELL_MS = 4 * DAY_MS;
const zones = new Map<string, Zone>();
const UTC: Zone = { offsetAt: () => 0, transitionsIn: () => [] };

function zoneOf(timeZone: string): Zone {
  const known = zones.get(timeZone);
  if (known) return known;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    zones.set(timeZone, UTC); // an unknown zone: send on UTC rather than not at all
    return UTC;
  }
  const read = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0);
    return wall - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const edges = new Map<number, number>();
  const cells = new Map<number, Cell>();
  const edge = (k: number): number => {
    let offset = edges.get(k);
    if (offset === undefined) edges.set(k, (offset = read(k * CELL_MS)));
    return offset;
  };
  const cell = (k: number): Cell => {
    let c = cells.get(k);
    if (c) return c;
    if (cells.size > 50_000) {
      cells.clear();
      edges.clear();
    }
    const before = edge(k);
    const after = edge(k + 1);
    let transition = Number.POSITIVE_INFINITY;
    if (before !== after) {
      let lo = (k * CELL_MS) / MINUTE_MS; // offset `before` here
      let hi = ((k + 1) * CELL_MS) / MINUTE_MS; // offset `after` here
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (read(mid * MINUTE_MS) === before) lo = mid;
        else hi = mid;
      }
      transition = hi * MINUTE_MS;
    }
    cells.set(k, (c = { before, after, transition }));
    return c;
  };
  const zone: Zone = {
    offsetAt: (ms) => {
      const c = cell(Math.floor(ms / CELL_MS));
      return ms < c.transition ? c.before : c.after;
    },
    transitionsIn: (from, to) => {
      const found: number[] = [];
      for (let k = Math.floor(from / CELL_MS); k <= Math.floor(to / CELL_MS); k++) {
        const { transition } = cell(k);
        if (transition >= from && transition <= to) found.push(transition);
      }
      return found;
    },
  };
  zones.set(timeZone, zone);
  return zone;
}

const HORIZON_MS = 16 * DAY_MS;

/**
 * The earliest instant ≥ `at` inside the send window (weekdays 1 = Monday … 7 = Sunday, hours
 * [startHour, endHour)) in the IANA time zone; an unknown zone is read as UTC. Correct across
 * daylight-saving changes: a start hour the clocks skip that day starts when they jump.
 */
export function nextInWindow(at: Date, timeZone: string, window: SendWindow): Date {
  const t = at.getTime();
  const zone = zoneOf(timeZone);
  const localOf = (ms: number) => ms + zone.offsetAt(ms);
  const inside = (ms: number): boolean => {
    const local = new Date(localOf(ms));
    const weekday = ((local.getUTCDay() + 6) % 7) + 1;
    const hour = local.getUTCHours();
    return window.days.includes(weekday) && hour >= window.startHour && hour < window.endHour;
  };
  if (inside(t)) return at;

  // The window opens either when the local clock reaches startHour on an allowed day, or when the
  // clocks jump (a change of offset can move the local time into the window, even backwards).
  const transitions = zone.transitionsIn(t, t + HORIZON_MS);
  let best = Number.POSITIVE_INFINITY;
  for (const jump of transitions) if (jump < best && inside(jump)) best = jump;
  const offsets = new Set([zone.offsetAt(t), ...transitions.map((jump) => zone.offsetAt(jump))]);
  const local = new Date(localOf(t));
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  for (let d = 0; d <= 14; d++) {
    const wall = today + d * DAY_MS + window.startHour * 3_600_000;
    if (wall - 14 * 3_600_000 > best) break;
    // The first instant whose local time is `wall`. A wall time the clocks skip has none: the window
    // then opens at the jump, which is among the candidates above.
    let instant = Number.POSITIVE_INFINITY;
    for (const offset of offsets) if (wall - offset < instant && zone.offsetAt(wall - offset) === offset) instant = wall - offset;
    if (instant >= t && instant < best && inside(instant)) best = instant;
  }
  // Not reached for a valid window; should a zone behave oddly, send now rather than never.
  return best === Number.POSITIVE_INFINITY ? at : new Date(best);
}

/**
 * A seeded sample: `all` → every item; `random` → `size` items drawn uniformly (all when fewer);
 * `stratified` → sizes per stratum proportional to the strata, by the largest-remainder (Hamilton)
 * method so they sum to exactly `size`, drawn at random within each stratum. Items keep their order.
 */
export function drawSample<T>(items: readonly T[], sample: Sample, seed: string, stratumOf: (item: T) => string): T[] {
  const size = sample.size;
  if (sample.method === 'all' || size === undefined || size >= items.length) return [...items];
  const chosen = new Set<number>();
  const pick = (indices: readonly number[], count: number, stratum: string) => {
    const random = createRandom(hashString(`${seed}\u0000${stratum}`));
    for (const i of random.shuffle(indices).slice(0, count)) chosen.add(i);
  };
  if (sample.method === 'random') {
    pick(
      items.map((_, i) => i),
      size,
      '',
    );
  } else {
    const strata = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = stratumOf(item);
      const members = strata.get(key);
      if (members) members.push(i);
      else strata.set(key, [i]);
    });
    const n = items.length;
    // Integer quotas: size·n_s = quota·n + remainder, so nothing is lost to floating point.
    const shares = [...strata.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, members]) => ({ key, members, quota: Math.floor((size * members.length) / n), remainder: (size * members.length) % n }));
    let left = size - shares.reduce((sum, s) => sum + s.quota, 0);
    for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || b.members.length - a.members.length)) {
      if (left === 0) break;
      share.quota += 1;
      left -= 1;
    }
    for (const share of shares) pick(share.members, share.quota, share.key);
  }
  return items.filter((_, i) => chosen.has(i));
}
