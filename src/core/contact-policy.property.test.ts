import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicyEvaluator, type Candidate, type PastInvitation, type PlannedRelationship, type PolicyContact, type PolicyProgramme, type ProgrammeKind } from './contact-policy.ts';
import { ContactPolicySchema, type Cap, type ContactPolicy, type ScopedRule, type SuppressionReason } from './contact-policy-rules.ts';

/**
 * Property tests: random contacts, programmes, policies, histories and candidates in any order. All
 * times lie on a 6-hour grid, so that invitations often fall exactly on a window's edge and a
 * brute-force check can look at every window (a window's contents only change at grid points).
 * The checks below are written afresh, without the evaluator's helpers.
 */

const STEP = 6 * 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const KINDS: ProgrammeKind[] = ['persistent', 'periodic', 'pulsed'];
const ROLES = ['buyer', 'purchasing', 'executive'];
const at = (steps: number) => new Date(T0 + steps * STEP);

const capArb = fc.record({ count: fc.integer({ min: 1, max: 4 }), windowDays: fc.integer({ min: 1, max: 40 }) });
const ruleArb: fc.Arbitrary<ScopedRule> = fc.record(
  {
    name: fc.constantFrom('Agents', 'Executives', 'German market'),
    scope: fc.oneof(
      fc.record({ audienceRoles: fc.subarray(ROLES, { minLength: 1 }) }),
      fc.record({ attribute: fc.record({ key: fc.constant('market'), values: fc.subarray(['DE', 'FR', 'NL'], { minLength: 1 }) }) }),
      fc.record({ audienceRoles: fc.subarray(ROLES, { minLength: 1 }), channels: fc.constant<'email'[]>(['email']) }),
    ),
    maxPerContact: capArb,
    minGapDays: fc.integer({ min: 0, max: 20 }),
    excludeKinds: fc.subarray(KINDS, { minLength: 1 }),
  },
  { requiredKeys: ['name', 'scope'] },
);
const policyArb: fc.Arbitrary<ContactPolicy> = fc
  .record({
    maxPerContact: capArb,
    minGapDays: fc.integer({ min: 0, max: 20 }),
    newContactDelayDays: fc.integer({ min: 0, max: 20 }),
    maxPerAccount: fc.option(capArb, { nil: null }),
    requireConsent: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
    relationshipPriorityDays: fc.integer({ min: 0, max: 20 }),
    scoped: fc.array(ruleArb, { maxLength: 3 }),
  })
  .map((p) => ContactPolicySchema.parse(p));

const contactArb = (id: string): fc.Arbitrary<PolicyContact> =>
  fc.record({
    id: fc.constant(id),
    accountId: fc.constantFrom(null, 'a0', 'a1'),
    createdAt: fc.integer({ min: -200, max: 200 }).map(at),
    audienceRole: fc.constantFrom(null, ...ROLES),
    attributes: fc.oneof(fc.constant({}), fc.constantFrom('DE', 'FR', 'NL').map((market) => ({ market }))),
    // Mostly invitable contacts, so that the caps and gaps get exercised; the rest suppressed outright.
    consent: fc.oneof({ arbitrary: fc.constant('granted' as const), weight: 6 }, { arbitrary: fc.constant('unknown' as const), weight: 3 }, { arbitrary: fc.constant('withdrawn' as const), weight: 1 }),
    optedOut: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
    bounce: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 7 }, { arbitrary: fc.constantFrom('soft' as const, 'hard' as const, 'complaint' as const), weight: 3 }),
    email: fc.oneof({ arbitrary: fc.constantFrom('a@example.com', 'b@example.org'), weight: 9 }, { arbitrary: fc.constantFrom('', 'not-an-email'), weight: 1 }),
  });

