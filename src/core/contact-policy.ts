import type { Cap, ContactPolicy, PolicyOverrides, ScopedRule, SuppressionReason } from './contact-policy-rules.ts';

/**
 * The contact policy evaluator: whether one invitation may go out, and if not, which rule stops it.
 * Pure: the server loads the history and passes it in; `decide` remembers what it lets through, so
 * the caps hold across one batch whatever the order the candidates come in. The rules and their
 * order are described for users in docs/contact-policy.md.
 */

export type ProgrammeKind = 'persistent' | 'periodic' | 'pulsed';

export interface PolicyContact {
  id: string;
  accountId: string | null;
  createdAt: Date;
  audienceRole: string | null;
  attributes: Readonly<Record<string, string>>;
  consent: 'granted' | 'unknown' | 'withdrawn';
  optedOut: boolean;
  bounce: 'none' | 'soft' | 'hard' | 'complaint';
  email: string;
}
export interface PastInvitation { contactId: string; accountId: string | null; at: Date; programmeKind: ProgrammeKind; channel: 'email' }
/** A periodic (relationship) invitation already planned for a contact. */
export interface PlannedRelationship { contactId: string; at: Date }
export interface PolicyProgramme { id: string; kind: ProgrammeKind; excludeRoles: readonly string[]; overrides: PolicyOverrides }
export interface Candidate { contact: PolicyContact; programme: PolicyProgramme; at: Date; channel: 'email' }
export type Decision = { send: true } | { send: false; reason: SuppressionReason; detail: string };
export interface PolicyEvaluator { decide(c: Candidate): Decision }

const DAY_MS = 86_400_000;
const EMAIL = /^\s*[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+\s*$/; // surrounding spaces are tolerated
const KIND_WORDS: Record<ProgrammeKind, string> = { persistent: 'transactional', periodic: 'relationship', pulsed: 'pulse' };

/** Sorted times (ms) of one contact's invitations. */
interface ContactTimes {
  /** Every invitation. */
  all: number[];
  /** Every invitation but transactional (persistent) ones: what a relationship invitation's gap counts. */
  notPersistent: number[] | null;
  /** Relationship invitations, planned or sent: what takes priority over a transactional one. */
  relationship: number[] | null;
}

/** The first index whose value is ≥ x (binary search over a sorted array). */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], x: number): void {
  sorted.splice(lowerBound(sorted, x + 1), 0, x);
}

/**
 * The most invitations (besides one at t) in any window of `windowMs` that contains t. Windows are
 * half-open, [s, s + windowMs); the busiest one containing t starts at t or at an invitation in
 * (t − windowMs, t]. Stops counting once `limit` is reached.
 */
