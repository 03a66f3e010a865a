import { describe, expect, it } from 'vitest';
import { createPolicyEvaluator, type Candidate, type PastInvitation, type PolicyContact, type PolicyProgramme, type ProgrammeKind } from './contact-policy.ts';
import { ContactPolicySchema, type ContactPolicyInput, type PolicyOverrides } from './contact-policy-rules.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 10); // 1 June 2026, 10:00 UTC
const day = (n: number) => new Date(T0 + n * DAY);

const policyOf = (input: ContactPolicyInput = {}) => ContactPolicySchema.parse(input);
/** A policy with nothing but what a test sets, so each test sees one rule at work. */
const bare = (input: ContactPolicyInput = {}) =>
  policyOf({ maxPerContact: { count: 1000, windowDays: 1 }, minGapDays: 0, maxPerAccount: null, relationshipPriorityDays: 0, ...input });

const contact = (over: Partial<PolicyContact> = {}): PolicyContact => ({
  id: 'c1',
  accountId: 'a1',
  createdAt: day(-1000),
  audienceRole: 'decision_maker',
  attributes: {},
  consent: 'unknown',
  optedOut: false,
  bounce: 'none',
  email: 'ana@example.com',
  ...over,
});
const programme = (kind: ProgrammeKind, overrides: PolicyOverrides = {}, excludeRoles: string[] = []): PolicyProgramme => ({ id: `p-${kind}`, kind, excludeRoles, overrides });
const candidate = (at: Date, c: PolicyContact = contact(), p: PolicyProgramme = programme('pulsed')): Candidate => ({ contact: c, programme: p, at, channel: 'email' });
const past = (at: Date, kind: ProgrammeKind = 'pulsed', contactId = 'c1', accountId: string | null = 'a1'): PastInvitation => ({ contactId, accountId, at, programmeKind: kind, channel: 'email' });

describe('absolute suppressions', () => {
  const loose = bare();
  it('never invites an opted-out, bounced or withdrawn contact, nor one without an email', () => {
    const e = createPolicyEvaluator(loose, { invitations: [] });
    expect(e.decide(candidate(day(0), contact({ optedOut: true })))).toEqual({ send: false, reason: 'opted_out', detail: 'The contact opted out of surveys' });
    expect(e.decide(candidate(day(0), contact({ bounce: 'hard' })))).toMatchObject({ reason: 'bounced', detail: 'Mail to this address bounced (hard bounce)' });
    expect(e.decide(candidate(day(0), contact({ bounce: 'complaint' })))).toMatchObject({ reason: 'bounced' });
    expect(e.decide(candidate(day(0), contact({ consent: 'withdrawn' })))).toMatchObject({ reason: 'consent_missing', detail: 'The contact withdrew consent' });
    for (const email of ['', '   ', 'ana', 'ana@', '@example.com', 'ana@example', 'a b@example.com']) {
      expect(e.decide(candidate(day(0), contact({ email })))).toMatchObject({ reason: 'no_email' });
    }
  });

  it('lets a soft bounce through', () => {
    expect(createPolicyEvaluator(loose, { invitations: [] }).decide(candidate(day(0), contact({ bounce: 'soft' })))).toEqual({ send: true });
  });

  it('asks for granted consent only when the policy requires it', () => {
    const strict = createPolicyEvaluator(bare({ requireConsent: true }), { invitations: [] });
    expect(strict.decide(candidate(day(0), contact({ consent: 'unknown' })))).toMatchObject({
      reason: 'consent_missing',
      detail: 'The policy requires consent, and the contact has not given it',
    });
    expect(strict.decide(candidate(day(0), contact({ consent: 'granted' })))).toEqual({ send: true });
    expect(createPolicyEvaluator(loose, { invitations: [] }).decide(candidate(day(0), contact({ consent: 'unknown' })))).toEqual({ send: true });
  });

  it('checks opt-out first, whatever else is wrong, and no override loosens it', () => {
    const p = programme('pulsed', { maxPerContact: null, minGapDays: null, newContactDelayDays: 0, ignoreAccountCap: true });
    const e = createPolicyEvaluator(bare(), { invitations: [] });
    expect(e.decide(candidate(day(0), contact({ optedOut: true, bounce: 'hard', consent: 'withdrawn', email: '' }), p))).toMatchObject({ reason: 'opted_out' });
    expect(e.decide(candidate(day(0), contact({ bounce: 'complaint', consent: 'withdrawn' }), p))).toMatchObject({ reason: 'bounced' });
  });
});

