import { z } from 'zod';
import { SurveyDefinitionSchema } from '../core/survey-definition.ts';
import { RESERVED_SLUGS, SLUG, SLUG_MESSAGE, SURVEY_KINDS } from './patterns.ts';
import { TouchPointKeySchema } from './touch-points.ts';

export const SurveyKindSchema = z.enum(SURVEY_KINDS);
export const SurveyStatusSchema = z.enum(['draft', 'live', 'closed']);
export type SurveyStatus = z.infer<typeof SurveyStatusSchema>;

export const SlugSchema = z
  .string()
  .regex(SLUG, SLUG_MESSAGE)
  .refine((slug) => !RESERVED_SLUGS.includes(slug), 'This link name is kept for Corridor’s own pages; choose another');

export const SurveySummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  kind: SurveyKindSchema,
  status: SurveyStatusSchema,
  unitId: z.uuid(),
  unitName: z.string(),
  /** Number of the live version, null before the first publish. */
  version: z.number().int().nullable(),
  /** True when the draft differs from the live version. */
  hasUnpublishedChanges: z.boolean(),
  /** Where respondents answer it; null until published. */
  publicUrl: z.string().nullable(),
  responseCount: z.number().int(),
  /** The key of the touch point the survey as a whole listens at (the catalogue's), or null. */
  touchPointKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SurveySummary = z.infer<typeof SurveySummarySchema>;

export const SurveyVersionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  publishedAt: z.string(),
  responseCount: z.number().int(),
});

export const SurveyDetailSchema = SurveySummarySchema.extend({
  definition: SurveyDefinitionSchema,
  versions: z.array(SurveyVersionSchema),
});
export type SurveyDetail = z.infer<typeof SurveyDetailSchema>;

export const SurveyListSchema = z.object({ surveys: z.array(SurveySummarySchema) });

export const SurveyCreateSchema = z.object({
  title: z.string().trim().min(1, 'Give the survey a title').max(200),
  slug: SlugSchema.optional(),
  kind: SurveyKindSchema.default('relationship'),
  unitId: z.uuid('Choose the unit that owns the survey').optional(),
  definition: SurveyDefinitionSchema.optional(),
});
export type SurveyCreateInput = z.input<typeof SurveyCreateSchema>;

export const SurveyUpdateSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the survey a title').max(200).optional(),
    slug: SlugSchema.optional(),
    definition: SurveyDefinitionSchema.optional(),
    /** The survey's own touch point, a key of the catalogue; null unlinks it. */
    touchPointKey: TouchPointKeySchema.nullable().optional(),
  })
  .refine((v) => v.title !== undefined || v.slug !== undefined || v.definition !== undefined || v.touchPointKey !== undefined, {
    message: 'Send at least one of title, slug, definition or touchPointKey',
  });
export type SurveyUpdateInput = z.input<typeof SurveyUpdateSchema>;

export const PeriodSchema = z.enum(['30d', '90d', '12m', 'all']);
export type Period = z.infer<typeof PeriodSchema>;