function busiestWindow(sorted: readonly number[], t: number, windowMs: number, limit: number): { count: number; later: boolean } {
  const startsFrom = lowerBound(sorted, t - windowMs + 1);
  const startsTo = lowerBound(sorted, t + 1);
  let count = lowerBound(sorted, t + windowMs) - lowerBound(sorted, t);
  let later = count > 0 && lowerBound(sorted, t + windowMs) > startsTo;
  for (let i = startsFrom; i < startsTo && count < limit; i++) {
    const end = lowerBound(sorted, (sorted[i] as number) + windowMs);
    if (end - i > count) {
      count = end - i;
      later = end > startsTo;
    }
  }
  return { count, later };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
/** A sentence after a rule's name ("Rule “X”: invited …") starts in lower case. */
const sentence = (who: string, text: string): string => (who ? `${who}${text.charAt(0).toLowerCase()}${text.slice(1)}` : text);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function scopeMatches(rule: ScopedRule, c: Candidate): boolean {
  const { audienceRoles, attribute, channels } = rule.scope;
  if (audienceRoles && (c.contact.audienceRole === null || !audienceRoles.includes(c.contact.audienceRole))) return false;
  if (attribute) {
    const value = c.contact.attributes[attribute.key];
    if (value === undefined || !attribute.values.includes(value)) return false;
  }
  if (channels && !channels.includes(c.channel)) return false;
  return true;
}

function absoluteSuppression(policy: ContactPolicy, contact: PolicyContact): Decision | null {
  if (contact.optedOut) return { send: false, reason: 'opted_out', detail: 'The contact opted out of surveys' };
  if (contact.bounce === 'hard') return { send: false, reason: 'bounced', detail: 'Mail to this address bounced (hard bounce)' };
  if (contact.bounce === 'complaint') return { send: false, reason: 'bounced', detail: 'The contact reported a survey email as spam' };
  if (contact.consent === 'withdrawn') return { send: false, reason: 'consent_missing', detail: 'The contact withdrew consent' };
  if (policy.requireConsent && contact.consent !== 'granted') {
    return { send: false, reason: 'consent_missing', detail: 'The policy requires consent, and the contact has not given it' };
  }
  if (!EMAIL.test(contact.email)) return { send: false, reason: 'no_email', detail: 'The contact has no valid email address' };
  return null;
}

interface Limit { cap: Cap | null; gap: number; who: string; allows: string; asks: string }
interface ProgrammeLimits { cap: Limit | null; gap: Limit | null; delayDays: number; delayWho: string }
const EMPTY: readonly number[] = [];

function programmeLimits(policy: ContactPolicy, overrides: PolicyOverrides): ProgrammeLimits {
  const own = (overridden: boolean) =>
    overridden ? { who: '', allows: 'the programme allows', asks: 'the programme asks for' } : { who: '', allows: 'the policy allows', asks: 'the policy asks for' };
  const cap = overrides.maxPerContact === undefined ? policy.maxPerContact : overrides.maxPerContact;
  const gap = overrides.minGapDays === undefined ? policy.minGapDays : overrides.minGapDays;
  return {
    cap: cap ? { cap, gap: 0, ...own(overrides.maxPerContact !== undefined) } : null,
    gap: gap ? { cap: null, gap, ...own(overrides.minGapDays !== undefined) } : null,
    delayDays: overrides.newContactDelayDays ?? policy.newContactDelayDays,
    delayWho: overrides.newContactDelayDays !== undefined ? 'the programme' : 'the policy',
  };
}

function capExceeded(times: readonly number[], t: number, limit: Limit): Decision | null {
  const cap = limit.cap as Cap;
  const busiest = busiestWindow(times, t, cap.windowDays * DAY_MS, cap.count);
  if (busiest.count < cap.count) return null;
  const where = busiest.later ? `in a ${cap.windowDays}-day window around this date` : `in the last ${plural(cap.windowDays, 'day')}`;
  return { send: false, reason: 'contact_cap', detail: `${limit.who}${plural(busiest.count, 'invitation')} ${where}; ${limit.allows} ${cap.count}` };
}

function gapTooShort(times: readonly number[], t: number, limit: Limit): Decision | null {
  const gapMs = limit.gap * DAY_MS;
  const i = lowerBound(times, t);
  const before = times[i - 1];
  const after = times[i];
  const asks = `${limit.asks} ${plural(limit.gap, 'day')} between invitations`;
  if (before !== undefined && t - before < gapMs) {
    const ago = Math.floor((t - before) / DAY_MS);
    const when = ago === 0 ? 'Invited less than a day ago' : `Invited ${plural(ago, 'day')} ago`;
    return { send: false, reason: 'min_gap', detail: sentence(limit.who, `${when}; ${asks}`) };
  }
  if (after !== undefined && after - t < gapMs) {
    const ahead = Math.floor((after - t) / DAY_MS);
    const when = ahead === 0 ? 'Another invitation goes out the same day' : `Another invitation goes out ${plural(ahead, 'day')} later`;
    return { send: false, reason: 'min_gap', detail: sentence(limit.who, `${when}; ${asks}`) };
  }
  return null;
}

/**
 * An evaluator over the given history. Checks, in order, the first failing one giving the reason:
 * opted out, bounced, consent, email (never overridable); excluded role; a scoped rule's excluded
 * kinds; new contact; relationship priority; contact caps; minimum gaps; the account cap.
 */
export function createPolicyEvaluator(
  policy: ContactPolicy,
  history: { invitations: readonly PastInvitation[]; plannedRelationship?: readonly PlannedRelationship[] },
): PolicyEvaluator {
  const contacts = new Map<string, ContactTimes>();
  const accounts = new Map<string, number[]>();
  const timesOf = (contactId: string): ContactTimes => {
    let times = contacts.get(contactId);
    if (!times) contacts.set(contactId, (times = { all: [], notPersistent: null, relationship: null }));
    return times;
  };
  const accountTimes = (accountId: string): number[] => {
    let times = accounts.get(accountId);
    if (!times) accounts.set(accountId, (times = []));
    return times;
  };

  // One sort of everything by time, then every per-contact and per-account array fills in order.
  const invitations = history.invitations;
  const planned = history.plannedRelationship ?? [];
  const at = new Float64Array(invitations.length + planned.length);
  invitations.forEach((inv, i) => (at[i] = inv.at.getTime()));
  planned.forEach((p, i) => (at[invitations.length + i] = p.at.getTime()));
  const order = Array.from(at.keys()).sort((a, b) => (at[a] as number) - (at[b] as number));
  for (const i of order) {
    const t = at[i] as number;
    const inv = invitations[i];
    if (inv === undefined) {
      const times = timesOf((planned[i - invitations.length] as PlannedRelationship).contactId);
      (times.relationship ??= []).push(t);
      continue;
    }
    const times = timesOf(inv.contactId);
    times.all.push(t);
    if (inv.programmeKind !== 'persistent') (times.notPersistent ??= []).push(t);
    if (inv.programmeKind === 'periodic') (times.relationship ??= []).push(t);
    if (inv.accountId !== null) accountTimes(inv.accountId).push(t);
  }

  const ruleLimits = policy.scoped.map((rule) => {
    const who = { who: `Rule “${rule.name}”: `, allows: 'it allows', asks: 'it asks for' };
    return { rule, cap: rule.maxPerContact ? { cap: rule.maxPerContact, gap: 0, ...who } : null, gap: rule.minGapDays ? { cap: null, gap: rule.minGapDays, ...who } : null };
  });
  const limitsByProgramme = new WeakMap<PolicyProgramme, ProgrammeLimits>();
  const none: ContactTimes = { all: [], notPersistent: null, relationship: null };

  const decide = (c: Candidate): Decision => {
    const { contact, programme } = c;
    const t = c.at.getTime();

    const absolute = absoluteSuppression(policy, contact);
    if (absolute) return absolute;

    if (contact.audienceRole !== null && programme.excludeRoles.includes(contact.audienceRole)) {
      return { send: false, reason: 'excluded_role', detail: `This programme excludes the audience role “${contact.audienceRole}”` };
    }

    let rules: (typeof ruleLimits)[number][] | null = null;
    for (const limits of ruleLimits) if (scopeMatches(limits.rule, c)) (rules ??= []).push(limits);
    const excluding = rules?.find(({ rule }) => rule.excludeKinds?.includes(programme.kind));
    if (excluding) {
      return { send: false, reason: 'excluded_by_rule', detail: `Rule “${excluding.rule.name}”: no ${KIND_WORDS[programme.kind]} surveys` };
    }

    let limits = limitsByProgramme.get(programme);
    if (!limits) limitsByProgramme.set(programme, (limits = programmeLimits(policy, programme.overrides)));

    const knownMs = t - contact.createdAt.getTime();
    if (knownMs < limits.delayDays * DAY_MS) {
      const known = Math.max(0, Math.floor(knownMs / DAY_MS));
      return { send: false, reason: 'new_contact', detail: `Known for ${plural(known, 'day')}; ${limits.delayWho} waits ${plural(limits.delayDays, 'day')} before a first invitation` };
    }

    const times = contacts.get(contact.id) ?? none;

    if (programme.kind === 'persistent' && policy.relationshipPriorityDays > 0 && times.relationship) {
      const plannedAt = times.relationship[lowerBound(times.relationship, t)];
      if (plannedAt !== undefined && plannedAt < t + policy.relationshipPriorityDays * DAY_MS) {
        const inDays = Math.floor((plannedAt - t) / DAY_MS);
        const when = inDays === 0 ? 'the same day' : `in ${plural(inDays, 'day')}`;
        return {
          send: false,
          reason: 'relationship_priority',
          detail: `A relationship survey is planned on ${dayOf(plannedAt)} (${when}); it takes priority over transactional surveys within ${plural(policy.relationshipPriorityDays, 'day')}`,
        };
      }
    }

    if (times.all.length > 0) {
      const capped = (limits.cap && capExceeded(times.all, t, limits.cap)) || rules?.reduce<Decision | null>((found, r) => found ?? (r.cap && capExceeded(times.all, t, r.cap)), null);
      if (capped) return capped;
      // A relationship invitation does not wait for transactional ones: relationship surveys take priority.
      const counted = programme.kind === 'periodic' ? (times.notPersistent ?? EMPTY) : times.all;
      const gapped = (limits.gap && gapTooShort(counted, t, limits.gap)) || rules?.reduce<Decision | null>((found, r) => found ?? (r.gap && gapTooShort(counted, t, r.gap)), null);
      if (gapped) return gapped;
    }

    const accountCap = policy.maxPerAccount;
    if (accountCap && contact.accountId !== null && !programme.overrides.ignoreAccountCap) {
      const busiest = busiestWindow(accounts.get(contact.accountId) ?? EMPTY, t, accountCap.windowDays * DAY_MS, accountCap.count);
      if (busiest.count >= accountCap.count) {
        const where = busiest.later ? `in a ${accountCap.windowDays}-day window around this date` : `in the last ${plural(accountCap.windowDays, 'day')}`;
        return {
          send: false,
          reason: 'account_cap',
          detail: `${plural(busiest.count, 'invitation')} to contacts of this account ${where}; the policy allows ${accountCap.count}`,
        };
      }
    }

    const own = timesOf(contact.id);
    insertSorted(own.all, t);
    if (programme.kind !== 'persistent') insertSorted((own.notPersistent ??= []), t);
    if (programme.kind === 'periodic') insertSorted((own.relationship ??= []), t);
    if (contact.accountId !== null) insertSorted(accountTimes(contact.accountId), t);
    return { send: true };
  };

  return { decide };
}
