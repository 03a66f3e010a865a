import type { Readable } from 'node:stream';
import { AccountUpsertSchema, type AccountUpsertInput } from '../../../contract/accounts.ts';
import { ContactUpsertSchema, type ContactUpsertInput } from '../../../contract/contacts.ts';
import type { UpsertMode, UpsertResult } from '../../../contract/customer-fields.ts';
import type { Services } from '../../context.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { accountUpserter } from './account-upsert.ts';
import { contactUpserter } from './contact-upsert.ts';
import { importCustomersCsv } from './csv.ts';
import { scopeOfActor, UnitIndex } from './scope.ts';
import { rejectRows, upsertRows, type UpsertOutcome } from './upsert.ts';

/** The bulk writes of customer data through the API: rows as JSON, or a CSV file. */

/** A CSV upload over HTTP takes at most this many rows (the JSON API takes 10,000 a call). */
export const MAX_CSV_ROWS = 100_000;

function resultOf(outcome: UpsertOutcome, total: number | null): UpsertResult {
  if (outcome.rolledBack) rejectRows(outcome, total);
  const { created, updated, unchanged, skipped, errors } = outcome;
  return { created, updated, unchanged, skipped, errors };
}

export async function upsertAccounts(svc: Services, actor: Actor, raw: AccountUpsertInput): Promise<UpsertResult> {
  authorize(actor, 'customers.write');
  const input = AccountUpsertSchema.parse(raw);
  const scope = scopeOfActor(actor);
  const rows = input.rows.map((data, i) => ({ row: i + 1, data }));
  return resultOf(await upsertRows(svc, scope, await accountUpserter(svc.db, scope), rows, { mode: input.mode, source: 'api' }), rows.length);
}

export async function upsertContacts(svc: Services, actor: Actor, raw: ContactUpsertInput): Promise<UpsertResult> {
  authorize(actor, 'customers.write');
  const input = ContactUpsertSchema.parse(raw);
  const scope = scopeOfActor(actor);
  const rows = input.rows.map((data, i) => ({ row: i + 1, data }));
  return resultOf(await upsertRows(svc, scope, await contactUpserter(svc.db, scope), rows, { mode: input.mode, source: 'api' }), rows.length);
}

/** A CSV file sent over HTTP (the admin app's upload); rows are numbered by the file's lines. */
export async function importCsvUpload(svc: Services, actor: Actor, kind: 'accounts' | 'contacts', body: Readable, mode: UpsertMode): Promise<UpsertResult> {
  authorize(actor, 'customers.write');
  return resultOf(await importCustomersCsv(svc, scopeOfActor(actor), kind, body, { mode, maxRows: MAX_CSV_ROWS }), null);
}

/** The company's units found by id, name or path ("Banking / Europe"), as the customer imports find them. */
export async function loadUnitIndex(svc: Pick<Services, 'db'>, companyId: string): Promise<UnitIndex> {
  return UnitIndex.load(svc.db, companyId);
}