describe('roles and scoped rules', () => {
  it('keeps a programme from the audience roles it excludes', () => {
    const e = createPolicyEvaluator(bare(), { invitations: [] });
    const p = programme('persistent', {}, ['purchasing']);
    expect(e.decide(candidate(day(0), contact({ audienceRole: 'purchasing' }), p))).toEqual({
      send: false,
      reason: 'excluded_role',
      detail: 'This programme excludes the audience role “purchasing”',
    });
    expect(e.decide(candidate(day(0), contact({ audienceRole: 'user' }), p))).toEqual({ send: true });
    expect(e.decide(candidate(day(0), contact({ id: 'c2', audienceRole: null }), p))).toEqual({ send: true });
  });

  it('applies a scoped rule’s excluded kinds to the contacts in its scope only', () => {
    const policy = bare({ scoped: [{ name: 'Purchasing agents', scope: { audienceRoles: ['purchasing'] }, excludeKinds: ['persistent'] }] });
    const e = createPolicyEvaluator(policy, { invitations: [] });
    const agent = contact({ audienceRole: 'purchasing' });
    expect(e.decide(candidate(day(0), agent, programme('persistent')))).toEqual({ send: false, reason: 'excluded_by_rule', detail: 'Rule “Purchasing agents”: no transactional surveys' });
    expect(e.decide(candidate(day(0), agent, programme('periodic')))).toEqual({ send: true });
    expect(e.decide(candidate(day(0), contact({ id: 'c2', audienceRole: 'user' }), programme('persistent')))).toEqual({ send: true });
  });

  it('matches a scope only when every part matches: roles, attribute values and channel', () => {
    const policy = bare({
      scoped: [{ name: 'German buyers', scope: { audienceRoles: ['buyer'], attribute: { key: 'market', values: ['DE', 'AT'] }, channels: ['email'] }, excludeKinds: ['pulsed'] }],
    });
    const e = createPolicyEvaluator(policy, { invitations: [] });
    const at = (c: PolicyContact) => e.decide(candidate(day(0), c, programme('pulsed')));
    expect(at(contact({ id: 'x1', audienceRole: 'buyer', attributes: { market: 'AT' } }))).toMatchObject({ reason: 'excluded_by_rule', detail: 'Rule “German buyers”: no pulse surveys' });
    expect(at(contact({ id: 'x2', audienceRole: 'buyer', attributes: { market: 'FR' } }))).toEqual({ send: true });
    expect(at(contact({ id: 'x3', audienceRole: 'buyer', attributes: {} }))).toEqual({ send: true });
    expect(at(contact({ id: 'x4', audienceRole: 'user', attributes: { market: 'DE' } }))).toEqual({ send: true });
    expect(at(contact({ id: 'x5', audienceRole: null, attributes: { market: 'DE' } }))).toEqual({ send: true });
  });

  it('checks the excluded role before a scoped rule', () => {
    const policy = bare({ scoped: [{ name: 'Agents', scope: { audienceRoles: ['purchasing'] }, excludeKinds: ['persistent'] }] });
    const d = createPolicyEvaluator(policy, { invitations: [] }).decide(candidate(day(0), contact({ audienceRole: 'purchasing' }), programme('persistent', {}, ['purchasing'])));
    expect(d).toMatchObject({ reason: 'excluded_role' });
  });
});

