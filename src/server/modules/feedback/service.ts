import type { Readable } from 'node:stream';
import type { FeedbackCreateInput, FeedbackImportResult, FeedbackDetail, FeedbackList, FeedbackListQuery, FeedbackUpdate } from '../../../contract/feedback.ts';
import { FeedbackCreateSchema, FeedbackUpdateSchema } from '../../../contract/feedback.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { importFeedbackCsv } from './import.ts';
import { presentFeedback, presentFeedbackDetail, type FeedbackRow, type FeedbackVerbatim } from './presenter.ts';
import { encodeCursor, feedbackRows, findFeedback } from './queries.ts';
import { checkReferences, type FeedbackScope } from './references.ts';
import { checkDay, saveItem, type ItemFields } from './write.ts';

/**
 * Feedback items: read with responses.read, written with feedback.write (admins and analysts in
 * their scope, managers for their own units). Every change is audited and rewrites the item's
 * verbatim in the same transaction.
 */

const scopeOf = (actor: Actor): FeedbackScope => ({ companyId: companyIdOf(actor.unitPath), unitPath: actor.unitPath });

export async function listFeedback(svc: Services, actor: Actor, q: FeedbackListQuery): Promise<FeedbackList> {
  authorize(actor, 'responses.read');
  const companyId = companyIdOf(actor.unitPath);
  let unitPath: string | null = null;
  if (q.unitId) {
    const unit = await svc.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit || !unit.path.startsWith(`/${companyId}/`)) throw new NotFoundError('The unit');
    unitPath = unit.path;
  }
  const { rows, more } = await findFeedback(svc.db, actor, companyId, q, unitPath);
  const last = rows.at(-1);
  return { items: rows.map(presentFeedback), next: more && last ? encodeCursor(last) : null };
}

async function loadRow(db: Db, actor: Actor, id: string, lock = false): Promise<FeedbackRow> {
  let q = feedbackRows(db, actor, companyIdOf(actor.unitPath)).where('f.id', '=', id);
  if (lock) q = q.forUpdate('f');
  const row = (await q.executeTakeFirst()) as FeedbackRow | undefined;
  if (!row) throw new NotFoundError('The feedback item');
  return row;
}

/** One item with its analysis (sentiment, sentences, themes) once its verbatim exists. */
export async function getFeedback(svc: Services, actor: Actor, id: string): Promise<FeedbackDetail> {
  authorize(actor, 'responses.read');
  const row = await loadRow(svc.db, actor, id);
  const verbatim = (await svc.db
    .selectFrom('verbatims')
    .select(['text', 'sentiment', 'sentiment_label', 'sentences', 'themes', 'analysed_at'])
    .where('feedback_item_id', '=', id)
    .executeTakeFirst()) as FeedbackVerbatim | undefined;
  const keys = verbatim ? [...new Set([...verbatim.themes, ...verbatim.sentences.flatMap((s) => s.themes)])] : [];
  const themes = keys.length === 0 ? [] : await svc.db.selectFrom('themes').select(['key', 'name']).where('company_id', '=', companyIdOf(actor.unitPath)).where('key', 'in', keys).execute();
  return presentFeedbackDetail(row, verbatim ?? null, new Map(themes.map((t) => [t.key, t.name])));
}

async function assertExternalIdFree(db: Db, companyId: string, externalId: string | null, except: string | null): Promise<void> {
  if (!externalId) return;
  let q = db.selectFrom('feedback_items').select('id').where('company_id', '=', companyId).where('external_id', '=', externalId);
  if (except) q = q.where('id', '<>', except);
  const taken = await q.executeTakeFirst();
  if (taken) throw new ConflictError('external_id_taken', `Another feedback item has the external id "${externalId}"; change that item, or give this one another id`, { id: taken.id });
}

async function checkedFields(tx: Db, scope: FeedbackScope, fields: ItemFields, now: Date): Promise<ItemFields> {
  checkDay(fields.occurredOn, now);
  const { refs, issues } = await checkReferences(tx, scope, fields);
  if (issues.length > 0) throw new ValidationError('Some references are not ones you may use', issues);
  return { ...fields, ...refs };
}

