import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs, RETRY_CAP_MS, WEBHOOK_MAX_ATTEMPTS } from '../../src/server/modules/webhooks/backoff.ts';
import { enqueueWebhookEvent } from '../../src/server/modules/webhooks/enqueue.ts';
import { postWebhook } from '../../src/server/modules/webhooks/sender.ts';
import { createWebhookWorker, type WebhookWorker } from '../../src/server/modules/webhooks/worker.ts';
import { checkWebhookUrl } from '../../src/server/modules/webhooks/url-policy.ts';
import type { WebhookWithSecret } from '../../src/contract/webhooks.ts';
import { signIn, type Headers, type TestCorridor } from './helpers.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { closedPort, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Delivery against a real HTTP receiver, with a controlled clock: retries and their backoff, giving
 * up, 410 Gone, the dedupe key, Slack's body, and one post per event with two workers side by side.
 */

const T0 = new Date('2026-06-01T09:00:00.000Z');
let clock = T0;
const at = (ms: number) => (clock = new Date(T0.getTime() + ms));
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let receiver: WebhookReceiver;
let worker: WebhookWorker;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock, baseUrl: 'https://cx.example.com' });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  // Ticked by hand, and kept to this file's company (other files may share the database).
  worker = createWebhookWorker(c.services, { companies: [co.company.id], random: () => 0.5 });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await c?.stop();
});