describe('new contacts', () => {
  it('waits newContactDelayDays after a contact is created, and a programme override replaces the wait', () => {
    const e = createPolicyEvaluator(bare({ newContactDelayDays: 14 }), { invitations: [] });
    const fresh = contact({ createdAt: day(-3) });
    expect(e.decide(candidate(day(0), fresh))).toEqual({ send: false, reason: 'new_contact', detail: 'Known for 3 days; the policy waits 14 days before a first invitation' });
    expect(e.decide(candidate(day(11), fresh))).toEqual({ send: true }); // known for exactly 14 days
    const quick = createPolicyEvaluator(bare({ newContactDelayDays: 14 }), { invitations: [] });
    expect(quick.decide(candidate(day(0), fresh, programme('persistent', { newContactDelayDays: 0 })))).toEqual({ send: true });
    const slow = createPolicyEvaluator(bare({ newContactDelayDays: 0 }), { invitations: [] });
    expect(slow.decide(candidate(day(0), fresh, programme('periodic', { newContactDelayDays: 30 })))).toMatchObject({
      reason: 'new_contact',
      detail: 'Known for 3 days; the programme waits 30 days before a first invitation',
    });
  });
});

describe('relationship priority', () => {
  it('holds back a transactional invitation when a relationship one is planned within the priority days', () => {
    const e = createPolicyEvaluator(bare({ relationshipPriorityDays: 30 }), { invitations: [], plannedRelationship: [{ contactId: 'c1', at: day(10) }] });
    expect(e.decide(candidate(day(0), contact(), programme('persistent')))).toEqual({
      send: false,
      reason: 'relationship_priority',
      detail: 'A relationship survey is planned on 2026-06-11 (in 10 days); it takes priority over transactional surveys within 30 days',
    });
    expect(e.decide(candidate(day(10), contact(), programme('persistent')))).toMatchObject({ reason: 'relationship_priority' }); // at the same moment
    expect(e.decide(candidate(day(-20), contact(), programme('persistent')))).toEqual({ send: true }); // 30 days before: outside
    expect(e.decide(candidate(day(11), contact(), programme('persistent')))).toEqual({ send: true }); // after it
  });

  it('does not hold back other kinds, nor other contacts', () => {
    const e = createPolicyEvaluator(bare({ relationshipPriorityDays: 30 }), { invitations: [], plannedRelationship: [{ contactId: 'c1', at: day(10) }] });
    expect(e.decide(candidate(day(0), contact(), programme('pulsed')))).toEqual({ send: true });
    expect(e.decide(candidate(day(0), contact({ id: 'c2' }), programme('persistent')))).toEqual({ send: true });
  });

  it('counts relationship invitations accepted in the same batch, and those already in the history', () => {
    const e = createPolicyEvaluator(bare({ relationshipPriorityDays: 30 }), { invitations: [past(day(40), 'periodic')] });
    expect(e.decide(candidate(day(20), contact(), programme('persistent')))).toMatchObject({ reason: 'relationship_priority' });
    expect(e.decide(candidate(day(5), contact({ id: 'c2' }), programme('periodic')))).toEqual({ send: true });
    expect(e.decide(candidate(day(0), contact({ id: 'c2' }), programme('persistent')))).toMatchObject({ reason: 'relationship_priority' });
  });

  it('lets a relationship invitation through a gap left by a transactional one (priority the other way)', () => {
    const e = createPolicyEvaluator(bare({ minGapDays: 30 }), { invitations: [past(day(-5), 'persistent')] });
    expect(e.decide(candidate(day(0), contact(), programme('periodic')))).toEqual({ send: true });
    // A transactional or pulse invitation still waits for both.
    expect(e.decide(candidate(day(20), contact(), programme('pulsed')))).toMatchObject({ reason: 'min_gap', detail: 'Invited 20 days ago; the policy asks for 30 days between invitations' });
    expect(e.decide(candidate(day(40), contact(), programme('periodic')))).toEqual({ send: true }); // 40 days after the last relationship invitation
  });
});

