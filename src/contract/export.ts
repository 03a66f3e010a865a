import { z } from 'zod';
import { DAY } from '../core/patterns.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { message: 'Use format=csv or format=xlsx' });
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

const Day = z.string().regex(DAY, 'Use a day as YYYY-MM-DD (UTC), e.g. 2026-01-31');

/** GET /api/v1/surveys/:id/responses/export: which responses, as which file. Days are UTC and inclusive. */
export const ResponseExportQuerySchema = z
  .object({
    format: ExportFormatSchema.default('csv'),
    /** Responses submitted on or after this day. */
    from: Day.optional(),
    /** Responses submitted on or before this day. */
    to: Day.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type ResponseExportQuery = z.infer<typeof ResponseExportQuerySchema>;

/** The content types of the export files. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