async function endpoint(body: Record<string, unknown>): Promise<WebhookWithSecret> {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload: { name: 'Hook', eventTypes: ['case.opened', 'alert.fired'], ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const delivery = (id: string) => c.handle.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const attemptsOf = (id: string) => c.handle.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('attempt').execute();
const enqueue = (endpointId: string, key: string, payload: Record<string, unknown> = { title: 'Case opened' }) =>
  enqueueWebhookEvent(c.handle.db, { companyId: co.company.id, endpointId, eventType: 'case.opened', payload, dedupeKey: key, now: clock });

describe('backoff', () => {
  it('doubles from 30 s to a cap of an hour, moved by at most 10 %', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
    expect(retryDelayMs(1, 0)).toBe(27_000);
    expect(retryDelayMs(1, 0.999999)).toBe(33_000);
    expect(retryDelayMs(20, 0.75)).toBe(RETRY_CAP_MS * 1.05);
  });
});

describe('delivery', () => {
  it('retries after a 500 when the backoff says, then delivers once and never again', async () => {
    at(0);
    receiver.received.length = 0;
    receiver.answer(500, 503);
    const hook = await endpoint({ url: receiver.url });
    const { deliveryIds, eventId } = await enqueue(hook.webhook.id, 'retry-500');
    const id = deliveryIds[0] ?? '';
    expect(await worker.tick()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect((await delivery(id)).next_attempt_at.toISOString()).toBe(new Date(T0.getTime() + 30_000).toISOString());
    at(29_999);
    await worker.tick();
    expect(receiver.received).toHaveLength(1);
    at(30_000);
    expect(await worker.tick()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect((await delivery(id)).next_attempt_at.toISOString()).toBe(new Date(T0.getTime() + 30_000 + 60_000).toISOString());
    at(89_999);
    await worker.tick();
    expect(receiver.received).toHaveLength(2);
    at(90_000);
    expect(await worker.tick()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    for (let i = 0; i < 3; i++) {
      at(90_000 + (i + 1) * RETRY_CAP_MS * 2);
      expect(await worker.tick()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    }
    expect(receiver.received.map((r) => r.headers['corridor-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(receiver.received.map((r) => r.headers['corridor-event-id']))).toEqual(new Set([eventId]));
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200, last_error: null });
    expect((await attemptsOf(id)).map((a) => a.status_code)).toEqual([500, 503, 200]);
  });

  it('retries when nothing listens, and gives up after the last attempt', async () => {
    at(0);
    const hook = await endpoint({ url: `http://127.0.0.1:${await closedPort()}/hook` });
    const id = (await enqueue(hook.webhook.id, 'closed-port')).deliveryIds[0] ?? '';
    let t = 0;
    for (let n = 1; n <= WEBHOOK_MAX_ATTEMPTS; n++) {
      const r = await worker.tick();
      expect(r).toEqual(n < WEBHOOK_MAX_ATTEMPTS ? { delivered: 0, retrying: 1, failed: 0 } : { delivered: 0, retrying: 0, failed: 1 });
      if (n < WEBHOOK_MAX_ATTEMPTS) t += retryDelayMs(n, 0.5);
      at(t);
    }
    const d = await delivery(id);
    expect(d).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS, last_status: null });
    expect(d.last_error).toMatch(/ECONNREFUSED/);
    const log = await attemptsOf(id);
    expect(log).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    // Each attempt started when its backoff said: 30 s, 1 min, 2 min, … after the one before.
    const starts = log.map((a) => a.started_at.getTime() - T0.getTime());
    expect(starts.slice(1).map((s, i) => s - (starts[i] ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, 0.5)));
    at(t + RETRY_CAP_MS * 10);
    expect(await worker.tick()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('switches the endpoint off on 410 Gone, and queues nothing more for it', async () => {
    at(0);
    receiver.answer(410);
    const hook = await endpoint({ url: receiver.url });
    const id = (await enqueue(hook.webhook.id, 'gone')).deliveryIds[0] ?? '';
    expect(await worker.tick()).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(await delivery(id)).toMatchObject({ status: 'failed', last_status: 410 });
    const ep = await c.handle.db.selectFrom('webhook_endpoints').select(['active', 'disabled_reason']).where('id', '=', hook.webhook.id).executeTakeFirstOrThrow();
    expect(ep.active).toBe(false);
    expect(ep.disabled_reason).toMatch(/410 Gone/);
    const fanOut = await enqueueWebhookEvent(c.handle.db, { companyId: co.company.id, eventType: 'case.opened', payload: {}, dedupeKey: 'after-gone', now: clock });
    const rows = await c.handle.db.selectFrom('webhook_deliveries').select('endpoint_id').where('id', 'in', fanOut.deliveryIds.length ? fanOut.deliveryIds : ['00000000-0000-0000-0000-000000000000']).execute();
    expect(rows.map((r) => r.endpoint_id)).not.toContain(hook.webhook.id);
    const on = await c.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${hook.webhook.id}`, headers: admin, payload: { active: true } });
    expect(on.json()).toMatchObject({ active: true, disabledReason: null });
  });

  it('keeps an event once per dedupe key, sends it only to subscribers, and only if the caller commits', async () => {
    at(0);
    const other = await makeCompany(c.handle.db);
    const subscribed = await endpoint({ url: receiver.url, eventTypes: ['alert.fired'] });
    const notSubscribed = await endpoint({ url: receiver.url, eventTypes: ['case.closed'] });
    const off = await endpoint({ url: receiver.url, eventTypes: ['alert.fired'], active: false });
    const input = { companyId: co.company.id, eventType: 'alert.fired' as const, payload: { title: 'NPS dropped' }, dedupeKey: `alert:${other.company.id}`, now: clock };
    const first = await enqueueWebhookEvent(c.handle.db, input);
    const targets = await c.handle.db.selectFrom('webhook_deliveries').select('endpoint_id').where('id', 'in', first.deliveryIds).execute();
    const ids = targets.map((t) => t.endpoint_id);
    expect(ids).toContain(subscribed.webhook.id);
    expect(ids).not.toContain(notSubscribed.webhook.id);
    expect(ids).not.toContain(off.webhook.id);
    expect((await enqueueWebhookEvent(c.handle.db, input)).deliveryIds).toEqual([]);
    // Another company's endpoints never get this company's events.
    const theirs = await enqueueWebhookEvent(c.handle.db, { ...input, companyId: other.company.id });
    expect(theirs.deliveryIds).toEqual([]);
    // Inside the caller's transaction: rolled back, the event is gone with the change.
    await expect(
      c.handle.db.transaction().execute(async (tx) => {
        const made = await enqueueWebhookEvent(tx, { ...input, dedupeKey: 'rolled-back' });
        expect(made.deliveryIds.length).toBeGreaterThan(0);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const kept = await c.handle.db.selectFrom('webhook_deliveries').select('id').where('dedupe_key', '=', 'rolled-back').execute();
    expect(kept).toEqual([]);
  });

  it('posts a Slack message with the essentials escaped, a link into Corridor, and no signature', async () => {
    at(0);
    receiver.received.length = 0;
    const slack = await endpoint({ url: receiver.url, kind: 'slack' });
    const { eventId } = await enqueue(slack.webhook.id, 'slack-1', { title: 'Case <#42> for A&B', summary: 'NPS 3 from <@U123> — "slow"', link: '/cases/42|x', caseId: '42' });
    await worker.tick();
    const got = receiver.received.find((r) => r.headers['corridor-event-id'] === eventId);
    if (!got) throw new Error('Slack got nothing');
    expect(got.headers['corridor-signature']).toBeUndefined();
    const body = JSON.parse(got.body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; elements?: { text: string }[] }[] };
    expect(body.text).toBe('Case &lt;#42&gt; for A&amp;B: NPS 3 from &lt;@U123&gt; — "slow"');
    expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Case &lt;#42&gt; for A&amp;B*\nNPS 3 from &lt;@U123&gt; — "slow"\n<https://cx.example.com/cases/42%7Cx|Open in Corridor>' } });
    expect(body.blocks[1]?.type).toBe('context');
    expect(body.blocks[1]?.elements?.[0]?.text).toContain(`case.opened · ${T0.toISOString()} · event ${eventId}`);
  });

  it('posts each event once with two workers ticking side by side, again and again', async () => {
    at(0);
    receiver.received.length = 0;
    const hook = await endpoint({ url: receiver.url });
    const events = new Set<string>();
    for (let i = 0; i < 40; i++) events.add((await enqueue(hook.webhook.id, `pair-${i}`)).eventId);
    const workers = [createWebhookWorker(c.services, { batchSize: 7, concurrency: 3, companies: [co.company.id] }), createWebhookWorker(c.services, { batchSize: 7, concurrency: 3, companies: [co.company.id] })];
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(workers.map((w) => w.tick()));
      if (round > 0) for (const r of results) expect(r.delivered).toBe(0);
      if (round === 0) expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(40);
    }
    const mine = receiver.received.filter((r) => events.has(String(r.headers['corridor-event-id'])));
    expect(mine).toHaveLength(40);
    expect(new Set(mine.map((r) => r.headers['corridor-event-id'])).size).toBe(40);
  });
});

describe('leases and timeouts', () => {
  it('leaves a delivery a dead worker claimed alone until its lease runs out, then posts it with the same event id', async () => {
    at(0);
    receiver.received.length = 0;
    const hook = await endpoint({ url: receiver.url });
    const { deliveryIds, eventId } = await enqueue(hook.webhook.id, 'dead-worker');
    const id = deliveryIds[0] ?? '';
    // A worker claimed it (120 s lease) and died before posting or recording anything.
    await c.handle.db.updateTable('webhook_deliveries').set({ claim_token: '00000000-0000-4000-8000-000000000001', claimed_until: new Date(T0.getTime() + 120_000) }).where('id', '=', id).execute();
    at(119_999);
    await worker.tick();
    expect(receiver.received).toHaveLength(0);
    at(120_000);
    expect(await worker.tick()).toMatchObject({ delivered: 1 });
    expect(receiver.received.map((r) => r.headers['corridor-event-id'])).toEqual([eventId]);
    expect(await delivery(id)).toMatchObject({ status: 'delivered', claim_token: null, claimed_until: null });
  });

  it('gives up on a receiver that does not answer within the timeout, and retries', async () => {
    at(0);
    const silent = (await import('node:http')).createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    try {
      const hook = await endpoint({ url: `http://127.0.0.1:${address.port}/slow` });
      const id = (await enqueue(hook.webhook.id, 'silent')).deliveryIds[0] ?? '';
      const slow = createWebhookWorker(c.services, { timeoutMs: 300, random: () => 0.5, companies: [co.company.id] });
      expect(await slow.tick()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      const d = await delivery(id);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: 'timed out after 300 ms' });
      expect(d.next_attempt_at.toISOString()).toBe(new Date(T0.getTime() + 30_000).toISOString());
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('the address policy', () => {
  it('refuses private and loopback receivers unless allowed, also when a host name resolves to one', async () => {
    expect(() => checkWebhookUrl('http://127.0.0.1:9/hook', false)).toThrow(/cannot be used/);
    expect(() => checkWebhookUrl('http://10.1.2.3/hook', false)).toThrow();
    expect(() => checkWebhookUrl('http://[::1]/hook', false)).toThrow();
    expect(() => checkWebhookUrl('http://localhost/hook', false)).toThrow();
    expect(checkWebhookUrl('http://127.0.0.1:9/hook', true).host).toBe('127.0.0.1:9');
    expect(checkWebhookUrl('https://hooks.example.com/x', false).host).toBe('hooks.example.com');
    expect(() => checkWebhookUrl('http://169.254.169.254/', true)).toThrow();
    receiver.received.length = 0;
    const port = new URL(receiver.url).port;
    // localhost is a host name: the check at connection time sees that it resolves to loopback.
    const refused = await postWebhook({ url: `http://localhost:${port}/hook`, headers: {}, body: '{}', timeoutMs: 5_000, allowPrivate: false });
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toMatch(/refused/);
    const literal = await postWebhook({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}', timeoutMs: 5_000, allowPrivate: false });
    expect(literal.error).toMatch(/refused/);
    expect(receiver.received).toHaveLength(0);
    const allowed = await postWebhook({ url: `http://localhost:${port}/hook`, headers: {}, body: '{}', timeoutMs: 5_000, allowPrivate: true });
    expect(allowed.statusCode).toBe(200);
    expect(receiver.received).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    receiver.received.length = 0;
    receiver.answer(302);
    const r = await postWebhook({ url: receiver.url, headers: {}, body: '{}', timeoutMs: 5_000, allowPrivate: true });
    expect(r.statusCode).toBe(302);
    expect(receiver.received).toHaveLength(1);
  });
});
