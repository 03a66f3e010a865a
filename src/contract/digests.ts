import { z } from 'zod';

export const DIGEST_KINDS = ['monthly_review', 'relationship_summary'] as const;
export const DigestKindSchema = z.enum(DIGEST_KINDS);
export type DigestKind = z.infer<typeof DigestKindSchema>;
export const DigestCadenceSchema = z.enum(['monthly', 'quarterly']);
export type DigestCadence = z.infer<typeof DigestCadenceSchema>;

/** Each kind's cadence unless another is chosen: the review monthly, the relationship summary quarterly. */
export const DEFAULT_CADENCE: Record<DigestKind, DigestCadence> = { monthly_review: 'monthly', relationship_summary: 'quarterly' };

export const DigestSubscriptionSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  kind: DigestKindSchema,
  unitId: z.uuid(),
  unitName: z.string(),
  cadence: DigestCadenceSchema,
  /** The latest period sent (2026-11 or 2026-Q3) and when; null before the first. */
  lastSent: z.object({ period: z.string(), sentAt: z.string() }).nullable(),
});
export type DigestSubscription = z.infer<typeof DigestSubscriptionSchema>;

export const DigestSubscriptionListSchema = z.object({ subscriptions: z.array(DigestSubscriptionSchema) });
export type DigestSubscriptionList = z.infer<typeof DigestSubscriptionListSchema>;

export const DigestListQuerySchema = z.object({
  /** Whose subscriptions: yours by default; another user's needs the right to manage users. */
  userId: z.uuid('Use a user id').optional(),
});
export type DigestListQuery = z.infer<typeof DigestListQuerySchema>;

export const DigestSubscriptionCreateSchema = z.object({
  userId: z.uuid('Use a user id').optional(),
  kind: DigestKindSchema,
  unitId: z.uuid('Use the id of a unit'),
  cadence: DigestCadenceSchema.optional(),
});
export type DigestSubscriptionCreateInput = z.infer<typeof DigestSubscriptionCreateSchema>;
