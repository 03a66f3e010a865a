import { z } from 'zod';
import { isDay } from '../core/survey-definition.ts';

const Day = z.string().refine(isDay, 'Use a date as YYYY-MM-DD');

/** Filters on the responses analysed; each narrows the reader's own scope, never widens it. */
const ResponseFilters = {
  from: Day.optional(),
  /** Inclusive. */
  to: Day.optional(),
  channel: z.string().max(40).optional(),
  language: z.string().max(20).optional(),
  audience: z.string().max(60).optional(),
};

export const DriverSetSchema = z.enum(['items', 'touch-points']);
export type DriverSet = z.infer<typeof DriverSetSchema>;

export const DriversQuerySchema = z.object({
  /** An answer key of the survey (a scale question, a matrix row "q.row", a gap part), or "index" for the summary index; the NPS question when absent. */
  outcome: z.string().trim().min(1).max(200).optional(),
  drivers: DriverSetSchema.default('items'),
  /** auto: exact Shapley values (LMG) up to 15 drivers, relative weights past that. */
  method: z.enum(['auto', 'lmg', 'relative-weights']).default('auto'),
  ...ResponseFilters,
});
export type DriversQuery = z.infer<typeof DriversQuerySchema>;

export const ImportanceQuadrantSchema = z.enum(['fix-first', 'keep-up', 'over-delivering', 'low-priority']);
export type ImportanceQuadrant = z.infer<typeof ImportanceQuadrantSchema>;

export const DriverResultSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Share of R² in R² units (the LMG value, or the raw relative weight). */
  weight: z.number(),
  /** weight / R², in percent. */
  share: z.number(),
  /** Sign of the driver's correlation with the outcome. */
  sign: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
  correlation: z.number(),
  /** Mean over the responses used, on the driver's own scale, and rescaled 0–100. */
  performance: z.object({ mean: z.number(), score: z.number().nullable() }),
  quadrant: ImportanceQuadrantSchema,
  /** LMG only: mean gain in R² when entering models of 0, 1, … other drivers. */
  conditional: z.array(z.number()).optional(),
});
export type DriverResult = z.infer<typeof DriverResultSchema>;

export const DroppedDriverSchema = z.object({
  key: z.string(),
  label: z.string(),
  reason: z.enum(['too-few-answers', 'constant', 'collinear']),
  message: z.string(),
});

export const DriverChoiceSchema = z.object({ key: z.string(), label: z.string() });

export const DriverAnalysisSchema = z.object({
  surveyId: z.uuid(),
  outcome: z.object({ key: z.string(), label: z.string() }),
  driverSet: DriverSetSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** ok, or why there are no weights: too-few-rows, outcome-constant, no-drivers. */
  status: z.enum(['ok', 'too-few-rows', 'outcome-constant', 'no-drivers']),
  message: z.string().nullable(),
  method: z.enum(['lmg', 'relative-weights']).nullable(),
  rSquared: z.number().nullable(),
  /** Responses used (every driver and the outcome scored), and those left out. */
  n: z.number().int(),
  nExcluded: z.number().int(),
  nNotApplicable: z.number().int(),
  /** Most important first. */
  drivers: z.array(DriverResultSchema),
  dropped: z.array(DroppedDriverSchema),
  /** The lines of the importance–performance map: mean share of R² (%) and mean performance (0–100). */
  map: z.object({ importanceMean: z.number(), performanceMean: z.number() }),
  /** What the pickers offer: outcomes of this survey ("index" included when it has one). */
  outcomes: z.array(DriverChoiceSchema),
});
export type DriverAnalysisResult = z.infer<typeof DriverAnalysisSchema>;

export const CorridorParamsSchema = z.object({ audienceRole: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'Use the corridor\'s audience role (e.g. purchasing_agent)') });

export const CorridorViewQuerySchema = z.object({ from: Day.optional(), to: Day.optional() });
export type CorridorViewQuery = z.infer<typeof CorridorViewQuerySchema>;

export const CorridorStepViewSchema = z.object({
  key: z.string(),
  name: z.string(),
  stage: z.string(),
  /** Mean of the answers to the items tagged with it, each rescaled 0–100; null without answers. */
  score: z.number().nullable(),
  /** Answers to its items in the window. */
  n: z.number().int(),
  smallSample: z.boolean(),
  /** By month, the last 12 months to `to`, oldest first. */
  trend: z.array(z.object({ month: z.string(), score: z.number().nullable(), n: z.number().int() })),
  /** Its share of R² (%) in the relationship NPS's touch-point drivers; null where there are too few responses. */
  importance: z.number().nullable(),
  /** Means of the gap questions tagged with it, on their scale; gap = experience − expectation. */
  gap: z.object({ expectation: z.number(), experience: z.number(), gap: z.number(), n: z.number().int(), scale: z.object({ min: z.number(), max: z.number() }) }).nullable(),
  /** Among the widest negative gaps of the corridor. */
  snarl: z.boolean(),
});
export type CorridorStepView = z.infer<typeof CorridorStepViewSchema>;

export const CorridorViewSchema = z.object({
  corridor: z.object({ audienceRole: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  steps: z.array(CorridorStepViewSchema),
  /** Where the importances come from: the relationship survey analysed, or why there are none. */
  importance: z.object({ surveyId: z.string().nullable(), surveyTitle: z.string().nullable(), n: z.number().int(), rSquared: z.number().nullable(), message: z.string().nullable() }),
});
export type CorridorView = z.infer<typeof CorridorViewSchema>;
