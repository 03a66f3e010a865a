import { z } from 'zod';

/** Field schemas shared by accounts and contacts: attributes, units, upsert modes and results. */

export const MAX_UPSERT_ROWS = 10_000;

export const AttributesSchema = z
  .record(z.string().min(1).max(100), z.string().max(2_000))
  .refine((a) => Object.keys(a).length <= 100, 'At most 100 attributes');

export const UpsertModeSchema = z.enum(['all-or-nothing', 'skip-bad-rows']);
export type UpsertMode = z.infer<typeof UpsertModeSchema>;

/** One bad row: its number (position in `rows`, from 1; the line for CSV files), the field and why. */
export const RowErrorSchema = z.object({
  row: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type RowError = z.infer<typeof RowErrorSchema>;

export const UpsertResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(RowErrorSchema),
});
export type UpsertResult = z.infer<typeof UpsertResultSchema>;

export const UpsertQuerySchema = z.object({ mode: UpsertModeSchema.default('all-or-nothing') });

export const CrmIdSchema = z.string().trim().min(1, 'Give the CRM id').max(100);

/** A non-negative amount, or null to clear it. */
export const RevenueSchema = z.number({ error: 'Write a plain number such as 125000.50' }).nonnegative('Revenue cannot be negative').nullable();

/** True for an IANA time zone name this runtime knows (Europe/Zurich, UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return /^[A-Za-z_+\-/0-9]+$/.test(zone);
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().trim().refine(isTimeZone, 'Use an IANA time zone such as Europe/Zurich or America/New_York');

/** BCP-47-ish: a language and optional subtags (en, de-CH, zh-Hant-TW). */
export const LocaleSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language tag such as en or de-CH');
