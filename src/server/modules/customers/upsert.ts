import type { z } from 'zod';
import type { RowError, UpsertMode, UpsertResult } from '../../../contract/customer-fields.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { CustomerScope } from './scope.ts';

/** One row handed to an upsert: its number (position from 1, or the file's line) and its fields. */
export interface RawRow {
  row: number;
  data: unknown;
}

/** What a batch of checked rows comes to: the bad rows, and the writes of the good ones. */
export interface BatchPlan {
  errors: RowError[];
  badRows: number;
  apply(tx: Db): Promise<{ created: number; updated: number; unchanged: number }>;
}

/** How one kind of record (accounts, contacts) checks and writes a batch of rows. */
export interface Upserter<T> {
  entity: 'account' | 'contact';
  schema: z.ZodType<T>;
  /** The key that must not repeat within one call (a CRM id, an email). */
  keysOf(row: T): string[];
  plan(tx: Db, rows: { row: number; data: T }[], now: Date): Promise<BatchPlan>;
}

export interface UpsertOutcome extends UpsertResult {
  /** Bad rows in all; `errors` lists every problem of each, up to MAX_REPORTED. */
  badRows: number;
  /** True when nothing was written because of bad rows (all-or-nothing). */
  rolledBack: boolean;
}

const BATCH = 500;
const MAX_REPORTED = 50_000;

class RejectedRows extends Error {}

/** A zod problem as a row error: the field, and unknown fields one by one. */
export function rowErrorsOf(row: number, data: unknown, error: z.ZodError): RowError[] {
  const valueAt = (path: readonly PropertyKey[]): unknown =>
    path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), data);
  return error.issues.flatMap((issue): RowError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ row, field: [...issue.path, key].join('.'), code: 'unknown_field', message: `There is no field "${key}"` }));
    }
    const field = issue.path.join('.');
    return [{ row, field, code: issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(issue.path) === undefined ? 'required' : 'invalid', message: issue.message }];
  });
}

/**
 * Creates and updates records from rows, in one transaction and in batches of 500, so a stream of any
 * length takes constant memory. Every row is checked and every bad row reported. All-or-nothing (the
 * default): one bad row and nothing is written. skip-bad-rows: the good rows are written. One audit
 * entry per call, with the counts.
 */
export async function upsertRows<T>(
  svc: Services,
  scope: CustomerScope,
  upserter: Upserter<T>,
  rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  opts: { mode: UpsertMode; source: 'api' | 'csv'; maxRows?: number; onProgress?: (seen: number, written: number) => void },
): Promise<UpsertOutcome> {
  const out: UpsertOutcome = { created: 0, updated: 0, unchanged: 0, skipped: 0, errors: [], badRows: 0, rolledBack: false };
  const skip = opts.mode === 'skip-bad-rows';
  const report = (errors: RowError[]) => {
    for (const e of errors) if (out.errors.length < MAX_REPORTED) out.errors.push(e);
  };
  const now = svc.now();
  try {
    await svc.db.transaction().execute(async (tx) => {
      const seenKeys = new Set<string>();
      let batch: { row: number; data: T }[] = [];
      let seen = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const plan = await upserter.plan(tx, batch, now);
        batch = [];
        out.badRows += plan.badRows;
        report(plan.errors);
        if (skip || out.badRows === 0) {
          const done = await plan.apply(tx);
          out.created += done.created;
          out.updated += done.updated;
          out.unchanged += done.unchanged;
        }
      };
      for await (const raw of rows) {
        seen++;
        if (opts.maxRows !== undefined && seen > opts.maxRows) {
          throw new AppError('too_many_rows', 400, `At most ${opts.maxRows.toLocaleString('en')} rows at a time; split the file`);
        }
        const parsed = upserter.schema.safeParse(raw.data);
        if (!parsed.success) {
          out.badRows++;
          report(rowErrorsOf(raw.row, raw.data, parsed.error));
        } else {
          const repeated = upserter.keysOf(parsed.data).find((k) => seenKeys.has(k));
          if (repeated) {
            out.badRows++;
            report([{ row: raw.row, field: repeated.split(':')[0] ?? '', code: 'duplicate_key', message: `${repeated.split(':').slice(1).join(':')} appears in an earlier row` }]);
          } else {
            for (const k of upserter.keysOf(parsed.data)) seenKeys.add(k);
            batch.push({ row: raw.row, data: parsed.data });
          }
        }
        if (batch.length >= BATCH) await flush();
        if (seen % 1_000 === 0) opts.onProgress?.(seen, out.created + out.updated);
      }
      await flush();
      opts.onProgress?.(seen, out.created + out.updated);
      if (out.badRows > 0 && !skip) throw new RejectedRows();
      out.skipped = out.badRows;
      await recordAudit(tx, scope.audit, {
        action: `${upserter.entity}s.upsert`,
        entityType: upserter.entity,
        unitId: scope.defaultUnitId,
        details: { source: opts.source, mode: opts.mode, created: out.created, updated: out.updated, unchanged: out.unchanged, skipped: out.skipped },
      });
    });
  } catch (err) {
    if (!(err instanceof RejectedRows)) throw err;
    return { ...out, created: 0, updated: 0, unchanged: 0, skipped: 0, rolledBack: true };
  }
  return out;
}

/** The API's answer to rejected rows: 400 with every problem. */
export function rejectRows(outcome: UpsertOutcome, total: number | null): never {
  const of = total === null ? '' : ` of ${total}`;
  throw new AppError('invalid_rows', 400, `${outcome.badRows}${of} rows are not valid; nothing was written. Fix them, or send mode "skip-bad-rows" to write the others.`, outcome.errors);
}

/** The fields of a patch that differ from what is stored. */
export function changedFields<R extends Record<string, unknown>>(stored: R, patch: Partial<R>): Partial<R> {
  const changed: Partial<R> = {};
  for (const [key, value] of Object.entries(patch) as [keyof R, R[keyof R]][]) {
    if (value === undefined) continue;
    if (!sameValue(stored[key], value)) changed[key] = value;
  }
  return changed;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  return a === b;
}

function sortKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * Writes one batch's new rows (one statement) and changed rows (one statement each) of accounts or
 * contacts, stamped with the company and the time.
 */
export async function writeBatch<R extends { attributes: Record<string, string> }>(
  db: Db,
  table: 'accounts' | 'contacts',
  companyId: string,
  now: Date,
  inserts: readonly R[],
  updates: readonly { id: string; patch: Partial<R> }[],
): Promise<void> {
  if (inserts.length > 0) {
    await db
      .insertInto(table)
      .values(inserts.map((r) => ({ ...r, company_id: companyId, attributes: JSON.stringify(r.attributes), created_at: now, updated_at: now })) as never)
      .execute();
  }
  for (const { id, patch } of updates) {
    const { attributes, ...rest } = patch;
    await db
      .updateTable(table)
      .set({ ...rest, ...(attributes ? { attributes: JSON.stringify(attributes) } : {}), updated_at: now } as never)
      .where('id', '=', id)
      .execute();
  }
}
