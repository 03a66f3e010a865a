import { sql } from 'kysely';
import { ContactRowSchema, type ContactRow } from '../../../contract/contacts.ts';
import type { RowError } from '../../../contract/customer-fields.ts';
import type { Db } from '../../db/connect.ts';
import { resolveUnit } from './account-upsert.ts';
import { UnitIndex, type CustomerScope } from './scope.ts';
import { changedFields, type BatchPlan, type Upserter, writeBatch } from './upsert.ts';

interface StoredContact {
  id: string;
  email: string;
  crm_id: string | null;
  account_id: string | null;
  unit_id: string;
  name: string | null;
  locale: string;
  time_zone: string;
  audience_role: string | null;
  consent: 'granted' | 'unknown' | 'withdrawn';
  opted_out_at: Date | null;
  attributes: Record<string, string>;
}

type ContactFields = Omit<StoredContact, 'id' | 'opted_out_at'> & { opted_out_at: Date | null; opt_out_source: string | null };

export async function contactUpserter(db: Db, scope: CustomerScope): Promise<Upserter<ContactRow>> {
  const units = await UnitIndex.load(db, scope.companyId);
  return {
    entity: 'contact',
    schema: ContactRowSchema,
    keysOf: (r) => [...(r.crmId !== undefined ? [`crmId:CRM id ${r.crmId}`] : []), ...(r.email !== undefined ? [`email:${r.email.toLowerCase()}`] : [])],
    plan: (tx, rows, now) => planContacts(tx, scope, units, rows, now),
  };
}

const COLUMNS = ['id', 'email', 'crm_id', 'account_id', 'unit_id', 'name', 'locale', 'time_zone', 'audience_role', 'consent', 'opted_out_at', 'attributes'] as const;

async function planContacts(tx: Db, scope: CustomerScope, units: UnitIndex, rows: { row: number; data: ContactRow }[], now: Date): Promise<BatchPlan> {
  const crmIds = rows.flatMap((r) => (r.data.crmId !== undefined ? [r.data.crmId] : []));
  const emails = rows.flatMap((r) => (r.data.email !== undefined ? [r.data.email.toLowerCase()] : []));
  const accountCrmIds = [...new Set(rows.flatMap((r) => (r.data.accountCrmId ? [r.data.accountCrmId] : [])))];
  const byCrm = new Map<string, StoredContact>();
  const byEmail = new Map<string, StoredContact>();
  if (crmIds.length > 0) {
    for (const c of await tx.selectFrom('contacts').select(COLUMNS).where('company_id', '=', scope.companyId).where('crm_id', 'in', crmIds).execute()) byCrm.set(c.crm_id ?? '', c);
  }
  if (emails.length > 0) {
    for (const c of await tx.selectFrom('contacts').select(COLUMNS).where('company_id', '=', scope.companyId).where(sql<string>`lower(email)`, 'in', emails).execute()) {
      byEmail.set(c.email.toLowerCase(), c);
    }
  }
  const accounts = new Map<string, { id: string; unit_id: string }>();
  if (accountCrmIds.length > 0) {
    for (const a of await tx.selectFrom('accounts').select(['id', 'crm_id', 'unit_id']).where('company_id', '=', scope.companyId).where('crm_id', 'in', accountCrmIds).execute()) {
      accounts.set(a.crm_id, a);
    }
  }
  const inScope = (unitId: string) => units.get(unitId)?.path.startsWith(scope.unitPath) ?? false;
  const errors: RowError[] = [];
  let badRows = 0;
  const inserts: ContactFields[] = [];
  const updates: { id: string; patch: Partial<ContactFields> }[] = [];
  let unchanged = 0;
  for (const { row, data } of rows) {
    const problems: RowError[] = [];
    const email = data.email?.toLowerCase();
    let existing = data.crmId !== undefined ? byCrm.get(data.crmId) : undefined;
    if (!existing && email !== undefined) {
      existing = byEmail.get(email);
      if (existing?.crm_id && data.crmId !== undefined && existing.crm_id !== data.crmId) {
        problems.push({ row, field: 'crmId', code: 'crm_id_mismatch', message: `${data.email} is stored with CRM id ${existing.crm_id}, not ${data.crmId}` });
      }
    }
    if (existing && email !== undefined && existing.email.toLowerCase() !== email && byEmail.has(email)) {
      problems.push({ row, field: 'email', code: 'duplicate_email', message: `Another contact already has the email ${data.email}` });
    }
    if (existing && !inScope(existing.unit_id)) {
      problems.push({ row, field: data.crmId !== undefined ? 'crmId' : 'email', code: 'out_of_scope', message: 'The contact belongs to a unit outside your scope' });
    }
    let accountId: string | null | undefined;
    let unitId: string | undefined;
    if (data.accountCrmId === null) accountId = null;
    else if (data.accountCrmId !== undefined) {
      const account = accounts.get(data.accountCrmId);
      if (!account) problems.push({ row, field: 'accountCrmId', code: 'unknown_account', message: `No account has the CRM id ${data.accountCrmId}` });
      else if (!inScope(account.unit_id)) problems.push({ row, field: 'accountCrmId', code: 'out_of_scope', message: `Account ${data.accountCrmId} belongs to a unit outside your scope` });
      else {
        accountId = account.id;
        unitId = account.unit_id;
      }
    }
    const unit = resolveUnit(units, scope, row, data);
    if (unit && 'code' in unit) problems.push(unit);
    else if (unit) unitId = unit.id;
    if (!existing && email === undefined) problems.push({ row, field: 'email', code: 'required', message: `No contact has the CRM id ${data.crmId}; a new contact needs an email` });
    if (problems.length > 0) {
      badRows++;
      errors.push(...problems);
      continue;
    }
    // An import may opt a contact out, never back in.
    const optOut = data.optedOut === true && !existing?.opted_out_at;
    const patch: Partial<ContactFields> = {
      // A change of case alone is no change: emails are compared without it.
      email: existing && email === existing.email.toLowerCase() ? undefined : data.email,
      crm_id: data.crmId,
      account_id: accountId,
      unit_id: unitId,
      name: data.name,
      locale: data.locale,
      time_zone: data.timeZone,
      audience_role: data.audienceRole,
      consent: data.consent,
      attributes: data.attributes ? { ...(existing?.attributes ?? {}), ...data.attributes } : undefined,
      ...(optOut ? { opted_out_at: now, opt_out_source: 'import' } : {}),
    };
    if (existing) {
      const changed = changedFields({ ...existing, opt_out_source: null }, patch);
      if (Object.keys(changed).length === 0) unchanged++;
      else updates.push({ id: existing.id, patch: changed });
    } else {
      inserts.push({
        email: data.email ?? '',
        crm_id: data.crmId ?? null,
        account_id: accountId ?? null,
        unit_id: unitId ?? scope.defaultUnitId,
        name: data.name ?? null,
        locale: data.locale ?? 'en',
        time_zone: data.timeZone ?? 'UTC',
        audience_role: data.audienceRole ?? null,
        consent: data.consent ?? 'unknown',
        attributes: data.attributes ?? {},
        opted_out_at: optOut ? now : null,
        opt_out_source: optOut ? 'import' : null,
      });
    }
  }
  return {
    errors,
    badRows,
    async apply(db) {
      await writeBatch(db, 'contacts', scope.companyId, now, inserts, updates);
      return { created: inserts.length, updated: updates.length, unchanged };
    },
  };
}
