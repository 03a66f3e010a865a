import { sql } from 'kysely';
import type { FeedbackListQuery } from '../../../contract/feedback.ts';
import type { Db } from '../../db/connect.ts';
import { ValidationError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { FeedbackRow } from './presenter.ts';

/** The feedback items of the company with the names they show, restricted to the actor's units. */
export function feedbackRows(db: Db, actor: Actor, companyId: string) {
  return db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .leftJoin('accounts as a', 'a.id', 'f.account_id')
    .leftJoin('contacts as ct', 'ct.id', 'f.contact_id')
    .leftJoin('touch_points as tp', 'tp.id', 'f.touch_point_id')
    .leftJoin('users as cb', 'cb.id', 'f.created_by')
    .leftJoin('verbatims as v', 'v.feedback_item_id', 'f.id')
    .select([
      'f.id', 'f.kind', 'f.title', 'f.body', 'f.author', 'f.occurred_at', 'f.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'f.account_id',
      'a.name as account_name', 'f.contact_id', 'ct.name as contact_name', 'ct.email as contact_email', 'f.touch_point_id', 'tp.name as touch_point_name',
      'f.external_id', 'cb.name as created_by_name', 'f.created_at', 'f.updated_at', 'v.sentiment_label',
    ])
    .where('f.company_id', '=', companyId)
    .where('u.path', 'like', `${actor.unitPath}%`);
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/** The page cursor: the last item's time and id, so items sharing a time are neither skipped nor repeated. */
export function encodeCursor(row: { occurred_at: Date; id: string }): string {
  return `${new Date(row.occurred_at).toISOString()}~${row.id}`;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at = '', id = ''] = cursor.split('~');
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ValidationError('The page cursor is not one the API gave', [{ path: 'after', message: 'Pass the "next" of the previous page, unchanged' }]);
  }
  return { at: t, id };
}

/** A page of items matching the filters, newest first (keyset on occurred_at, id). */
export async function findFeedback(db: Db, actor: Actor, companyId: string, q: FeedbackListQuery, unitPath: string | null): Promise<{ rows: FeedbackRow[]; more: boolean }> {
  let query = feedbackRows(db, actor, companyId);
  if (q.kind && q.kind.length > 0) query = query.where('f.kind', 'in', q.kind);
  if (unitPath) query = query.where('u.path', 'like', `${unitPath}%`);
  if (q.accountId) query = query.where('f.account_id', '=', q.accountId);
  if (q.contactId) query = query.where('f.contact_id', '=', q.contactId);
  if (q.touchPointId) query = query.where('f.touch_point_id', '=', q.touchPointId);
  if (q.author) query = query.where(sql<boolean>`lower(f.author) = lower(${q.author})`);
  if (q.q) {
    const like = `%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(f.body) like ${like} or lower(coalesce(f.title, '')) like ${like})`);
  }
  if (q.from) query = query.where('f.occurred_at', '>=', dayStart(q.from));
  if (q.to) query = query.where('f.occurred_at', '<', new Date(dayStart(q.to).getTime() + 86_400_000));
  if (q.after) {
    const { at, id } = decodeCursor(q.after);
    query = query.where((eb) => eb.or([eb('f.occurred_at', '<', at), eb.and([eb('f.occurred_at', '=', at), eb('f.id', '<', id)])]));
  }
  const rows = (await query.orderBy('f.occurred_at', 'desc').orderBy('f.id', 'desc').limit(q.limit + 1).execute()) as FeedbackRow[];
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}
