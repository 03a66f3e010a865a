import { createReadStream, existsSync } from 'node:fs';
import type { Services } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { importCustomersCsv } from '../server/modules/customers/csv.ts';
import { companyIdOf } from '../server/modules/units/service.ts';
import type { UpsertOutcome } from '../server/modules/customers/upsert.ts';
import { findUnitForCli } from './units.ts';

/**
 * corridor import accounts|contacts <file.csv>: columns named after the fields in snake_case (crm_id,
 * name, owner_email, ... / email, account_crm_id, time_zone, ...); any other column, or attr.<key>,
 * is an attribute. All rows or none unless skipBadRows. The command line works for the whole company
 * of --unit (or the only company); rows that name no unit go to --unit.
 */
export interface CustomerImportOptions {
  skipBadRows: boolean;
  unit?: string | undefined;
  onProgress?: (seen: number, written: number) => void;
}

export async function importCustomersFile(svc: Services, kind: 'accounts' | 'contacts', file: string, opts: CustomerImportOptions): Promise<UpsertOutcome> {
  if (!existsSync(file)) throw new AppError('file_not_found', 404, `No file at ${file}`);
  const unit = await findUnitForCli(svc.db, opts.unit);
  const path = (await svc.db.selectFrom('units').select('path').where('id', '=', unit.id).executeTakeFirstOrThrow()).path;
  const companyId = companyIdOf(path);
  const scope = { companyId, unitPath: `/${companyId}/`, defaultUnitId: unit.id, audit: { type: 'system' as const, id: null, label: 'corridor import' } };
  return importCustomersCsv(svc, scope, kind, createReadStream(file), { mode: opts.skipBadRows ? 'skip-bad-rows' : 'all-or-nothing', ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
}
