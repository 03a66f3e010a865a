import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import { z } from 'zod';
import { FeedbackKindSchema, MAX_FEEDBACK_BODY, type FeedbackImportResult } from '../../../contract/feedback.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { loadUnitIndex } from '../customers/service.ts';
import { maskForCompany } from '../text-settings/service.ts';
import { checkReferences, type FeedbackScope } from './references.ts';
import { checkDay, instantOfDay, saveItem, type ItemFields } from './write.ts';

/**
 * CSV files of feedback items: kind, title, body, author, date (YYYY-MM-DD), unit (name or path, as
 * the customer import finds units), account (CRM id), contact (email), touch_point (name), external_id.
 * All rows or none: every bad row is reported with its line and column, and one bad row writes
 * nothing. A row with an external id that is stored already updates that item (or leaves it when
 * nothing changed), so importing the same file again changes nothing.
 */

export const FEEDBACK_COLUMNS = ['kind', 'title', 'body', 'author', 'date', 'unit', 'account', 'contact', 'touch_point', 'external_id'] as const;
const REQUIRED = ['kind', 'body', 'author', 'date', 'unit'] as const;

export interface FeedbackImportScope extends FeedbackScope {
  audit: AuditActor;
  createdBy: string | null;
}

export interface FeedbackImportOutcome extends FeedbackImportResult {
  badRows: number;
  rolledBack: boolean;
}

type RowError = FeedbackImportResult['errors'][number];

const RowSchema = z.object({
  kind: FeedbackKindSchema,
  title: z.string().max(200, 'At most 200 characters').optional(),
  body: z.string().min(1, 'Write what was said').max(MAX_FEEDBACK_BODY, `At most ${MAX_FEEDBACK_BODY.toLocaleString('en')} characters`),
  author: z.string().min(1, 'Say who wrote it down').max(200),
  date: z.iso.date('Write the day as YYYY-MM-DD'),
  unit: z.string().min(1, 'Name the unit (its name, or its path such as "Banking / Europe")'),
  account: z.string().optional(),
  contact: z.string().optional(),
  touch_point: z.string().optional(),
  external_id: z.string().max(200).optional(),
});
type Row = z.infer<typeof RowSchema>;

function checkHeader(header: string[]): void {
  const seen = new Set<string>();
  for (const column of header) {
    if (!(FEEDBACK_COLUMNS as readonly string[]).includes(column)) {
      throw new AppError('bad_header', 400, `The file has a column "${column}" that is not one of: ${FEEDBACK_COLUMNS.join(', ')}`);
    }
    if (seen.has(column)) throw new AppError('bad_header', 400, `The column "${column}" appears twice`);
    seen.add(column);
  }
  const missing = REQUIRED.filter((c) => !seen.has(c));
  if (missing.length > 0) throw new AppError('missing_columns', 400, `The file has no ${missing.join(', ')} column; its first line must name the columns (${FEEDBACK_COLUMNS.join(', ')})`);
}

async function* csvRecords(input: Readable): AsyncGenerator<{ line: number; data: Record<string, string> }> {
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, trim: true, info: true }));
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record.map((c) => c.trim().toLowerCase().replace(/\s+/g, '_'));
      checkHeader(header);
      continue;
    }
    const data: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = record[i] ?? '';
      if (value !== '') data[column] = value;
    });
    yield { line: info.lines, data };
  }
  if (!header) throw new AppError('empty_file', 400, 'The file is empty: its first line must name the columns');
}

/** Looks up accounts, contacts and touch points by what a file names them, remembering each answer. */
function lookups(db: Db, companyId: string) {
  const memo = new Map<string, string | null>();
  const once = async (key: string, find: () => Promise<{ id: string } | undefined>) => {
    if (!memo.has(key)) memo.set(key, (await find())?.id ?? null);
    return memo.get(key) ?? null;
  };
  return {
    account: (crmId: string) => once(`a:${crmId}`, () => db.selectFrom('accounts').select('id').where('company_id', '=', companyId).where('crm_id', '=', crmId).executeTakeFirst()),
    contact: (email: string) => once(`c:${email.toLowerCase()}`, () => db.selectFrom('contacts').select('id').where('company_id', '=', companyId).where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()),
    touchPoint: (name: string) =>
      once(`t:${name.toLowerCase()}`, () =>
        db.selectFrom('touch_points').select('id').where('company_id', '=', companyId).where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', name.toLowerCase()), eb('key', '=', name)])).executeTakeFirst(),
      ),
  };
}

class RejectedRows extends Error {}

