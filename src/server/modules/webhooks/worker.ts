import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { WebhookPayload } from '../../../contract/webhooks.ts';
import type { Services } from '../../context.ts';
import { recordAudit, SYSTEM } from '../audit/service.ts';
import { retryDelayMs, WEBHOOK_MAX_ATTEMPTS } from './backoff.ts';
import { postWebhook, type PostResult } from './sender.ts';
import { signatureHeader } from './signature.ts';
import { buildSlackMessage } from './slack.ts';
import { createPollLoop } from '../../jobs/poll-loop.ts';

/**
 * The webhook worker: every tick it claims due deliveries of active endpoints (a lease with a claim
 * token, taken with FOR UPDATE SKIP LOCKED, so any number of workers share the queue and none takes
 * what another holds), posts them, and records the attempt. A 2xx makes the delivery delivered and
 * it is never claimed again; anything else schedules a retry with backoff until the attempts are
 * spent. A 410 Gone switches the endpoint off (decision 0017).
 */

export interface WebhookWorkerOptions {
  intervalMs: number;
  batchSize: number;
  /** How long a claim holds; longer than the timeout, so a slow receiver is not posted to twice. */
  leaseMs: number;
  timeoutMs: number;
  concurrency: number;
  /** The jitter's randomness, in [0, 1). */
  random: () => number;
  /** The companies this worker serves; null for all (a way to split the work, and to keep tests sharing a database apart). */
  companies: readonly string[] | null;
}

export const DEFAULT_WEBHOOK_WORKER: WebhookWorkerOptions = { intervalMs: 1_000, batchSize: 50, leaseMs: 120_000, timeoutMs: 10_000, concurrency: 8, random: Math.random, companies: null };

export interface WebhookTickResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export interface WebhookWorker {
  /** Claims and posts everything due; ticks never overlap within a worker. */
  tick(): Promise<WebhookTickResult>;
  start(): void;
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  endpoint_id: string;
  company_id: string;
  event_id: string;
  event_type: string;
  payload: WebhookPayload;
  attempts: number;
  max_attempts: number;
  created_at: Date;
  claim_token: string;
  url: string;
  kind: 'generic' | 'slack';
  secret: string;
}

async function claimDue(svc: Services, now: Date, opts: WebhookWorkerOptions): Promise<Claimed[]> {
  const token = randomUUID();
  const until = new Date(now.getTime() + opts.leaseMs);
  const scope = opts.companies ? sql<boolean>`d.company_id = any(${[...opts.companies]}::uuid[])` : sql<boolean>`true`;
  const { rows } = await sql<Claimed>`
    with due as (
      select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= ${now} and e.active
         and (d.claimed_until is null or d.claimed_until <= ${now}) and ${scope}
       order by d.next_attempt_at, d.id
       limit ${opts.batchSize}
       for update of d skip locked
    ), claimed as (
      update webhook_deliveries d set claim_token = ${token}, claimed_until = ${until}
        from due where d.id = due.id
      returning d.id, d.endpoint_id, d.company_id, d.event_id, d.event_type, d.payload, d.attempts, d.max_attempts, d.created_at, d.claim_token
    )
    select c.*, e.url, e.kind, e.secret from claimed c join webhook_endpoints e on e.id = c.endpoint_id`.execute(svc.db);
  return rows;
}

/** The body and headers of one attempt; the body is the same on every attempt of an event. */
function requestOf(svc: Services, d: Claimed, attempt: number, at: Date): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'Corridor-Event': d.event_type, 'Corridor-Event-Id': d.event_id, 'Corridor-Delivery-Attempt': String(attempt) };
  if (d.kind === 'slack') {
    return { body: JSON.stringify(buildSlackMessage({ eventType: d.event_type, eventId: d.event_id, occurredAt: d.created_at, payload: d.payload, baseUrl: svc.baseUrl })), headers };
  }
  const body = JSON.stringify({ id: d.event_id, type: d.event_type, createdAt: d.created_at.toISOString(), data: d.payload });
  headers['Corridor-Signature'] = signatureHeader(d.secret, Math.floor(at.getTime() / 1000), body);
  return { body, headers };
}