describe('contact caps', () => {
  const history = [past(day(-300)), past(day(-200)), past(day(-100))];

  it('allows at most count invitations in any windowDays days', () => {
    const e = createPolicyEvaluator(bare({ maxPerContact: { count: 3, windowDays: 365 } }), { invitations: history });
    expect(e.decide(candidate(day(0)))).toEqual({ send: false, reason: 'contact_cap', detail: '3 invitations in the last 365 days; the policy allows 3' });
    expect(e.decide(candidate(day(65)))).toEqual({ send: true }); // the first one is exactly 365 days before: out of the window
    expect(e.decide(candidate(day(66)))).toMatchObject({ reason: 'contact_cap' }); // now -200, -100 and 65 are within 365 days
  });

  it('holds for every window whatever the order: an earlier candidate may not overfill a later window', () => {
    const e = createPolicyEvaluator(bare({ maxPerContact: { count: 2, windowDays: 30 } }), { invitations: [past(day(20)), past(day(25))] });
    // day 0 has nothing in the 30 days before it, but [0, 30) would then hold three.
    expect(e.decide(candidate(day(0)))).toEqual({ send: false, reason: 'contact_cap', detail: '2 invitations in a 30-day window around this date; the policy allows 2' });
    expect(e.decide(candidate(day(-10)))).toEqual({ send: true }); // [-10, 20) holds one more only
    expect(e.decide(candidate(day(-5)))).toEqual({ send: true }); // [-10, 20) holds −10, −5; [−5, 25) holds −5, 20
    expect(e.decide(candidate(day(-3)))).toMatchObject({ reason: 'contact_cap' }); // [−3, 27) would hold −3, 20, 25
  });

  it('lets a programme replace the global cap, or lift it with null', () => {
    const policy = bare({ maxPerContact: { count: 3, windowDays: 365 } });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(day(0), contact(), programme('pulsed', { maxPerContact: null })))).toEqual({ send: true });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(day(0), contact(), programme('pulsed', { maxPerContact: { count: 4, windowDays: 365 } })))).toEqual({
      send: true,
    });
    expect(createPolicyEvaluator(policy, { invitations: [past(day(-1))] }).decide(candidate(day(0), contact(), programme('pulsed', { maxPerContact: { count: 1, windowDays: 7 } })))).toEqual({
      send: false,
      reason: 'contact_cap',
      detail: '1 invitation in the last 7 days; the programme allows 1',
    });
  });

  it('applies every matching scoped rule’s cap as well, even when the programme lifts the global one', () => {
    const policy = bare({
      maxPerContact: { count: 10, windowDays: 365 },
      scoped: [
        { name: 'Executives', scope: { audienceRoles: ['executive'] }, maxPerContact: { count: 2, windowDays: 365 } },
        { name: 'Key accounts', scope: { attribute: { key: 'tier', values: ['key'] } }, maxPerContact: { count: 3, windowDays: 365 } },
      ],
    });
    const exec = contact({ audienceRole: 'executive', attributes: { tier: 'key' } });
    const p = programme('pulsed', { maxPerContact: null });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(day(0), exec, p))).toEqual({
      send: false,
      reason: 'contact_cap',
      detail: 'Rule “Executives”: 3 invitations in the last 365 days; it allows 2',
    });
    const keyUser = contact({ audienceRole: 'user', attributes: { tier: 'key' } });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(day(0), keyUser, p))).toMatchObject({ detail: 'Rule “Key accounts”: 3 invitations in the last 365 days; it allows 3' });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(day(0), contact({ audienceRole: 'user' }), p))).toEqual({ send: true });
  });

  it('counts what it accepted within one batch', () => {
    const e = createPolicyEvaluator(bare({ maxPerContact: { count: 2, windowDays: 10 } }), { invitations: [] });
    expect([0, 1, 2, 3, 10, 11, 12].map((n) => e.decide(candidate(day(n))).send)).toEqual([true, true, false, false, true, true, false]);
  });
});

