import type { Db } from '../server/db/connect.ts';
import { AppError } from '../server/errors.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import type { Role } from '../contract/common.ts';
import { findUnitForCli } from './units.ts';

/** What a report prints: named columns and rows of plain values, besides its full result for --format json. */
export interface ReportTable {
  columns: { key: string; label: string; numeric?: boolean }[];
  rows: Record<string, string | number | boolean | null>[];
}

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Who a report reads as: a named user (their role and scope, to see what they see), or the whole
 * company with an administrator's rights — whoever runs the command already holds the database.
 */
export async function reportActor(db: Db, as: string | undefined): Promise<Actor> {
  if (as) {
    const user = await db
      .selectFrom('users as u')
      .innerJoin('units as x', 'x.id', 'u.unit_id')
      .select(['u.id', 'u.email', 'u.role', 'u.unit_id', 'x.path', 'u.disabled_at'])
      .where('u.email', '=', as.toLowerCase())
      .executeTakeFirst();
    if (!user || user.disabled_at) throw new AppError('user_not_found', 404, `No active user has the email ${as}`);
    return { type: 'user', id: user.id, label: user.email, role: user.role as Role, unitId: user.unit_id, unitPath: user.path };
  }
  const company = await findUnitForCli(db, undefined);
  return { type: 'user', id: '00000000-0000-0000-0000-000000000000', label: 'corridor report', role: 'admin', unitId: company.id, unitPath: company.path };
}

function cellText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 1 : 2);
  return String(v);
}

/** The table as aligned text columns, numbers to the right, for a terminal. */
export function renderTextTable(table: ReportTable): string {
  const cells = table.rows.map((r) => table.columns.map((c) => cellText(r[c.key])));
  const widths = table.columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (table.columns[i]?.numeric ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(table.columns.map((c) => c.label)), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}
