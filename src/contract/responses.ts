import { z } from 'zod';
import { SLUG, SLUG_MESSAGE } from './patterns.ts';

export const SlugParamsSchema = z.object({ slug: z.string().regex(SLUG, SLUG_MESSAGE) });

/** A response submitted by another system; validated exactly as the respondent page validates. */
export const ResponseCreateSchema = z.object({
  /** Answers in their stored shape (docs/architecture.md): numbers, strings, booleans, lists of option ids. */
  answers: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string()).max(60), z.null()])),
  /** When the customer answered; defaults to now. */
  submittedAt: z.iso.datetime({ offset: true, message: 'Use an ISO date-time, e.g. 2026-01-31T12:00:00Z' }).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'Use a language tag such as en or pt-BR').default('en'),
  channel: z.string().trim().min(1).max(40).default('api'),
  /** Segment attributes captured with the response (market, product, ...). */
  attributes: z
    .record(z.string().min(1).max(60), z.string().max(500))
    .refine((a) => Object.keys(a).length <= 50, 'At most 50 attributes')
    .default({}),
  /** The unit the answer belongs to (e.g. the account's region); defaults to the survey's unit. */
  unitId: z.uuid().optional(),
  /** The respondent's audience role: audience questions are asked (and accepted) only of their audience. */
  audience: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'Use the audience role as lower-case letters, digits and _').optional(),
  /** partial: the respondent stopped early; nothing is required, but what is given is checked. */
  status: z.enum(['complete', 'partial']).default('complete'),
});
export type ResponseCreateInput = z.input<typeof ResponseCreateSchema>;

export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200, 'Keep the Idempotency-Key under 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces in the Idempotency-Key')
    .optional(),
});

export const ResponseCreatedSchema = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  versionNumber: z.number().int(),
  submittedAt: z.string(),
  /** True when this answers a retry: the response was stored by the first request with this key. */
  replayed: z.boolean(),
});
export type ResponseCreated = z.infer<typeof ResponseCreatedSchema>;