describe('minimum gap', () => {
  it('asks for minGapDays between two invitations, before and after', () => {
    const e = createPolicyEvaluator(bare({ minGapDays: 30 }), { invitations: [past(day(-12)), past(day(50))] });
    expect(e.decide(candidate(day(0)))).toEqual({ send: false, reason: 'min_gap', detail: 'Invited 12 days ago; the policy asks for 30 days between invitations' });
    expect(e.decide(candidate(day(25)))).toEqual({ send: false, reason: 'min_gap', detail: 'Another invitation goes out 25 days later; the policy asks for 30 days between invitations' });
    expect(e.decide(candidate(day(18)))).toEqual({ send: true }); // exactly 30 days after and 32 before
    expect(e.decide(candidate(new Date(T0 + 18.5 * DAY)))).toMatchObject({ detail: 'Invited less than a day ago; the policy asks for 30 days between invitations' });
  });

  it('lets a programme replace or lift the gap, and scoped rules add theirs', () => {
    const history = { invitations: [past(day(-12))] };
    const policy = bare({ minGapDays: 30, scoped: [{ name: 'Executives', scope: { audienceRoles: ['executive'] }, minGapDays: 60 }] });
    expect(createPolicyEvaluator(policy, history).decide(candidate(day(0), contact(), programme('pulsed', { minGapDays: 7 })))).toEqual({ send: true });
    expect(createPolicyEvaluator(policy, history).decide(candidate(day(0), contact(), programme('pulsed', { minGapDays: 14 })))).toMatchObject({
      detail: 'Invited 12 days ago; the programme asks for 14 days between invitations',
    });
    expect(createPolicyEvaluator(policy, history).decide(candidate(day(0), contact(), programme('pulsed', { minGapDays: null })))).toEqual({ send: true });
    const exec = contact({ audienceRole: 'executive' });
    expect(createPolicyEvaluator(policy, { invitations: [past(day(-40))] }).decide(candidate(day(0), exec, programme('pulsed', { minGapDays: null })))).toEqual({
      send: false,
      reason: 'min_gap',
      detail: 'Rule “Executives”: invited 40 days ago; it asks for 60 days between invitations',
    });
  });

  it('checks the cap before the gap', () => {
    const e = createPolicyEvaluator(bare({ minGapDays: 30, maxPerContact: { count: 1, windowDays: 365 } }), { invitations: [past(day(-1))] });
    expect(e.decide(candidate(day(0)))).toMatchObject({ reason: 'contact_cap' });
  });
});

describe('account cap', () => {
  const policy = bare({ maxPerAccount: { count: 3, windowDays: 7 } });
  const history = { invitations: [past(day(-1), 'pulsed', 'c1'), past(day(-2), 'pulsed', 'c2'), past(day(-3), 'pulsed', 'c1')] };

  it('counts invitations to the account’s contacts in the window, a contact invited twice counting twice', () => {
    const e = createPolicyEvaluator(policy, history);
    expect(e.decide(candidate(day(0), contact({ id: 'c3' })))).toEqual({
      send: false,
      reason: 'account_cap',
      detail: '3 invitations to contacts of this account in the last 7 days; the policy allows 3',
    });
    expect(e.decide(candidate(day(0), contact({ id: 'c3', accountId: 'a2' })))).toEqual({ send: true });
    expect(e.decide(candidate(day(0), contact({ id: 'c4', accountId: null })))).toEqual({ send: true });
    expect(e.decide(candidate(day(4), contact({ id: 'c3' })))).toEqual({ send: true }); // day −3 is 7 days before: out
    expect(e.decide(candidate(day(5), contact({ id: 'c5' })))).toEqual({ send: true }); // −2 is 7 days before: −1 and 4 count
    expect(e.decide(candidate(new Date(T0 + 4.5 * DAY), contact({ id: 'c6' })))).toMatchObject({ reason: 'account_cap' }); // [−2, 5) holds −2, −1 and 4
  });

  it('does not apply to a programme that ignores it, but counts its invitations for the others', () => {
    const e = createPolicyEvaluator(policy, { invitations: [] });
    const study = programme('pulsed', { ignoreAccountCap: true });
    for (const id of ['c1', 'c2', 'c3', 'c4']) expect(e.decide(candidate(day(0), contact({ id }), study))).toEqual({ send: true });
    expect(e.decide(candidate(day(1), contact({ id: 'c5' })))).toMatchObject({ reason: 'account_cap' });
  });

  it('is off when the policy has none', () => {
    expect(createPolicyEvaluator(bare({ maxPerAccount: null }), history).decide(candidate(day(0), contact({ id: 'c3' })))).toEqual({ send: true });
  });
});