type Outcome = 'delivered' | 'retrying' | 'failed';

async function deliverOne(svc: Services, d: Claimed, opts: WebhookWorkerOptions, allowPrivate: boolean): Promise<Outcome> {
  const attempt = d.attempts + 1;
  const startedAt = svc.now();
  const { body, headers } = requestOf(svc, d, attempt, startedAt);
  const started = performance.now();
  const result: PostResult = await postWebhook({ url: d.url, headers, body, timeoutMs: opts.timeoutMs, allowPrivate });
  const durationMs = Math.round(performance.now() - started);
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const gone = result.statusCode === 410;
  const now = svc.now();
  const outcome: Outcome = ok ? 'delivered' : gone || attempt >= d.max_attempts ? 'failed' : 'retrying';
  // The attempts of this round (a redelivery starts a new one) set the backoff.
  const failuresInRound = attempt - (d.max_attempts - WEBHOOK_MAX_ATTEMPTS);
  const next = outcome === 'retrying' ? new Date(now.getTime() + retryDelayMs(failuresInRound, opts.random())) : now;
  const error = ok ? null : (result.error ?? `the receiver answered ${result.statusCode ?? 'nothing'}`);
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webhook_attempts')
      .values({ delivery_id: d.id, attempt, started_at: startedAt, duration_ms: durationMs, status_code: result.statusCode, error: ok ? null : error, response_body: result.responseBody })
      .execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({
        status: outcome === 'retrying' ? 'pending' : outcome,
        attempts: attempt,
        next_attempt_at: next,
        claim_token: null,
        claimed_until: null,
        last_status: result.statusCode,
        last_error: error,
        duration_ms: durationMs,
        delivered_at: ok ? now : null,
      })
      .where('id', '=', d.id)
      .where('claim_token', '=', d.claim_token)
      .execute();
    if (gone) {
      const off = await tx
        .updateTable('webhook_endpoints')
        .set({ active: false, disabled_reason: `The receiver answered 410 Gone on ${now.toISOString()}`, updated_at: now })
        .where('id', '=', d.endpoint_id)
        .where('active', '=', true)
        .returning('id')
        .executeTakeFirst();
      if (off) await recordAudit(tx, SYSTEM, { action: 'webhook.disable', entityType: 'webhook', entityId: d.endpoint_id, unitId: d.company_id, details: { reason: '410 Gone', deliveryId: d.id } });
    }
  });
  return outcome;
}

export function createWebhookWorker(svc: Services, options: Partial<WebhookWorkerOptions> = {}): WebhookWorker {
  const opts = { ...DEFAULT_WEBHOOK_WORKER, ...options };
  let running: Promise<WebhookTickResult> | null = null;

  async function pass(): Promise<WebhookTickResult> {
    const total: WebhookTickResult = { delivered: 0, retrying: 0, failed: 0 };
    for (;;) {
      if (loop.stopped()) return total;
      const batch = await claimDue(svc, svc.now(), opts);
      if (batch.length === 0) return total;
      // A few posts at a time: one slow receiver does not hold up the others.
      let i = 0;
      const lane = async () => {
        while (i < batch.length) {
          const d = batch[i++];
          if (d) total[await deliverOne(svc, d, opts, svc.webhookAllowPrivate)]++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, batch.length) }, lane));
      if (batch.length < opts.batchSize) return total;
    }
  }

  const tick = (): Promise<WebhookTickResult> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const loop = createPollLoop({ intervalMs: opts.intervalMs, pass: tick, current: () => running, onError: (err) => svc.log.error({ err }, 'webhook worker pass failed') });
  return { tick, ...loop };
}
