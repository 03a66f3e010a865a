import { WebhookDeliveryQuerySchema, type WebhookDelivery, type WebhookDeliveryPage, type WebhookDeliveryQuery } from '../../../contract/webhooks.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { WEBHOOK_MAX_ATTEMPTS } from './backoff.ts';
import { presentDelivery, type AttemptRow, type DeliveryRow } from './presenter.ts';
import { findEndpoint, webhookCompanyOf } from './service.ts';

/** The delivery log of an endpoint, with each delivery's attempts, and redelivering one. */

const DELIVERY_COLUMNS = ['id', 'endpoint_id', 'event_id', 'event_type', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_status', 'last_error', 'duration_ms', 'delivered_at', 'created_at'] as const;

async function withAttempts(db: Db, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts: AttemptRow[] = await db
    .selectFrom('webhook_attempts')
    .select(['delivery_id', 'attempt', 'started_at', 'duration_ms', 'status_code', 'error', 'response_body'])
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('attempt')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => presentDelivery(r, attempts.filter((a) => a.delivery_id === r.id)));
}

export async function listDeliveries(svc: Services, actor: Actor | null, endpointId: string, raw: WebhookDeliveryQuery): Promise<WebhookDeliveryPage> {
  const { companyId } = webhookCompanyOf(actor);
  const q = WebhookDeliveryQuerySchema.parse(raw);
  await findEndpoint(svc.db, companyId, endpointId);
  let base = svc.db.selectFrom('webhook_deliveries').where('endpoint_id', '=', endpointId).where('company_id', '=', companyId);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.eventType) base = base.where('event_type', '=', q.eventType);
  const [rows, count] = await Promise.all([
    base.select(DELIVERY_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { deliveries: await withAttempts(svc.db, rows), total: Number(count.n), limit: q.limit, offset: q.offset };
}

/**
 * Sends a delivery again, with the same event id (so a receiver that de-duplicates keeps it once):
 * it is due at once, with a new round of attempts. Asked by an admin, this is the one way a
 * delivered event is posted again.
 */
export async function redeliver(svc: Services, actor: Actor | null, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  const { actor: a, companyId } = webhookCompanyOf(actor);
  const now = svc.now();
  const row = await svc.db.transaction().execute(async (tx) => {
    await findEndpoint(tx, companyId, endpointId);
    const current = await tx.selectFrom('webhook_deliveries').select(['attempts', 'status']).where('id', '=', deliveryId).where('endpoint_id', '=', endpointId).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('The delivery');
    const updated = await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, max_attempts: current.attempts + WEBHOOK_MAX_ATTEMPTS, delivered_at: null })
      .where('id', '=', deliveryId)
      .returning(DELIVERY_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, a, { action: 'webhook.redeliver', entityType: 'webhook', entityId: endpointId, unitId: companyId, details: { deliveryId, previousStatus: current.status } });
    return updated;
  });
  const [delivery] = await withAttempts(svc.db, [row]);
  if (!delivery) throw new Error('the delivery vanished');
  return delivery;
}
