import { randomUUID } from 'node:crypto';
import {
  WebhookCreateSchema,
  WebhookUpdateSchema,
  type WebhookCreateInput,
  type WebhookEndpoint,
  type WebhookUpdateInput,
  type WebhookWithSecret,
} from '../../../contract/webhooks.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { enqueueWebhookEvent } from './enqueue.ts';
import { ENDPOINT_COLUMNS, presentEndpoint, type EndpointRow } from './presenter.ts';
import { generateWebhookSecret } from './signature.ts';
import { checkWebhookUrl } from './url-policy.ts';

/**
 * Managing a company's webhooks. Webhooks belong to the whole company, so only an admin whose scope
 * is the company manages them; the secret is shown on creation and rotation and never again.
 */

/** The company of an admin of the whole company, or 403. */
export function webhookCompanyOf(actor: Actor | null): { actor: Actor; companyId: string } {
  const a = authorize(actor, 'webhooks.manage');
  const companyId = companyIdOf(a.unitPath);
  if (a.unitPath !== `/${companyId}/`) throw new ForbiddenError('Webhooks belong to the whole company: only an admin of the company (not of one of its units) manages them');
  return { actor: a, companyId };
}

export async function findEndpoint(db: Db, companyId: string, id: string): Promise<EndpointRow> {
  const row = await db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id).where('company_id', '=', companyId).executeTakeFirst();
  if (!row) throw new NotFoundError('The webhook');
  return row;
}

export async function listWebhooks(svc: Services, actor: Actor | null): Promise<WebhookEndpoint[]> {
  const { companyId } = webhookCompanyOf(actor);
  const rows = await svc.db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('company_id', '=', companyId).orderBy('created_at').orderBy('id').execute();
  return rows.map(presentEndpoint);
}

export async function getWebhook(svc: Services, actor: Actor | null, id: string): Promise<WebhookEndpoint> {
  const { companyId } = webhookCompanyOf(actor);
  return presentEndpoint(await findEndpoint(svc.db, companyId, id));
}

export async function createWebhook(svc: Services, actor: Actor | null, raw: WebhookCreateInput): Promise<WebhookWithSecret> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  const input = WebhookCreateSchema.parse(raw);
  const url = checkWebhookUrl(input.url, svc.webhookAllowPrivate).toString();
  const secret = generateWebhookSecret();
  const now = svc.now();
  const row = await svc.db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('webhook_endpoints')
      .values({ company_id: companyId, name: input.name, url, kind: input.kind, secret, event_types: input.eventTypes, active: input.active, created_by: a.label, created_at: now, updated_at: now })
      .returning(ENDPOINT_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, a, { action: 'webhook.create', entityType: 'webhook', entityId: created.id, unitId: companyId, details: { name: input.name, url, kind: input.kind, eventTypes: input.eventTypes } });
    return created;
  });
  return { webhook: presentEndpoint(row), secret };
}

export async function updateWebhook(svc: Services, actor: Actor | null, id: string, raw: WebhookUpdateInput): Promise<WebhookEndpoint> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  const input = WebhookUpdateSchema.parse(raw);
  const url = input.url === undefined ? undefined : checkWebhookUrl(input.url, svc.webhookAllowPrivate).toString();
  const now = svc.now();
  return svc.db.transaction().execute(async (tx) => {
    const before = await findEndpoint(tx, companyId, id);
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(input.eventTypes !== undefined ? { event_types: input.eventTypes } : {}),
        // Switching an endpoint back on clears why it was switched off.
        ...(input.active !== undefined ? { active: input.active, disabled_reason: input.active ? null : before.disabled_reason } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returning(ENDPOINT_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, a, { action: 'webhook.update', entityType: 'webhook', entityId: id, unitId: companyId, details: { changed: Object.keys(input), ...(url ? { url } : {}), ...(input.active !== undefined ? { active: input.active } : {}) } });
    return presentEndpoint(row);
  });
}

export async function deleteWebhook(svc: Services, actor: Actor | null, id: string): Promise<void> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  await svc.db.transaction().execute(async (tx) => {
    const before = await findEndpoint(tx, companyId, id);
    await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    await recordAudit(tx, a, { action: 'webhook.delete', entityType: 'webhook', entityId: id, unitId: companyId, details: { name: before.name, url: before.url } });
  });
}

export async function rotateWebhookSecret(svc: Services, actor: Actor | null, id: string): Promise<WebhookWithSecret> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  const secret = generateWebhookSecret();
  const now = svc.now();
  return svc.db.transaction().execute(async (tx) => {
    await findEndpoint(tx, companyId, id);
    const row = await tx.updateTable('webhook_endpoints').set({ secret, updated_at: now }).where('id', '=', id).returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(tx, a, { action: 'webhook.rotate_secret', entityType: 'webhook', entityId: id, unitId: companyId });
    return { webhook: presentEndpoint(row), secret };
  });
}

/** Queues a `webhook.test` event for one endpoint; the worker posts it within a second or so. */
export async function sendTestEvent(svc: Services, actor: Actor | null, id: string): Promise<{ eventId: string; deliveryId: string }> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  const now = svc.now();
  return svc.db.transaction().execute(async (tx) => {
    const endpoint = await findEndpoint(tx, companyId, id);
    if (!endpoint.active) throw new ConflictError('webhook_inactive', 'The webhook is switched off; switch it on to send it a test event');
    const { eventId, deliveryIds } = await enqueueWebhookEvent(tx, {
      companyId,
      endpointId: id,
      eventType: 'webhook.test',
      dedupeKey: `webhook.test:${randomUUID()}`,
      payload: { title: 'Test event from Corridor', summary: `${a.label} sent a test event to “${endpoint.name}”.`, link: '/settings/webhooks', sentBy: a.label },
      now,
    });
    const deliveryId = deliveryIds[0];
    if (!deliveryId) throw new Error('the test event made no delivery');
    await recordAudit(tx, a, { action: 'webhook.test', entityType: 'webhook', entityId: id, unitId: companyId, details: { eventId, deliveryId } });
    return { eventId, deliveryId };
  });
}
