import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { RowError, UpsertMode } from '../../../contract/customer-fields.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { accountUpserter } from './account-upsert.ts';
import { contactUpserter } from './contact-upsert.ts';
import type { CustomerScope } from './scope.ts';
import { upsertRows, type RawRow, type UpsertOutcome } from './upsert.ts';

/**
 * CSV files of accounts and contacts: one column per field in snake_case; any other column (or
 * "attr.<key>") is an attribute. An empty cell leaves the field as it is. Read as a stream and
 * checked while it streams, so a file of any size takes constant memory.
 */

type Kind = 'accounts' | 'contacts';
type Parse = (text: string) => unknown;

const text: Parse = (v) => v;
const number: Parse = (v) => {
  const t = v.replace(/[\s_]/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : v;
};
const bool: Parse = (v) => {
  const t = v.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x'].includes(t)) return true;
  if (['false', 'no', 'n', '0'].includes(t)) return false;
  return v;
};

const FIELDS: Record<Kind, Record<string, [string, Parse]>> = {
  accounts: {
    crm_id: ['crmId', text],
    name: ['name', text],
    code: ['code', text],
    unit: ['unit', text],
    unit_id: ['unitId', text],
    owner_email: ['ownerEmail', text],
    billed_revenue: ['billedRevenue', number],
    booked_revenue: ['bookedRevenue', number],
    potential_revenue: ['potentialRevenue', number],
    revenue_period: ['revenuePeriod', text],
    key_account: ['keyAccount', bool],
    status: ['status', text],
  },
  contacts: {
    email: ['email', text],
    crm_id: ['crmId', text],
    account_crm_id: ['accountCrmId', text],
    name: ['name', text],
    locale: ['locale', text],
    time_zone: ['timeZone', text],
    audience_role: ['audienceRole', text],
    consent: ['consent', text],
    opted_out: ['optedOut', bool],
    unit: ['unit', text],
    unit_id: ['unitId', text],
  },
};

/** Which columns a file must have: at least one of each group. */
const REQUIRED: Record<Kind, string[][]> = {
  accounts: [['crm_id']],
  contacts: [['email', 'crm_id']],
};

function checkHeader(kind: Kind, header: string[]): void {
  const missing = REQUIRED[kind].filter((group) => !group.some((c) => header.includes(c)));
  if (missing.length > 0) {
    const need = missing.map((g) => g.join(' or ')).join(', ');
    throw new AppError('missing_columns', 400, `The file has no ${need} column; its first line must name the columns (${Object.keys(FIELDS[kind]).join(', ')}, or attr.<key> for attributes)`);
  }
  const seen = new Set<string>();
  for (const column of header) {
    if (column === '') throw new AppError('bad_header', 400, 'A column of the first line has no name');
    if (seen.has(column)) throw new AppError('bad_header', 400, `The column "${column}" appears twice`);
    seen.add(column);
  }
}

/** The rows of a CSV stream as upsert rows, each with its line number; the header is checked before any row. */
export async function* csvRows(kind: Kind, input: Readable): AsyncGenerator<RawRow> {
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false }));
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record.map((c) => c.trim());
      checkHeader(kind, header);
      continue;
    }
    const data: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = record[i] ?? '';
      if (value === '') return;
      const field = FIELDS[kind][column];
      if (field) data[field[0]] = field[1](value);
      else attributes[column.startsWith('attr.') ? column.slice(5) : column] = value;
    });
    if (Object.keys(attributes).length > 0) data['attributes'] = attributes;
    yield { row: info.lines, data };
  }
  if (!header) throw new AppError('empty_file', 400, 'The file is empty: its first line must name the columns');
}

/** Field names of the API as the file's columns, so a report names what the file says. */
export function columnOf(kind: Kind, field: string): string {
  if (field.startsWith('attributes.')) return field.slice('attributes.'.length);
  return Object.entries(FIELDS[kind]).find(([, [f]]) => f === field)?.[0] ?? field;
}

export interface CsvImportOptions {
  mode: UpsertMode;
  maxRows?: number;
  onProgress?: (seen: number, written: number) => void;
}

/** Imports a CSV stream of accounts or contacts; bad rows are reported by line and column. */
export async function importCustomersCsv(svc: Services, scope: CustomerScope, kind: Kind, input: Readable, opts: CsvImportOptions): Promise<UpsertOutcome> {
  const upserter = kind === 'accounts' ? await accountUpserter(svc.db, scope) : await contactUpserter(svc.db, scope);
  let outcome: UpsertOutcome;
  try {
    outcome = await upsertRows<unknown>(svc, scope, upserter as Parameters<typeof upsertRows<unknown>>[2], csvRows(kind, input), { mode: opts.mode, source: 'csv', ...(opts.maxRows ? { maxRows: opts.maxRows } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  } catch (err) {
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new AppError('bad_csv', 400, `The file is not valid CSV: ${err.message}`);
    }
    throw err;
  }
  return { ...outcome, errors: outcome.errors.map((e: RowError) => ({ ...e, field: columnOf(kind, e.field) })) };
}
