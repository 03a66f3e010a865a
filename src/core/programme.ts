import { z } from 'zod';
import { ConditionSchema } from './conditions.ts';
import { PolicyOverridesSchema } from './contact-policy-rules.ts';

/**
 * How a survey reaches people, in the three listening patterns:
 *   persistent  each completed transaction (an event from another system) invites its contact
 *   periodic    a population asked once per period, each member on a stable date spread over it
 *   pulsed      a one-off segment, sampled, between a start and an end
 *
 * Filters are conditions (conditions.ts) over `contact:<field or attribute>`,
 * `account:<field or attribute>`, `audience` and, for triggers, `event:<attribute>`. Besides their
 * attributes, contacts offer email, name, locale, time_zone, crm_id and consent; accounts offer
 * name, code, crm_id, status, key_account ("true"/"false"), billed_revenue, unit and owner (email).
 */

const Role = z.string().min(1).max(60);

/** When mail may go out, in the contact's own time zone: weekdays (1 = Monday … 7 = Sunday) and hours. */
export const SendWindowSchema = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    startHour: z.number().int().min(0).max(23).default(9),
    endHour: z.number().int().min(1).max(24).default(17),
  })
  .strict()
  .refine((w) => w.endHour > w.startHour, { message: 'The send window must end after it starts', path: ['endHour'] });
export type SendWindow = z.infer<typeof SendWindowSchema>;

export const RemindersSchema = z
  .object({ count: z.number().int().min(0).max(5).default(1), afterDays: z.number().int().min(1).max(60).default(5) })
  .strict();
export type Reminders = z.infer<typeof RemindersSchema>;

const Shared = {
  sendWindow: SendWindowSchema.default({ days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 }),
  reminders: RemindersSchema.default({ count: 1, afterDays: 5 }),
  /** Audience roles that get none of this programme's invitations (regular buyers, for example). */
  excludeRoles: z.array(Role).max(50).default([]),
  /** Days an invitation's link stays open after it is sent. */
  expiresAfterDays: z.number().int().min(1).max(365).default(30),
  overrides: PolicyOverridesSchema.default({}),
};

export const PersistentConfigSchema = z
  .object({
    kind: z.literal('persistent'),
    trigger: z.object({ eventType: z.string().regex(/^[a-z][a-z0-9_.-]{0,79}$/, 'An event type reads like service_call.closed'), filter: ConditionSchema.optional() }).strict(),
    /** Minutes between the event and the invitation. */
    delayMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
    /** An event whose contact is unknown: create the contact (needs an email), or skip it with a logged reason. */
    unknownContacts: z.enum(['create', 'skip']).default('skip'),
    ...Shared,
  })
  .strict();

export const CADENCES = ['yearly', 'half-yearly', 'quarterly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const PeriodicConfigSchema = z
  .object({
    kind: z.literal('periodic'),
    cadence: z.enum(CADENCES),
    /** Who belongs: a filter over contacts and accounts (e.g. key accounts' decision makers). */
    population: ConditionSchema.optional(),
    /** Days ahead the account owner is told which of their accounts' contacts are coming up. */
    ownerNoticeDays: z.number().int().min(0).max(90).default(14),
    ...Shared,
  })
  .strict();

export const SampleSchema = z
  .object({
    method: z.enum(['all', 'random', 'stratified']).default('all'),
    size: z.number().int().min(1).max(10_000_000).optional(),
    /** For a stratified sample: the field each stratum shares, e.g. account:market or audience. */
    stratifyBy: z.string().regex(/^(?:(?:contact|account):[a-z][a-z0-9_]{0,59}|audience)$/, 'Stratify by contact:<field>, account:<field> or audience').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.method !== 'all' && s.size === undefined) ctx.addIssue({ code: 'custom', path: ['size'], message: 'A sample needs a size' });
    if (s.method === 'stratified' && !s.stratifyBy) ctx.addIssue({ code: 'custom', path: ['stratifyBy'], message: 'A stratified sample needs a field to stratify by' });
  });
export type Sample = z.infer<typeof SampleSchema>;

export const PulsedConfigSchema = z
  .object({
    kind: z.literal('pulsed'),
    segment: ConditionSchema.optional(),
    sample: SampleSchema.default({ method: 'all' }),
    startAt: z.iso.datetime({ offset: true }),
    endAt: z.iso.datetime({ offset: true }),
    ...Shared,
  })
  .strict()
  .refine((c) => Date.parse(c.endAt) > Date.parse(c.startAt), { message: 'A pulse must end after it starts', path: ['endAt'] });

export const ProgrammeConfigSchema = z.discriminatedUnion('kind', [PersistentConfigSchema, PeriodicConfigSchema, PulsedConfigSchema]);
export type ProgrammeConfig = z.infer<typeof ProgrammeConfigSchema>;
export type ProgrammeConfigInput = z.input<typeof ProgrammeConfigSchema>;
export type PersistentConfig = z.infer<typeof PersistentConfigSchema>;
export type PeriodicConfig = z.infer<typeof PeriodicConfigSchema>;
export type PulsedConfig = z.infer<typeof PulsedConfigSchema>;
