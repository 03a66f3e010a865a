import type { Comparison, Condition } from '../../../core/conditions.ts';
import type { SuppressionReason } from '../../../core/contact-policy-rules.ts';
import type { ProgrammeConfig, SendWindow } from '../../../core/programme.ts';
import type { Programme } from '../api.ts';

/** Words for programmes: labels of kinds, statuses and suppression reasons, and a settings summary. */

export type ProgrammeKind = Programme['kind'];
export type ProgrammeStatus = Programme['status'];
export type InvitationStatus = 'scheduled' | 'suppressed' | 'sending' | 'sent' | 'failed' | 'cancelled';

export const PROGRAMME_KINDS: readonly ProgrammeKind[] = ['persistent', 'periodic', 'pulsed'];

export const PROGRAMME_KIND_LABEL: Record<ProgrammeKind, string> = {
  persistent: 'Persistent',
  periodic: 'Periodic',
  pulsed: 'Pulsed',
};

/** One sentence per listening pattern, for the kind cards of the form. */
export const PROGRAMME_KIND_HINT: Record<ProgrammeKind, string> = {
  persistent: 'Each completed transaction — an event from another system, such as a closed service call — invites its contact a little later.',
  periodic: 'A population, such as the decision makers of key accounts, is asked once per period, each on a stable date spread over it.',
  pulsed: 'A one-off study of a chosen segment, sampled at random or by strata, between a start and an end.',
};

export const PROGRAMME_STATUS: Record<ProgrammeStatus, { label: string; tone: 'neutral' | 'success' | 'warning' | 'danger' }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  active: { label: 'Active', tone: 'success' },
  paused: { label: 'Paused', tone: 'warning' },
  ended: { label: 'Ended', tone: 'danger' },
};

export const INVITATION_STATUS_LABEL: Record<InvitationStatus, string> = {
  scheduled: 'Scheduled',
  suppressed: 'Suppressed',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const REASON_LABEL: Record<SuppressionReason, string> = {
  opted_out: 'Opted out',
  bounced: 'Address bounced',
  consent_missing: 'No consent',
  excluded_role: 'Excluded audience role',
  excluded_by_rule: 'Excluded by a scoped rule',
  new_contact: 'Contact too new',
  contact_cap: 'Contact cap reached',
  min_gap: 'Too soon after the last invitation',
  account_cap: 'Account cap reached',
  relationship_priority: 'Relationship survey due',
  quota_reached: 'Quota reached',
  programme_ended: 'Programme ended',
  unknown_contact: 'Unknown contact',
  no_email: 'No email address',
};

export const CADENCE_LABEL: Record<string, string> = {
  yearly: 'once a year',
  'half-yearly': 'twice a year',
  quarterly: 'once a quarter',
  monthly: 'once a month',
};

const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const WEEKDAYS: readonly { day: number; short: string; name: string }[] = [
  { day: 1, short: 'Mon', name: 'Monday' },
  { day: 2, short: 'Tue', name: 'Tuesday' },
  { day: 3, short: 'Wed', name: 'Wednesday' },
  { day: 4, short: 'Thu', name: 'Thursday' },
  { day: 5, short: 'Fri', name: 'Friday' },
  { day: 6, short: 'Sat', name: 'Saturday' },
  { day: 7, short: 'Sun', name: 'Sunday' },
];

const count = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

/** "1 hour", "90 minutes", "2 days", "immediately". */
export function describeDelay(minutes: number): string {
  if (minutes === 0) return 'immediately';
  if (minutes % (60 * 24) === 0) return `${plural(minutes / (60 * 24), 'day')} later`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, 'hour')} later`;
  return `${plural(minutes, 'minute')} later`;
}

/** "weekdays", "every day", "Mon, Wed, Fri". */
export function describeDays(days: readonly number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return 'every day';
  if (set.join() === '1,2,3,4,5') return 'weekdays';
  if (set.join() === '6,7') return 'weekends';
  return set.map((d) => DAY_SHORT[d - 1] ?? String(d)).join(', ');
}

/** "weekdays 9:00–17:00 in the contact's time zone" */
export function describeWindow(w: SendWindow): string {
  return `${describeDays(w.days)} ${w.startHour}:00–${w.endHour}:00 in the contact's time zone`;
}

function describeValue(v: Comparison['value']): string {
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  return String(v ?? '');
}

const OP_WORDS: Record<Comparison['op'], string> = {
  equals: 'is',
  notEquals: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  answered: 'is set',
  notAnswered: 'is not set',
};

/** A condition in words: "account key_account is true and audience is one of decision_maker". */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return c.any.map(describeCondition).join(' or ');
  if ('not' in c) return `not (${describeCondition(c.not)})`;
  const ref = c.ref.replace(':', ' ');
  return c.value === undefined ? `${ref} ${OP_WORDS[c.op]}` : `${ref} ${OP_WORDS[c.op]} ${describeValue(c.value)}`;
}

function roles(list: readonly string[]): string {
  return list.map((r) => r.replace(/[_-]+/g, ' ')).join(', ');
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/**
 * A programme's settings in one paragraph, e.g. "Invites the contact of each service_call.closed
 * event 1 hour later, weekdays 9:00–17:00 in the contact's time zone; purchasing agents excluded;
 * 1 reminder after 5 days."
 */
export function describeProgramme(config: ProgrammeConfig, quota: number | null = null): string {
  const parts: string[] = [];
  if (config.kind === 'persistent') {
    const filter = config.trigger.filter ? ` where ${describeCondition(config.trigger.filter)}` : '';
    parts.push(`Invites the contact of each ${config.trigger.eventType} event${filter} ${describeDelay(config.delayMinutes)}, ${describeWindow(config.sendWindow)}`);
    parts.push(config.unknownContacts === 'create' ? 'unknown contacts are created' : 'events of unknown contacts are skipped');
  } else if (config.kind === 'periodic') {
    const who = config.population ? `everyone where ${describeCondition(config.population)}` : 'every contact';
    parts.push(`Invites ${who} ${CADENCE_LABEL[config.cadence] ?? config.cadence}, each on a stable date spread over the period, ${describeWindow(config.sendWindow)}`);
    parts.push(config.ownerNoticeDays > 0 ? `account owners told ${plural(config.ownerNoticeDays, 'day')} ahead` : 'account owners not told ahead');
  } else {
    const who = config.segment ? `contacts where ${describeCondition(config.segment)}` : 'every contact';
    const s = config.sample;
    const sample =
      s.method === 'all' ? who : s.method === 'random' ? `a random sample of ${s.size ?? '?'} from ${who}` : `a sample of ${s.size ?? '?'} from ${who}, stratified by ${s.stratifyBy ?? '?'},`;
    parts.push(`Invites ${sample} between ${formatWhen(config.startAt)} and ${formatWhen(config.endAt)}, ${describeWindow(config.sendWindow)}`);
  }
  if (config.excludeRoles.length > 0) parts.push(`${roles(config.excludeRoles)} excluded`);
  const r = config.reminders;
  parts.push(r.count === 0 ? 'no reminders' : `${plural(r.count, 'reminder')} after ${plural(r.afterDays, 'day')}`);
  parts.push(`links open for ${plural(config.expiresAfterDays, 'day')}`);
  if (quota !== null) parts.push(`stops at ${plural(quota, 'response')}`);
  return `${parts.join('; ')}.`;
}
