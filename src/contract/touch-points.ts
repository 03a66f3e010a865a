import { z } from 'zod';

/**
 * The touch-point catalogue of a company (where customers meet it) and the corridors (the ordered
 * touch points one audience goes through). Survey questions, surveys, events and programmes refer to
 * touch points by key.
 */

/** A touch point's key: kebab-case, starting with a letter, and (so definitions can name it) not ending with a dash. */
export const TOUCH_POINT_KEY = /^[a-z][a-z0-9-]{0,59}$/;
export const TOUCH_POINT_KEY_MESSAGE = 'Use 1–60 lower-case letters, digits and dashes, starting with a letter (e.g. service-call)';

/** Stages offered as suggestions; a company may use its own. */
export const TOUCH_POINT_STAGES = ['awareness', 'consideration', 'purchase', 'onboarding', 'use', 'service', 'billing', 'renewal', 'advocacy'] as const;

export const TOUCH_POINT_CHANNELS = ['in_person', 'phone', 'email', 'web', 'app', 'chat', 'mail', 'event', 'media', 'partner', 'other'] as const;
export type TouchPointChannel = (typeof TOUCH_POINT_CHANNELS)[number];

export const OWNING_FUNCTIONS = ['marketing', 'sales', 'service_operations', 'product_development', 'finance', 'logistics', 'customer_success', 'other'] as const;
export type OwningFunction = (typeof OWNING_FUNCTIONS)[number];

/** An audience role as contacts and survey audiences name it (purchasing_agent). */
export const AUDIENCE_ROLE = /^[a-z][a-z0-9_]{0,59}$/;

export const TouchPointKeySchema = z
  .string()
  .regex(TOUCH_POINT_KEY, TOUCH_POINT_KEY_MESSAGE)
  .refine((k) => !k.endsWith('-'), 'A key cannot end with a dash');

const Name = z.string().trim().min(1, 'Give the touch point a name').max(120, 'Keep the name under 120 characters');
const Stage = z
  .string()
  .trim()
  .min(1, `Name the corridor stage (e.g. ${TOUCH_POINT_STAGES.slice(0, 3).join(', ')})`)
  .max(40, 'Keep the stage under 40 characters');
const Channel = z.enum(TOUCH_POINT_CHANNELS, { error: `Choose a channel: ${TOUCH_POINT_CHANNELS.join(', ')}` });
const OwningFunction = z.enum(OWNING_FUNCTIONS, { error: `Choose the owning function: ${OWNING_FUNCTIONS.join(', ')}` });
const Description = z.string().trim().max(2_000, 'Keep the description under 2,000 characters').nullable();

export const TouchPointSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  stage: z.string(),
  channel: z.enum(TOUCH_POINT_CHANNELS),
  /** Direct contact (a call, a visit) or indirect (an advertisement, a review site). */
  direct: z.boolean(),
  owningFunction: z.enum(OWNING_FUNCTIONS),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TouchPoint = z.infer<typeof TouchPointSchema>;

export const TouchPointListSchema = z.object({ touchPoints: z.array(TouchPointSchema) });

export const TouchPointCreateSchema = z.object({
  key: TouchPointKeySchema,
  name: Name,
  stage: Stage,
  channel: Channel,
  direct: z.boolean().default(true),
  owningFunction: OwningFunction,
  description: Description.optional(),
});
export type TouchPointCreateInput = z.input<typeof TouchPointCreateSchema>;

export const TouchPointUpdateSchema = z
  .object({
    /** Changes only while nothing uses the touch point. */
    key: TouchPointKeySchema.optional(),
    name: Name.optional(),
    stage: Stage.optional(),
    channel: Channel.optional(),
    direct: z.boolean().optional(),
    owningFunction: OwningFunction.optional(),
    description: Description.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Send at least one field to change' });
export type TouchPointUpdateInput = z.input<typeof TouchPointUpdateSchema>;

export const TouchPointBulkSchema = z
  .object({ touchPoints: z.array(TouchPointCreateSchema).min(1, 'Send at least one touch point').max(500, 'Send at most 500 touch points at once') })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.touchPoints.forEach((t, i) => {
      if (seen.has(t.key)) ctx.addIssue({ code: 'custom', path: ['touchPoints', i, 'key'], message: `The key ${t.key} appears twice` });
      seen.add(t.key);
    });
  });
export type TouchPointBulkInput = z.input<typeof TouchPointBulkSchema>;

export const TouchPointBulkResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  touchPoints: z.array(TouchPointSchema),
});
export type TouchPointBulkResult = z.infer<typeof TouchPointBulkResultSchema>;

export const AudienceRoleParamsSchema = z.object({
  audienceRole: z.string().regex(AUDIENCE_ROLE, 'Use lower-case letters, digits and _, starting with a letter (e.g. purchasing_agent)'),
});

export const CorridorSchema = z.object({
  audienceRole: z.string(),
  name: z.string(),
  /** Keys of the touch points, in the order the audience meets them. */
  touchPoints: z.array(z.string()),
});
export type Corridor = z.infer<typeof CorridorSchema>;

export const CorridorListSchema = z.object({ corridors: z.array(CorridorSchema) });

export const CorridorPutSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the corridor (e.g. Purchasing agents)').max(120, 'Keep the name under 120 characters'),
    touchPoints: z.array(TouchPointKeySchema).max(100, 'A corridor holds at most 100 touch points'),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.touchPoints.forEach((k, i) => {
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['touchPoints', i], message: `${k} is already in the corridor; a touch point appears once` });
      seen.add(k);
    });
  });
export type CorridorPutInput = z.input<typeof CorridorPutSchema>;