const programmeArb = (id: string): fc.Arbitrary<PolicyProgramme> =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom(...KINDS),
    excludeRoles: fc.subarray(ROLES),
    overrides: fc.record(
      {
        maxPerContact: fc.option(capArb, { nil: null }),
        minGapDays: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
        newContactDelayDays: fc.integer({ min: 0, max: 20 }),
        ignoreAccountCap: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  });

const scenarioArb = fc
  .record({ contactCount: fc.integer({ min: 1, max: 6 }), programmeCount: fc.integer({ min: 1, max: 4 }) })
  .chain(({ contactCount, programmeCount }) =>
    fc.record({
      policy: policyArb,
      contacts: fc.tuple(...Array.from({ length: contactCount }, (_, i) => contactArb(`c${i}`))),
      programmes: fc.tuple(...Array.from({ length: programmeCount }, (_, i) => programmeArb(`p${i}`))),
      history: fc.array(fc.record({ contact: fc.nat(contactCount - 1), steps: fc.integer({ min: -400, max: 400 }), kind: fc.constantFrom(...KINDS) }), { maxLength: 15 }),
      planned: fc.array(fc.record({ contact: fc.nat(contactCount - 1), steps: fc.integer({ min: -100, max: 300 }) }), { maxLength: 6 }),
      candidates: fc.array(fc.record({ contact: fc.nat(contactCount - 1), programme: fc.nat(programmeCount - 1), steps: fc.integer({ min: -200, max: 300 }) }), {
        minLength: 1,
        maxLength: 60,
      }),
      sorted: fc.boolean(),
    }),
  )
  .map((s) => {
    const invitations: PastInvitation[] = s.history.map((h) => {
      const c = s.contacts[h.contact] as PolicyContact;
      return { contactId: c.id, accountId: c.accountId, at: at(h.steps), programmeKind: h.kind, channel: 'email' };
    });
    const plannedRelationship: PlannedRelationship[] = s.planned.map((p) => ({ contactId: (s.contacts[p.contact] as PolicyContact).id, at: at(p.steps) }));
    let candidates: Candidate[] = s.candidates.map((c) => ({
      contact: s.contacts[c.contact] as PolicyContact,
      programme: s.programmes[c.programme] as PolicyProgramme,
      at: at(c.steps),
      channel: 'email',
    }));
    if (s.sorted) candidates = [...candidates].sort((a, b) => a.at.getTime() - b.at.getTime());
    return { policy: s.policy, invitations, plannedRelationship, candidates };
  });

// ——— the brute-force model ———

interface Recorded { contactId: string; accountId: string | null; t: number; kind: ProgrammeKind; order: number }

const matches = (rule: ScopedRule, c: Candidate): boolean =>
  (rule.scope.audienceRoles === undefined || (c.contact.audienceRole !== null && rule.scope.audienceRoles.includes(c.contact.audienceRole))) &&
  (rule.scope.attribute === undefined || rule.scope.attribute.values.some((v) => c.contact.attributes[rule.scope.attribute?.key ?? ''] === v)) &&
  (rule.scope.channels === undefined || rule.scope.channels.includes(c.channel));

function capsFor(policy: ContactPolicy, c: Candidate): Cap[] {
  const o = c.programme.overrides.maxPerContact;
  const own = o === undefined ? policy.maxPerContact : o;
  return [...(own ? [own] : []), ...policy.scoped.filter((r) => matches(r, c) && r.maxPerContact).map((r) => r.maxPerContact as Cap)];
}
function gapFor(policy: ContactPolicy, c: Candidate): number {
  const o = c.programme.overrides.minGapDays;
  const own = o === undefined ? policy.minGapDays : (o ?? 0);
  return Math.max(own, ...policy.scoped.filter((r) => matches(r, c)).map((r) => r.minGapDays ?? 0));
}
/** Whether one more invitation at t would put more than cap.count of `times` in some window [s, s + window) on the grid. */
function overfills(times: readonly number[], t: number, cap: Cap): boolean {
  const width = cap.windowDays * DAY;
  for (let s = t - width + STEP; s <= t; s += STEP) {
    if (times.filter((x) => x >= s && x < s + width).length + 1 > cap.count) return true;
  }
  return false;
}