/** Imports a CSV stream of feedback items into the scope's company; see the file's comment for the rules. */
export async function importFeedbackCsv(svc: Services, scope: FeedbackImportScope, input: Readable, opts: { onProgress?: (seen: number, written: number) => void; maxRows?: number } = {}): Promise<FeedbackImportOutcome> {
  const out: FeedbackImportOutcome = { created: 0, updated: 0, unchanged: 0, errors: [], badRows: 0, rolledBack: false };
  const units = await loadUnitIndex(svc, scope.companyId);
  const now = svc.now();
  try {
    await svc.db.transaction().execute(async (tx) => {
      const find = lookups(tx, scope.companyId);
      const externalIds = new Map<string, number>();
      let seen = 0;
      for await (const { line, data } of csvRecords(input)) {
        seen++;
        if (opts.maxRows !== undefined && seen > opts.maxRows) throw new AppError('too_many_rows', 400, `At most ${opts.maxRows.toLocaleString('en')} rows at a time; split the file`);
        const errors = await checkRow(tx, scope, units, find, line, data, externalIds, now);
        if ('errors' in errors) {
          out.badRows++;
          out.errors.push(...errors.errors);
        } else if (out.badRows === 0) {
          const outcome = await writeRow(tx, scope, errors.fields, now);
          out[outcome]++;
        }
        if (seen % 200 === 0) opts.onProgress?.(seen, out.created + out.updated);
      }
      opts.onProgress?.(seen, out.created + out.updated);
      if (out.badRows > 0) throw new RejectedRows();
      await recordAudit(tx, scope.audit, {
        action: 'feedback.import',
        entityType: 'feedback_item',
        unitId: scope.companyId,
        details: { created: out.created, updated: out.updated, unchanged: out.unchanged },
      });
    });
  } catch (err) {
    if (err instanceof RejectedRows) return { ...out, created: 0, updated: 0, unchanged: 0, rolledBack: true };
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_')) throw new AppError('bad_csv', 400, `The file is not valid CSV: ${err.message}`);
    throw err;
  }
  return out;
}

async function checkRow(
  tx: Db,
  scope: FeedbackImportScope,
  units: Awaited<ReturnType<typeof loadUnitIndex>>,
  find: ReturnType<typeof lookups>,
  line: number,
  data: Record<string, string>,
  externalIds: Map<string, number>,
  now: Date,
): Promise<{ errors: RowError[] } | { fields: ItemFields }> {
  const parsed = RowSchema.safeParse(data);
  if (!parsed.success) {
    return { errors: parsed.error.issues.map((i) => ({ row: line, field: String(i.path[0] ?? ''), code: data[String(i.path[0] ?? '')] === undefined ? 'required' : 'invalid', message: i.message })) };
  }
  const row: Row = parsed.data;
  const errors: RowError[] = [];
  const bad = (field: string, code: string, message: string) => errors.push({ row: line, field, code, message });
  try {
    checkDay(row.date, now);
  } catch {
    bad('date', 'invalid', 'The day lies in the future');
  }
  const unit = units.find(row.unit);
  if ('error' in unit) bad('unit', unit.error, unit.message);
  const accountId = row.account ? await find.account(row.account) : null;
  if (row.account && !accountId) bad('account', 'unknown_account', `No account has the CRM id "${row.account}"`);
  const contactId = row.contact ? await find.contact(row.contact) : null;
  if (row.contact && !contactId) bad('contact', 'unknown_contact', `No contact has the email "${row.contact}"`);
  const touchPointId = row.touch_point ? await find.touchPoint(row.touch_point) : null;
  if (row.touch_point && !touchPointId) bad('touch_point', 'unknown_touch_point', `No touch point is called "${row.touch_point}"`);
  if (row.external_id) {
    const earlier = externalIds.get(row.external_id);
    if (earlier !== undefined) bad('external_id', 'duplicate_key', `The external id "${row.external_id}" appears on line ${earlier} too`);
    else externalIds.set(row.external_id, line);
  }
  if (errors.length > 0 || 'error' in unit) return { errors };
  const checked = await checkReferences(tx, scope, { unitId: unit.id, accountId, contactId, touchPointId });
  const column: Record<string, string> = { unitId: 'unit', accountId: 'account', contactId: 'contact', touchPointId: 'touch_point' };
  for (const issue of checked.issues) bad(column[issue.path] ?? issue.path, 'out_of_scope', issue.message);
  if (errors.length > 0) return { errors };
  return {
    fields: { kind: row.kind, title: row.title ?? null, body: row.body, author: row.author, occurredOn: row.date, ...checked.refs, externalId: row.external_id ?? null },
  };
}

async function writeRow(tx: Db, scope: FeedbackImportScope, fields: ItemFields, now: Date): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = fields.externalId
    ? await tx.selectFrom('feedback_items').selectAll().where('company_id', '=', scope.companyId).where('external_id', '=', fields.externalId).executeTakeFirst()
    : undefined;
  if (existing) {
    // Compared as they would be stored, so a file re-imported with masking on still reads as unchanged.
    const title = fields.title === null ? null : await maskForCompany(tx, scope.companyId, fields.title);
    const body = await maskForCompany(tx, scope.companyId, fields.body);
    const same =
      existing.kind === fields.kind && existing.title === title && existing.body === body && existing.author === fields.author &&
      new Date(existing.occurred_at).getTime() === instantOfDay(fields.occurredOn).getTime() && existing.unit_id === fields.unitId &&
      existing.account_id === fields.accountId && existing.contact_id === fields.contactId && existing.touch_point_id === fields.touchPointId;
    if (same) return 'unchanged';
  }
  await saveItem(tx, scope.companyId, fields, existing?.id ?? null, scope.createdBy, now);
  return existing ? 'updated' : 'created';
}