export async function createFeedback(svc: Services, actor: Actor, raw: FeedbackCreateInput): Promise<FeedbackDetail> {
  authorize(actor, 'feedback.write');
  const input = FeedbackCreateSchema.parse(raw);
  const scope = scopeOf(actor);
  const now = svc.now();
  const id = await svc.db.transaction().execute(async (tx) => {
    const fields = await checkedFields(tx, scope, {
      kind: input.kind,
      title: input.title || null,
      body: input.body,
      author: input.author,
      occurredOn: input.occurredOn,
      unitId: input.unitId,
      accountId: input.accountId ?? null,
      contactId: input.contactId ?? null,
      touchPointId: input.touchPointId ?? null,
      externalId: input.externalId ?? null,
    }, now);
    await assertExternalIdFree(tx, scope.companyId, fields.externalId, null);
    const created = await saveItem(tx, scope.companyId, fields, null, actor.type === 'user' ? actor.id : null, now);
    await recordAudit(tx, actor, { action: 'feedback.create', entityType: 'feedback_item', entityId: created, unitId: fields.unitId, details: { kind: fields.kind, externalId: fields.externalId } });
    return created;
  });
  return getFeedback(svc, actor, id);
}

const fieldsOfRow = (row: FeedbackRow): ItemFields => ({
  kind: row.kind,
  title: row.title,
  body: row.body,
  author: row.author,
  occurredOn: new Date(row.occurred_at).toISOString().slice(0, 10),
  unitId: row.unit_id,
  accountId: row.account_id,
  contactId: row.contact_id,
  touchPointId: row.touch_point_id,
  externalId: row.external_id,
});

/** Changes the fields sent; the references are checked again as they will be stored. */
export async function updateFeedback(svc: Services, actor: Actor, id: string, raw: FeedbackUpdate): Promise<FeedbackDetail> {
  authorize(actor, 'feedback.write');
  const input = FeedbackUpdateSchema.parse(raw);
  const scope = scopeOf(actor);
  const now = svc.now();
  await svc.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, actor, id, true);
    const before = fieldsOfRow(row);
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ItemFields>;
    if (patch.title === '') patch.title = null;
    const fields = await checkedFields(tx, scope, { ...before, ...patch }, now);
    const changed = (Object.keys(fields) as (keyof ItemFields)[]).filter((k) => fields[k] !== before[k]);
    if (changed.length === 0) return;
    await assertExternalIdFree(tx, scope.companyId, fields.externalId, id);
    await saveItem(tx, scope.companyId, fields, id, null, now);
    await recordAudit(tx, actor, { action: 'feedback.update', entityType: 'feedback_item', entityId: id, unitId: fields.unitId, details: { changed } });
  });
  return getFeedback(svc, actor, id);
}

/** Deletes an item and, with it, its verbatim. */
export async function deleteFeedback(svc: Services, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'feedback.write');
  await svc.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, actor, id, true);
    await tx.deleteFrom('feedback_items').where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'feedback.delete', entityType: 'feedback_item', entityId: id, unitId: row.unit_id, details: { kind: row.kind, title: row.title, externalId: row.external_id } });
  });
}

/** The most rows one upload over HTTP may carry; larger files go through `corridor import feedback`. */
export const MAX_UPLOAD_ROWS = 20_000;

/** A CSV file of items sent over HTTP, within the actor's units; all rows or none. */
export async function importFeedbackUpload(svc: Services, actor: Actor, body: Readable): Promise<FeedbackImportResult> {
  authorize(actor, 'feedback.write');
  const scope = { ...scopeOf(actor), audit: actor, createdBy: actor.type === 'user' ? actor.id : null };
  const outcome = await importFeedbackCsv(svc, scope, body, { maxRows: MAX_UPLOAD_ROWS });
  if (outcome.rolledBack) {
    throw new AppError('invalid_rows', 400, `${outcome.badRows} rows are not valid; nothing was written. Fix them and send the file again.`, outcome.errors);
  }
  const { created, updated, unchanged, errors } = outcome;
  return { created, updated, unchanged, errors };
}
