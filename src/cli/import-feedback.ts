import { createReadStream, existsSync } from 'node:fs';
import type { Services } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { importFeedbackCsv, type FeedbackImportOutcome } from '../server/modules/feedback/import.ts';
import { companyIdOf } from '../server/modules/units/service.ts';
import { findUnitForCli } from './units.ts';

/**
 * corridor import feedback <file.csv>: interview and focus-group notes, forum posts, observations and
 * complaint letters, one a row (columns in server/modules/feedback/import.ts). All rows or none; rows
 * with an external_id already stored update their item. Works for the whole company of --unit (or the
 * only company).
 */
export async function importFeedbackFile(svc: Services, file: string, opts: { unit?: string | undefined; onProgress?: (seen: number, written: number) => void }): Promise<FeedbackImportOutcome> {
  if (!existsSync(file)) throw new AppError('file_not_found', 404, `No file at ${file}`);
  const unit = await findUnitForCli(svc.db, opts.unit);
  const companyId = companyIdOf(unit.path);
  const scope = { companyId, unitPath: `/${companyId}/`, audit: { type: 'system' as const, id: null, label: 'corridor import' }, createdBy: null };
  return importFeedbackCsv(svc, scope, createReadStream(file), opts.onProgress ? { onProgress: opts.onProgress } : {});
}
