import { z } from 'zod';
import { METRIC_KINDS } from '../core/metrics.ts';

/**
 * The analytics explorer: any metric of a scale question × segment × time, over one survey or many.
 * Segments are dimensions: the built-ins below, and each attribute captured with the responses as
 * `attr:<key>` (attr:market, attr:region ...).
 */

export const BUILTIN_DIMENSIONS = ['language', 'channel', 'audience', 'version', 'touch_point', 'account_owner'] as const;
export type BuiltinDimension = (typeof BUILTIN_DIMENSIONS)[number];

/** A built-in dimension, or `attr:<key>` (a bare attribute key is read as attr:<key>). */
export const DimensionSchema = z.string().min(1).max(70);

/** The dimension a name means: a built-in, or an attribute (`market` is `attr:market`). */
export function normalizeDimension(name: string): string {
  return (BUILTIN_DIMENSIONS as readonly string[]).includes(name) || name.startsWith('attr:') ? name : `attr:${name}`;
}

export const INTERVALS = ['day', 'week', 'month', 'quarter'] as const;
export const IntervalSchema = z.enum(INTERVALS);
export type Interval = z.infer<typeof IntervalSchema>;

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the day as YYYY-MM-DD');

export const AnalyticsFilterSchema = z.object({
  dimension: DimensionSchema,
  values: z.array(z.string().max(200)).min(1, 'Pick at least one value').max(200),
});

export const AnalyticsQuerySchema = z.object({
  /** One survey, or many: the metric across all of them. */
  surveys: z.array(z.uuid('Use the survey ids the API gave you')).min(1, 'Pick at least one survey').max(100),
  /** The answer key of a scale question; each survey's NPS question when left out. */
  question: z.string().min(1).max(200).optional(),
  metric: z.enum(METRIC_KINDS).default('nps'),
  groupBy: DimensionSchema.optional(),
  /** A second dimension: a cross-tab with groupBy. */
  crossBy: DimensionSchema.optional(),
  interval: IntervalSchema.optional(),
  /** First and last UTC day, inclusive. */
  from: DaySchema.optional(),
  to: DaySchema.optional(),
  filters: z.array(AnalyticsFilterSchema).max(20).default([]),
  /** 'raw' reads the responses even where the rollups could answer (for checks and comparisons). */
  source: z.enum(['auto', 'raw']).default('auto'),
});
export type AnalyticsQuery = z.input<typeof AnalyticsQuerySchema>;
export type AnalyticsQueryParsed = z.output<typeof AnalyticsQuerySchema>;

export const ComparisonSchema = z.object({
  test: z.enum(['nps-z', 'two-proportion-z', 'welch-t']),
  difference: z.number().nullable(),
  standardError: z.number().nullable(),
  statistic: z.number().nullable(),
  df: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
  smallSample: z.boolean(),
});

export const AnalyticsCellSchema = z.object({
  /** First day of the interval (YYYY-MM-DD); null without an interval. */
  period: z.string().nullable(),
  /** The groupBy value; null without groupBy. */
  group: z.string().nullable(),
  /** The crossBy value; null without crossBy. */
  cross: z.string().nullable(),
  value: z.number().nullable(),
  n: z.number().int(),
  standardError: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  smallSample: z.boolean(),
  /** With groupBy: this group against the rest of the same period (and cross value). */
  comparison: ComparisonSchema.nullable(),
});
export type AnalyticsCell = z.infer<typeof AnalyticsCellSchema>;

export const DimensionValueSchema = z.object({ value: z.string(), label: z.string() });

export const AnalyticsResultSchema = z.object({
  /** Where the numbers came from: the segment rollups, or the raw responses (and why). */
  source: z.enum(['rollup', 'raw']),
  rawReason: z.string().nullable(),
  metric: z.enum(METRIC_KINDS),
  question: z.object({ key: z.string(), text: z.string(), scale: z.object({ min: z.number(), max: z.number() }) }),
  surveys: z.array(z.object({ id: z.uuid(), title: z.string() })),
  /** Surveys asked for that do not ask the question (or have no live version). */
  skippedSurveys: z.array(z.uuid()),
  groupBy: z.string().nullable(),
  crossBy: z.string().nullable(),
  interval: IntervalSchema.nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The values found, in order, with labels (a touch point's name, an owner's name). */
  groups: z.array(DimensionValueSchema),
  crosses: z.array(DimensionValueSchema),
  periods: z.array(z.string()),
  cells: z.array(AnalyticsCellSchema),
  /** Everything the query covers, in one number. */
  overall: z.object({ value: z.number().nullable(), n: z.number().int(), standardError: z.number().nullable(), interval: z.tuple([z.number(), z.number()]).nullable(), smallSample: z.boolean() }),
});
export type AnalyticsResult = z.infer<typeof AnalyticsResultSchema>;

export const DimensionsQuerySchema = z.object({
  /** A survey id, or several separated by commas. */
  survey: z.string().min(1, 'Name the survey (?survey=<id>)').max(4000),
});

export const DimensionInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['builtin', 'attribute']),
  /** False when the dimension took more than 200 values in a survey: queries on it read raw responses. */
  rolledUp: z.boolean(),
  /** The values seen in the viewer's units (empty when not rolled up). */
  values: z.array(DimensionValueSchema),
});
export const DimensionListSchema = z.object({
  dimensions: z.array(DimensionInfoSchema),
  /** The scale questions the explorer can show, by answer key. */
  questions: z.array(z.object({ key: z.string(), text: z.string(), type: z.string(), scale: z.object({ min: z.number(), max: z.number() }) })),
});
export type DimensionList = z.infer<typeof DimensionListSchema>;
