import { sql } from 'kysely';
import { AccountRowSchema, type AccountRow } from '../../../contract/accounts.ts';
import type { RowError } from '../../../contract/customer-fields.ts';
import type { Db } from '../../db/connect.ts';
import { UnitIndex, type CustomerScope, type UnitEntry } from './scope.ts';
import { changedFields, type BatchPlan, type Upserter, writeBatch } from './upsert.ts';

interface StoredAccount {
  id: string;
  crm_id: string;
  name: string;
  code: string | null;
  unit_id: string;
  owner_user_id: string | null;
  billed_revenue: number | null;
  booked_revenue: number | null;
  potential_revenue: number | null;
  revenue_period: string | null;
  key_account: boolean;
  status: string;
  attributes: Record<string, string>;
}

type AccountFields = Omit<StoredAccount, 'id' | 'crm_id'>;

/** Resolves a row's unit (by id or name) within the company; an error when it names none or is out of scope. */
export function resolveUnit(units: UnitIndex, scope: CustomerScope, row: number, given: { unitId?: string | undefined; unit?: string | undefined }): UnitEntry | RowError | undefined {
  if (given.unitId !== undefined) {
    const unit = units.get(given.unitId);
    if (!unit) return { row, field: 'unitId', code: 'unknown_unit', message: 'No unit of the company has this id' };
    if (!unit.path.startsWith(scope.unitPath)) return { row, field: 'unitId', code: 'out_of_scope', message: 'The unit is outside your scope' };
    return unit;
  }
  if (given.unit !== undefined) {
    const unit = units.find(given.unit);
    if ('error' in unit) return { row, field: 'unit', code: unit.error, message: unit.message };
    if (!unit.path.startsWith(scope.unitPath)) return { row, field: 'unit', code: 'out_of_scope', message: `"${given.unit}" is outside your scope` };
    return unit;
  }
  return undefined;
}

/** Users of the company by lower-cased login email, looked up once per email. */
export class OwnerIndex {
  private readonly known = new Map<string, string | null>();
  private readonly companyId: string;
  constructor(companyId: string) {
    this.companyId = companyId;
  }

  async load(db: Db, emails: Iterable<string>): Promise<void> {
    const missing = [...new Set([...emails].map((e) => e.toLowerCase()))].filter((e) => !this.known.has(e));
    if (missing.length === 0) return;
    const rows = await db
      .selectFrom('users as u')
      .innerJoin('units as x', 'x.id', 'u.unit_id')
      .select(['u.id', sql<string>`lower(u.email)`.as('email')])
      .where(sql<string>`lower(u.email)`, 'in', missing)
      .where('x.path', 'like', `/${this.companyId}/%`)
      .where('u.disabled_at', 'is', null)
      .execute();
    for (const e of missing) this.known.set(e, null);
    for (const r of rows) this.known.set(r.email, r.id);
  }

  get(email: string): string | null {
    return this.known.get(email.toLowerCase()) ?? null;
  }
}

export async function accountUpserter(db: Db, scope: CustomerScope): Promise<Upserter<AccountRow>> {
  const units = await UnitIndex.load(db, scope.companyId);
  const owners = new OwnerIndex(scope.companyId);
  return {
    entity: 'account',
    schema: AccountRowSchema,
    keysOf: (r) => [`crmId:CRM id ${r.crmId}`],
    plan: (tx, rows, now) => planAccounts(tx, scope, units, owners, rows, now),
  };
}

async function planAccounts(tx: Db, scope: CustomerScope, units: UnitIndex, owners: OwnerIndex, rows: { row: number; data: AccountRow }[], now: Date): Promise<BatchPlan> {
  const stored = new Map(
    (
      await tx
        .selectFrom('accounts')
        .select(['id', 'crm_id', 'name', 'code', 'unit_id', 'owner_user_id', 'billed_revenue', 'booked_revenue', 'potential_revenue', 'revenue_period', 'key_account', 'status', 'attributes'])
        .where('company_id', '=', scope.companyId)
        .where('crm_id', 'in', rows.map((r) => r.data.crmId))
        .execute()
    ).map((a) => [a.crm_id, a as StoredAccount]),
  );
  await owners.load(tx, rows.flatMap((r) => (r.data.ownerEmail ? [r.data.ownerEmail] : [])));
  const errors: RowError[] = [];
  let badRows = 0;
  const inserts: (AccountFields & { crm_id: string })[] = [];
  const updates: { id: string; patch: Partial<AccountFields> }[] = [];
  let unchanged = 0;
  for (const { row, data } of rows) {
    const problems: RowError[] = [];
    const existing = stored.get(data.crmId);
    if (existing && !units.get(existing.unit_id)?.path.startsWith(scope.unitPath)) {
      problems.push({ row, field: 'crmId', code: 'out_of_scope', message: `Account ${data.crmId} belongs to a unit outside your scope` });
    }
    const unit = resolveUnit(units, scope, row, data);
    if (unit && 'code' in unit) problems.push(unit);
    let ownerId: string | null | undefined;
    if (data.ownerEmail === null) ownerId = null;
    else if (data.ownerEmail !== undefined) {
      ownerId = owners.get(data.ownerEmail);
      if (!ownerId) problems.push({ row, field: 'ownerEmail', code: 'unknown_owner', message: `No user of the company logs in as ${data.ownerEmail}` });
    }
    if (!existing && data.name === undefined) problems.push({ row, field: 'name', code: 'required', message: 'A new account needs a name' });
    if (problems.length > 0) {
      badRows++;
      errors.push(...problems);
      continue;
    }
    const patch: Partial<AccountFields> = {
      name: data.name,
      code: data.code,
      unit_id: unit && !('code' in unit) ? unit.id : undefined,
      owner_user_id: ownerId,
      billed_revenue: data.billedRevenue,
      booked_revenue: data.bookedRevenue,
      potential_revenue: data.potentialRevenue,
      revenue_period: data.revenuePeriod,
      key_account: data.keyAccount,
      status: data.status,
      attributes: data.attributes ? { ...(existing?.attributes ?? {}), ...data.attributes } : undefined,
    };
    if (existing) {
      const changed = changedFields(existing, patch);
      if (Object.keys(changed).length === 0) unchanged++;
      else updates.push({ id: existing.id, patch: changed });
    } else {
      inserts.push({
        crm_id: data.crmId,
        name: data.name ?? '',
        code: data.code ?? null,
        unit_id: patch.unit_id ?? scope.defaultUnitId,
        owner_user_id: ownerId ?? null,
        billed_revenue: data.billedRevenue ?? null,
        booked_revenue: data.bookedRevenue ?? null,
        potential_revenue: data.potentialRevenue ?? null,
        revenue_period: data.revenuePeriod ?? null,
        key_account: data.keyAccount ?? false,
        status: data.status ?? 'active',
        attributes: data.attributes ?? {},
      });
    }
  }
  return {
    errors,
    badRows,
    async apply(db) {
      await writeBatch(db, 'accounts', scope.companyId, now, inserts, updates);
      return { created: inserts.length, updated: updates.length, unchanged };
    },
  };
}
