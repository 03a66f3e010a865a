import { z } from 'zod';
import { NpsStatsSchema } from './dashboard.ts';

/** The employee side: eNPS by unit beside customer NPS by unit, and their correlation across units. */

const DaySchema = z.iso.date('Use a date as YYYY-MM-DD');

export const EmployeeCustomerQuerySchema = z.object({
  /** Which units to compare: every visible unit of this kind. */
  level: z.enum(['market', 'region', 'team']).default('region'),
  from: DaySchema.optional(),
  to: DaySchema.optional(),
});
export type EmployeeCustomerQuery = z.infer<typeof EmployeeCustomerQuerySchema>;

export const CorrelationSchema = z.object({
  r: z.number().nullable(),
  n: z.number().int(),
  pValue: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  strength: z.enum(['none', 'weak', 'moderate', 'strong']),
  direction: z.enum(['positive', 'negative']).nullable(),
  significant: z.boolean(),
});
export type CorrelationView = z.infer<typeof CorrelationSchema>;

export const EmployeeCustomerSchema = z.object({
  level: z.enum(['market', 'region', 'team']),
  from: z.string(),
  to: z.string(),
  employeeSurveys: z.array(z.object({ id: z.uuid(), title: z.string() })),
  customerSurveys: z.array(z.object({ id: z.uuid(), title: z.string() })),
  units: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      parentName: z.string().nullable(),
      enps: NpsStatsSchema,
      /** The employee surveys' other scale items on 0–100, weighted equally; null without answers. */
      engagement: z.number().nullable(),
      customerNps: NpsStatsSchema,
    }),
  ),
  /** Across the units with both scores. */
  pearson: CorrelationSchema,
  spearman: CorrelationSchema,
});
export type EmployeeCustomer = z.infer<typeof EmployeeCustomerSchema>;