function modelReason(policy: ContactPolicy, c: Candidate, recorded: readonly Recorded[], planned: readonly PlannedRelationship[]): SuppressionReason | null {
  const { contact, programme } = c;
  const t = c.at.getTime();
  if (contact.optedOut) return 'opted_out';
  if (contact.bounce === 'hard' || contact.bounce === 'complaint') return 'bounced';
  if (contact.consent === 'withdrawn' || (policy.requireConsent && contact.consent !== 'granted')) return 'consent_missing';
  if (!contact.email.includes('@')) return 'no_email';
  if (contact.audienceRole !== null && programme.excludeRoles.includes(contact.audienceRole)) return 'excluded_role';
  if (policy.scoped.some((r) => matches(r, c) && r.excludeKinds?.includes(programme.kind))) return 'excluded_by_rule';
  if (t - contact.createdAt.getTime() < (programme.overrides.newContactDelayDays ?? policy.newContactDelayDays) * DAY) return 'new_contact';
  const mine = recorded.filter((r) => r.contactId === contact.id);
  if (programme.kind === 'persistent') {
    const relationship = [...planned.filter((p) => p.contactId === contact.id).map((p) => p.at.getTime()), ...mine.filter((r) => r.kind === 'periodic').map((r) => r.t)];
    if (relationship.some((p) => p >= t && p < t + policy.relationshipPriorityDays * DAY)) return 'relationship_priority';
  }
  if (capsFor(policy, c).some((cap) => overfills(mine.map((r) => r.t), t, cap))) return 'contact_cap';
  const gap = gapFor(policy, c) * DAY;
  if (mine.some((r) => !(programme.kind === 'periodic' && r.kind === 'persistent') && Math.abs(r.t - t) < gap)) return 'min_gap';
  if (policy.maxPerAccount && contact.accountId !== null && !programme.overrides.ignoreAccountCap) {
    if (overfills(recorded.filter((r) => r.accountId === contact.accountId).map((r) => r.t), t, policy.maxPerAccount)) return 'account_cap';
  }
  return null;
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function run(s: Scenario) {
  const evaluator = createPolicyEvaluator(s.policy, { invitations: s.invitations, plannedRelationship: s.plannedRelationship });
  return s.candidates.map((c) => evaluator.decide(c));
}

describe('the contact policy, for any contacts, programmes, policies and candidates', () => {
  it('decides as a brute-force reading of the rules does, candidate by candidate', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const recorded: Recorded[] = s.invitations.map((i) => ({ contactId: i.contactId, accountId: i.accountId, t: i.at.getTime(), kind: i.programmeKind, order: -1 }));
        const decisions = run(s);
        s.candidates.forEach((c, order) => {
          const reason = modelReason(s.policy, c, recorded, s.plannedRelationship);
          const d = decisions[order];
          expect(d?.send ? null : d?.reason).toBe(reason);
          if (d?.send) recorded.push({ contactId: c.contact.id, accountId: c.contact.accountId, t: c.at.getTime(), kind: c.programme.kind, order });
        });
      }),
      { numRuns: 400 },
    );
  });

  it('never invites an opted-out, hard-bounced, complained or withdrawn contact, nor an excluded role', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        run(s).forEach((d, i) => {
          if (!d.send) return;
          const { contact, programme } = s.candidates[i] as Candidate;
          expect(contact.optedOut).toBe(false);
          expect(['hard', 'complaint']).not.toContain(contact.bounce);
          expect(contact.consent).not.toBe('withdrawn');
          if (contact.audienceRole !== null) expect(programme.excludeRoles).not.toContain(contact.audienceRole);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every cap, gap and account cap over the accepted invitations and the history, whatever the order', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const decisions = run(s);
        const all: Recorded[] = [
          ...s.invitations.map((i) => ({ contactId: i.contactId, accountId: i.accountId, t: i.at.getTime(), kind: i.programmeKind, order: -1 })),
          ...s.candidates.flatMap((c, order) => (decisions[order]?.send ? [{ contactId: c.contact.id, accountId: c.contact.accountId, t: c.at.getTime(), kind: c.programme.kind, order }] : [])),
        ];
        for (const mine of all.filter((r) => r.order >= 0)) {
          const c = s.candidates[mine.order] as Candidate;
          // Everything on record when it was accepted: the history and the earlier acceptances.
          const before = all.filter((r) => r.order < mine.order);
          const sameContact = before.filter((r) => r.contactId === mine.contactId);
          for (const cap of capsFor(s.policy, c)) {
            const width = cap.windowDays * DAY;
            for (let start = mine.t - width + STEP; start <= mine.t; start += STEP) {
              expect(sameContact.filter((r) => r.t >= start && r.t < start + width).length + 1).toBeLessThanOrEqual(cap.count);
            }
          }
          const gap = gapFor(s.policy, c) * DAY;
          for (const other of sameContact) if (!(c.programme.kind === 'periodic' && other.kind === 'persistent')) expect(Math.abs(other.t - mine.t)).toBeGreaterThanOrEqual(gap);
          const accountCap = s.policy.maxPerAccount;
          if (accountCap && mine.accountId !== null && !c.programme.overrides.ignoreAccountCap) {
            const width = accountCap.windowDays * DAY;
            const sameAccount = before.filter((r) => r.accountId === mine.accountId);
            for (let start = mine.t - width + STEP; start <= mine.t; start += STEP) {
              expect(sameAccount.filter((r) => r.t >= start && r.t < start + width).length + 1).toBeLessThanOrEqual(accountCap.count);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with one cap for everyone, holds it in every window that holds an accepted invitation, history included', () => {
    const uniform = scenarioArb.map((s) => ({
      ...s,
      policy: { ...s.policy, scoped: s.policy.scoped.map(({ maxPerContact: _cap, ...rule }) => rule) },
      candidates: s.candidates.map((c) => ({ ...c, programme: { ...c.programme, overrides: { ...c.programme.overrides, maxPerContact: undefined, ignoreAccountCap: false } } })),
    }));
    fc.assert(
      fc.property(uniform, (s) => {
        const decisions = run(s);
        const accepted = s.candidates.filter((_, i) => decisions[i]?.send);
        const cap = s.policy.maxPerContact;
        const width = cap.windowDays * DAY;
        const check = (times: number[], acceptedTimes: number[], limit: Cap) => {
          const w = limit.windowDays * DAY;
          for (const a of acceptedTimes) {
            for (let start = a - w + STEP; start <= a; start += STEP) expect(times.filter((x) => x >= start && x < start + w).length).toBeLessThanOrEqual(limit.count);
          }
        };
        for (const contactId of new Set(accepted.map((c) => c.contact.id))) {
          const mine = accepted.filter((c) => c.contact.id === contactId).map((c) => c.at.getTime());
          const history = s.invitations.filter((i) => i.contactId === contactId).map((i) => i.at.getTime());
          check([...history, ...mine], mine, { count: cap.count, windowDays: width / DAY });
        }
        const accountCap = s.policy.maxPerAccount;
        if (accountCap) {
          for (const accountId of new Set(accepted.map((c) => c.contact.accountId))) {
            if (accountId === null) continue;
            const mine = accepted.filter((c) => c.contact.accountId === accountId).map((c) => c.at.getTime());
            const history = s.invitations.filter((i) => i.accountId === accountId).map((i) => i.at.getTime());
            check([...history, ...mine], mine, accountCap);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same decisions for the same input', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(run(s)).toEqual(run(s));
      }),
      { numRuns: 100 },
    );
  });
});