describe('defaults', () => {
  it('applies the default policy: 4 a year, 30 days apart, 3 per account a week', () => {
    const e = createPolicyEvaluator(policyOf(), { invitations: [] });
    const sends = [0, 10, 30, 60, 90, 120, 400].map((n) => e.decide(candidate(day(n))));
    expect(sends.map((d) => (d.send ? 'sent' : d.reason))).toEqual(['sent', 'min_gap', 'sent', 'sent', 'sent', 'contact_cap', 'sent']);
    const account = [1, 2, 3, 4].map((i) => e.decide(candidate(day(200), contact({ id: `k${i}` })))).map((d) => (d.send ? 'sent' : d.reason));
    expect(account).toEqual(['sent', 'sent', 'sent', 'account_cap']);
  });
});

describe('the worked examples of docs/contact-policy.md', () => {
  const on = (date: string) => new Date(`${date}T10:00:00Z`);
  const policy = policyOf({ scoped: [{ name: 'Purchasing agents', scope: { audienceRoles: ['purchasing'] }, excludeKinds: ['persistent'] }] });
  const ana = contact({ id: 'ana', accountId: 'acme', audienceRole: 'maintenance' });

  it('1. after a service call: the gap, then the account cap', () => {
    const history = [past(on('2026-01-10'), 'pulsed', 'ana', 'acme'), past(on('2026-05-20'), 'persistent', 'ana', 'acme')];
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(on('2026-06-01'), ana, programme('persistent')))).toEqual({
      send: false,
      reason: 'min_gap',
      detail: 'Invited 12 days ago; the policy asks for 30 days between invitations',
    });
    expect(createPolicyEvaluator(policy, { invitations: history }).decide(candidate(on('2026-06-25'), ana, programme('persistent')))).toEqual({ send: true });
    const colleagues = ['2026-06-19', '2026-06-20', '2026-06-24'].map((d, i) => past(on(d), 'persistent', `colleague-${i}`, 'acme'));
    expect(createPolicyEvaluator(policy, { invitations: [...history, ...colleagues] }).decide(candidate(on('2026-06-25'), ana, programme('persistent')))).toEqual({
      send: false,
      reason: 'account_cap',
      detail: '3 invitations to contacts of this account in the last 7 days; the policy allows 3',
    });
  });

  it('2. a purchasing agent and the annual survey', () => {
    const ben = contact({ id: 'ben', accountId: 'acme', audienceRole: 'purchasing' });
    const planned = { invitations: [], plannedRelationship: [{ contactId: 'ben', at: on('2026-09-15') }] };
    expect(createPolicyEvaluator(policy, planned).decide(candidate(on('2026-09-01'), ben, programme('persistent')))).toEqual({
      send: false,
      reason: 'excluded_by_rule',
      detail: 'Rule “Purchasing agents”: no transactional surveys',
    });
    const withoutRule = policyOf();
    expect(createPolicyEvaluator(withoutRule, planned).decide(candidate(on('2026-09-01'), ben, programme('persistent')))).toEqual({
      send: false,
      reason: 'relationship_priority',
      detail: 'A relationship survey is planned on 2026-09-15 (in 14 days); it takes priority over transactional surveys within 30 days',
    });
    const earlier = { invitations: [past(on('2026-09-05'), 'persistent', 'ben', 'acme')] };
    expect(createPolicyEvaluator(withoutRule, earlier).decide(candidate(on('2026-09-15'), ben, programme('periodic')))).toEqual({ send: true });
  });
});
