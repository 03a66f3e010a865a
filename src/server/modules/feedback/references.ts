import type { Db } from '../../db/connect.ts';
import type { FieldIssue } from '../../errors.ts';

/** Where a write of feedback may reach: the company, and the units under a path within it. */
export interface FeedbackScope {
  companyId: string;
  unitPath: string;
}

export interface ItemReferences {
  unitId: string;
  accountId: string | null;
  contactId: string | null;
  touchPointId: string | null;
}

/**
 * Checks that the unit, account, contact and touch point belong to the company and lie within the
 * scope (a manager records feedback only for their units); the account defaults to the contact's.
 * Returns the references to store, or the problems with each field.
 */
export async function checkReferences(db: Db, scope: FeedbackScope, refs: ItemReferences): Promise<{ refs: ItemReferences; issues: FieldIssue[] }> {
  const issues: FieldIssue[] = [];
  const inScope = (path: string | undefined) => path !== undefined && path.startsWith(`/${scope.companyId}/`) && path.startsWith(scope.unitPath);
  const unit = await db.selectFrom('units').select('path').where('id', '=', refs.unitId).executeTakeFirst();
  if (!inScope(unit?.path)) issues.push({ path: 'unitId', message: 'Choose one of your units' });
  let accountId = refs.accountId;
  if (refs.contactId) {
    const contact = await db
      .selectFrom('contacts as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['c.account_id', 'u.path'])
      .where('c.id', '=', refs.contactId)
      .where('c.company_id', '=', scope.companyId)
      .executeTakeFirst();
    if (!contact || !inScope(contact.path)) issues.push({ path: 'contactId', message: 'Choose a contact of your units' });
    else if (accountId && contact.account_id && contact.account_id !== accountId) issues.push({ path: 'contactId', message: 'This contact belongs to another account; choose a contact of the account, or leave the account empty' });
    else accountId ??= contact.account_id;
  }
  if (accountId) {
    const account = await db
      .selectFrom('accounts as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select('u.path')
      .where('a.id', '=', accountId)
      .where('a.company_id', '=', scope.companyId)
      .executeTakeFirst();
    if (!account || !inScope(account.path)) issues.push({ path: 'accountId', message: 'Choose an account of your units' });
  }
  if (refs.touchPointId) {
    const tp = await db.selectFrom('touch_points').select('id').where('id', '=', refs.touchPointId).where('company_id', '=', scope.companyId).executeTakeFirst();
    if (!tp) issues.push({ path: 'touchPointId', message: "Choose one of the company's touch points" });
  }
  return { refs: { ...refs, accountId }, issues };
}
