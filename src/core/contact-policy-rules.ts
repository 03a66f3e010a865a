import { z } from 'zod';

/**
 * The central contact policy's settings: one set of rules per company that every programme's
 * invitations pass through, with narrower rules for some contacts and a programme's own overrides.
 * The evaluator is in contact-policy.ts. Opt-outs, unsubscribes and bounces are not settings: they
 * always suppress, whatever a rule or an override says.
 */

const Days = z.number().int().min(0).max(3_650);

/** At most `count` invitations in any `windowDays` days. */
export const CapSchema = z.object({ count: z.number().int().min(1).max(1_000), windowDays: z.number().int().min(1).max(3_650) }).strict();
export type Cap = z.infer<typeof CapSchema>;

/** Which contacts a scoped rule applies to; every given part must match. */
export const RuleScopeSchema = z
  .object({
    audienceRoles: z.array(z.string().min(1).max(60)).min(1).max(50).optional(),
    /** A contact attribute and the values it must have. */
    attribute: z.object({ key: z.string().min(1).max(60), values: z.array(z.string().max(200)).min(1).max(100) }).strict().optional(),
    channels: z.array(z.enum(['email'])).min(1).optional(),
  })
  .strict()
  .refine((s) => s.audienceRoles !== undefined || s.attribute !== undefined || s.channels !== undefined, 'A scoped rule needs a scope: audience roles, an attribute or channels');

export const ScopedRuleSchema = z
  .object({
    name: z.string().min(1).max(120),
    scope: RuleScopeSchema,
    maxPerContact: CapSchema.optional(),
    minGapDays: Days.optional(),
    /** Contacts in this scope get no invitations of these programme kinds at all. */
    excludeKinds: z.array(z.enum(['persistent', 'periodic', 'pulsed'])).min(1).optional(),
  })
  .strict();
export type ScopedRule = z.infer<typeof ScopedRuleSchema>;

export const ContactPolicySchema = z
  .object({
    /** At most N invitations per contact in a rolling window. */
    maxPerContact: CapSchema.default({ count: 4, windowDays: 365 }),
    /** Days that must pass between two invitations to one contact. */
    minGapDays: Days.default(30),
    /** Days a contact must have been known before the first invitation. */
    newContactDelayDays: Days.default(0),
    /** At most N contacts of one account invited in a rolling window (B2B: not ten people at one customer in a week). */
    maxPerAccount: CapSchema.nullable().default({ count: 3, windowDays: 7 }),
    /** Only contacts who gave consent are invited (otherwise "unknown" consent is enough; withdrawn never is). */
    requireConsent: z.boolean().default(false),
    /** A relationship (periodic) invitation due within this many days blocks a transactional one. */
    relationshipPriorityDays: Days.default(30),
    scoped: z.array(ScopedRuleSchema).max(50).default([]),
  })
  .strict();
export type ContactPolicy = z.infer<typeof ContactPolicySchema>;
export type ContactPolicyInput = z.input<typeof ContactPolicySchema>;

/** What one programme may loosen or tighten; absolute suppressions are not among them. */
export const PolicyOverridesSchema = z
  .object({
    maxPerContact: CapSchema.nullable().optional(),
    minGapDays: Days.nullable().optional(),
    newContactDelayDays: Days.optional(),
    /** The per-account cap does not apply to this programme (e.g. a pulsed study of every buyer at a few accounts). */
    ignoreAccountCap: z.boolean().optional(),
  })
  .strict();
export type PolicyOverrides = z.infer<typeof PolicyOverridesSchema>;

/** Why an invitation was not sent: a stable code, shown with a sentence saying which rule. */
export const SUPPRESSION_REASONS = [
  'opted_out',
  'bounced',
  'consent_missing',
  'excluded_role',
  'excluded_by_rule',
  'new_contact',
  'contact_cap',
  'min_gap',
  'account_cap',
  'relationship_priority',
  'quota_reached',
  'programme_ended',
  'unknown_contact',
  'no_email',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
