import type { FeedbackKind } from '../../../contract/feedback.ts';
import type { Db } from '../../db/connect.ts';
import { ValidationError } from '../../errors.ts';
import { maskForCompany } from '../text-settings/service.ts';
import type { ItemReferences } from './references.ts';
import { indexItem } from './verbatim.ts';

/** An item's fields as stored, after checking. */
export interface ItemFields extends ItemReferences {
  kind: FeedbackKind;
  title: string | null;
  body: string;
  author: string;
  occurredOn: string;
  externalId: string | null;
}

/** A day as stored: noon UTC, so the day reads the same in every time zone within ±11 hours. */
export function instantOfDay(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** Refuses a day after tomorrow (UTC): feedback is about what happened. */
export function checkDay(day: string, now: Date): void {
  if (instantOfDay(day).getTime() > now.getTime() + 36 * 3_600_000) {
    throw new ValidationError('The day lies in the future', [{ path: 'occurredOn', message: 'Give the day it was said or seen: today or earlier' }]);
  }
}

/**
 * Inserts or updates one item (masked when the company masks PII) and its verbatim, in the caller's
 * transaction. Returns the item's id and whether anything changed.
 */
export async function saveItem(tx: Db, companyId: string, fields: ItemFields, existingId: string | null, createdBy: string | null, now: Date): Promise<string> {
  const values = {
    kind: fields.kind,
    title: fields.title === null ? null : await maskForCompany(tx, companyId, fields.title),
    body: await maskForCompany(tx, companyId, fields.body),
    author: fields.author,
    occurred_at: instantOfDay(fields.occurredOn),
    unit_id: fields.unitId,
    account_id: fields.accountId,
    contact_id: fields.contactId,
    touch_point_id: fields.touchPointId,
    external_id: fields.externalId,
    updated_at: now,
  };
  let id = existingId;
  if (id) await tx.updateTable('feedback_items').set(values).where('id', '=', id).execute();
  else id = (await tx.insertInto('feedback_items').values({ ...values, company_id: companyId, created_by: createdBy, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
  await indexItem(tx, { id, companyId }, now);
  return id;
}
