import type { CaseSettings, CaseSettingsInput, Queue, RootCause } from '../../../contract/cases.ts';
import { CaseSettingsSchema, QueueInputSchema, RootCauseInputSchema } from '../../../contract/cases.ts';
import type { Services } from '../../context.ts';
import { isUniqueViolation, type Db } from '../../db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/** A company's case settings, root causes and specialist queues (admins change them). */

/** The company's settings with defaults for what is not set. For other modules. */
export async function loadCaseSettings(db: Db, companyId: string): Promise<CaseSettings> {
  const row = await db.selectFrom('case_settings').select('settings').where('company_id', '=', companyId).executeTakeFirst();
  const parsed = CaseSettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : CaseSettingsSchema.parse({});
}

export async function getCaseSettings(svc: Services, actor: Actor): Promise<CaseSettings> {
  authorize(actor, 'cases.read');
  return loadCaseSettings(svc.db, companyIdOf(actor.unitPath));
}

async function assertCompanyUser(db: Db, companyId: string, userId: string, path: string): Promise<void> {
  const user = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select('u.id')
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .where('n.path', 'like', `/${companyId}/%`)
    .executeTakeFirst();
  if (!user) throw new ValidationError('No active user of your company has that id', [{ path, message: 'Choose an active user of your company' }]);
}

export async function putCaseSettings(svc: Services, actor: Actor, raw: CaseSettingsInput): Promise<CaseSettings> {
  authorize(actor, 'cases.configure');
  const settings = CaseSettingsSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  if (settings.fallbackUserId) await assertCompanyUser(svc.db, companyId, settings.fallbackUserId, 'fallbackUserId');
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('case_settings')
      .values({ company_id: companyId, settings: JSON.stringify(settings), updated_at: svc.now(), updated_by: actor.label })
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ settings: JSON.stringify(settings), updated_at: svc.now(), updated_by: actor.label }))
      .execute();
    await recordAudit(tx, actor, { action: 'case_settings.update', entityType: 'case_settings', entityId: companyId, unitId: companyId, details: { settings } });
  });
  return settings;
}

// ---- root causes ----

export async function listRootCauses(svc: Services, actor: Actor): Promise<RootCause[]> {
  authorize(actor, 'cases.read');
  const rows = await svc.db.selectFrom('case_root_causes').select(['id', 'key', 'label', 'active']).where('company_id', '=', companyIdOf(actor.unitPath)).orderBy('label').execute();
  return rows;
}

const keyTaken = (key: string) => new ConflictError('key_taken', `A root cause with the key ${key} exists already; choose another key or edit that one`, [{ path: 'key', message: 'Already in use' }]);

export async function createRootCause(svc: Services, actor: Actor, raw: unknown): Promise<RootCause> {
  authorize(actor, 'cases.configure');
  const input = RootCauseInputSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  return svc.db
    .transaction()
    .execute(async (tx) => {
      const row = await tx
        .insertInto('case_root_causes')
        .values({ company_id: companyId, key: input.key, label: input.label, active: input.active })
        .returning(['id', 'key', 'label', 'active'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, { action: 'root_cause.create', entityType: 'case_root_cause', entityId: row.id, unitId: companyId, details: input });
      return row;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw keyTaken(input.key);
      throw err;
    });
}

export async function updateRootCause(svc: Services, actor: Actor, id: string, raw: unknown): Promise<RootCause> {
  authorize(actor, 'cases.configure');
  const input = RootCauseInputSchema.partial().strict().parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  return svc.db
    .transaction()
    .execute(async (tx) => {
      const row = await tx
        .updateTable('case_root_causes')
        .set(input)
        .where('id', '=', id)
        .where('company_id', '=', companyId)
        .returning(['id', 'key', 'label', 'active'])
        .executeTakeFirst();
      if (!row) throw new NotFoundError('The root cause');
      await recordAudit(tx, actor, { action: 'root_cause.update', entityType: 'case_root_cause', entityId: id, unitId: companyId, details: input });
      return row;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw keyTaken(input.key ?? '');
      throw err;
    });
}

// ---- queues ----

async function queuesOf(db: Db, companyId: string): Promise<Queue[]> {
  const queues = await db.selectFrom('case_queues').selectAll().where('company_id', '=', companyId).orderBy('name').execute();
  const members =
    queues.length === 0
      ? []
      : await db
          .selectFrom('case_queue_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['m.queue_id', 'u.id', 'u.name'])
          .where('m.queue_id', 'in', queues.map((q) => q.id))
          .orderBy('u.name')
          .execute();
  return queues.map((q) => ({
    id: q.id,
    name: q.name,
    touchPointIds: q.touch_point_ids,
    topics: q.topics,
    members: members.filter((m) => m.queue_id === q.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

export async function listQueues(svc: Services, actor: Actor): Promise<Queue[]> {
  authorize(actor, 'cases.read');
  return queuesOf(svc.db, companyIdOf(actor.unitPath));
}

/** Creates a queue (id null) or replaces one's name, matching and members. */
export async function saveQueue(svc: Services, actor: Actor, id: string | null, raw: unknown): Promise<Queue> {
  authorize(actor, 'cases.configure');
  const input = QueueInputSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  for (const [i, userId] of input.memberIds.entries()) await assertCompanyUser(svc.db, companyId, userId, `memberIds.${i}`);
  const saved = await svc.db
    .transaction()
    .execute(async (tx) => {
      const values = { name: input.name, touch_point_ids: JSON.stringify(input.touchPointIds), topics: JSON.stringify(input.topics) };
      const row = id
        ? await tx.updateTable('case_queues').set(values).where('id', '=', id).where('company_id', '=', companyId).returning('id').executeTakeFirst()
        : await tx.insertInto('case_queues').values({ company_id: companyId, ...values }).returning('id').executeTakeFirstOrThrow();
      if (!row) throw new NotFoundError('The queue');
      await tx.deleteFrom('case_queue_members').where('queue_id', '=', row.id).execute();
      if (input.memberIds.length > 0) await tx.insertInto('case_queue_members').values([...new Set(input.memberIds)].map((u) => ({ queue_id: row.id, user_id: u }))).execute();
      await recordAudit(tx, actor, { action: id ? 'case_queue.update' : 'case_queue.create', entityType: 'case_queue', entityId: row.id, unitId: companyId, details: input });
      return row.id;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new ConflictError('name_taken', `A queue named ${input.name} exists already`, [{ path: 'name', message: 'Already in use' }]);
      throw err;
    });
  const found = (await queuesOf(svc.db, companyId)).find((q) => q.id === saved);
  if (!found) throw new NotFoundError('The queue');
  return found;
}
