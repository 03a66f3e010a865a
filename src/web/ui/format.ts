/** Number and date formatting shared by the admin screens (English, as the product UI is). */

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const oneDecimalFixed = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const signedPercent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const dateFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' });
const dateTime = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Replaces the ASCII hyphen of negative numbers with a true minus sign. */
function minus(text: string): string {
  return text.replace(/^-/, '\u2212');
}

/** 1,234 */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** An NPS with at most one decimal: "32.4", "−8", "50". */
export function formatNps(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '–';
  // Avoid "-0" for tiny negative values that round to zero.
  const rounded = Math.round(score * 10) / 10;
  return minus(oneDecimal.format(rounded === 0 ? 0 : rounded));
}

/** A margin of error or interval bound, always with one decimal: "4.1". */
export function formatPoints(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return minus(oneDecimalFixed.format(rounded === 0 ? 0 : rounded));
}

/** A share 0…1 as a whole percent: "42%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '–';
  return percent.format(share);
}

/** The relative change from `previous` to `current`, or null when there is no base to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return (current - previous) / previous;
}

/** "+12%" / "−4%" */
export function formatSignedShare(change: number): string {
  return minus(signedPercent.format(change));
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function formatShortDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : shortDate.format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((now - t) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return formatDate(iso);
}
