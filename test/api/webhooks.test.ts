import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDeliveryPage, WebhookEndpoint, WebhookWithSecret } from '../../src/contract/webhooks.ts';
import { verifySignature } from '../../src/server/modules/webhooks/signature.ts';
import { createWebhookWorker, type WebhookWorker } from '../../src/server/modules/webhooks/worker.ts';
import { auditActions, expectError, expectValidation, signIn, type Headers, type TestCorridor } from './helpers.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/** Managing webhooks through /api/v1/webhooks: the secret once, bad input, scope, and the test event. */

const T0 = new Date('2026-06-01T09:00:00.000Z');
let clock = T0;
let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let receiver: WebhookReceiver;
let worker: WebhookWorker;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => clock });
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

async function create(body: Record<string, unknown>, headers = admin): Promise<WebhookWithSecret> {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('webhook endpoints', () => {
  it('shows the secret on creation and rotation only, and audits each change', async () => {
    const made = await create({ name: 'CRM', url: receiver.url, eventTypes: ['case.opened', 'alert.fired'] });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made.webhook).toMatchObject({ name: 'CRM', url: receiver.url, kind: 'generic', eventTypes: ['case.opened', 'alert.fired'], active: true, disabledReason: null });
    const list = await c.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(made.secret);
    expect((list.json() as { webhooks: WebhookEndpoint[] }).webhooks.map((w) => w.id)).toContain(made.webhook.id);
    const one = await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin });
    expect(one.body).not.toContain(made.secret);
    expect(Object.keys(one.json() as object)).not.toContain('secret');

    const rotated = await c.app.inject({ method: 'POST', url: `/api/v1/webhooks/${made.webhook.id}/rotate-secret`, headers: admin });
    const r = rotated.json() as WebhookWithSecret;
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(made.secret);

    const patched = await c.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin, payload: { name: 'CRM sync', active: false } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'CRM sync', active: false });
    expect(patched.body).not.toContain(r.secret);

    expect((await c.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin })).statusCode).toBe(204);
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin }), 404, 'not_found');
    expect(await auditActions(c.handle.db, made.webhook.id)).toEqual(['webhook.create', 'webhook.rotate_secret', 'webhook.update', 'webhook.delete']);
    const audit = await c.handle.db.selectFrom('audit_log').select('details').where('entity_id', '=', made.webhook.id).execute();
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });

  it('refuses bad input with the field to fix, and stores nothing', async () => {
    const before = await c.handle.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    const bad = async (payload: Record<string, unknown>, ...fields: string[]) =>
      expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload }), ...fields);
    await bad({ name: '', url: receiver.url, eventTypes: ['case.opened'] }, 'name');
    await bad({ name: 'x', url: receiver.url, eventTypes: [] }, 'eventTypes');
    await bad({ name: 'x', url: receiver.url, eventTypes: ['case.exploded'] }, 'eventTypes.0');
    await bad({ name: 'x', url: receiver.url, eventTypes: ['case.opened'], kind: 'teams' }, 'kind');
    await bad({ name: 'x', url: 'not a url', eventTypes: ['case.opened'] }, 'url');
    await bad({ name: 'x', url: 'ftp://example.com/hook', eventTypes: ['case.opened'] }, 'url');
    await bad({ name: 'x', url: 'https://user:pw@example.com/hook', eventTypes: ['case.opened'] }, 'url');
    // Link-local and metadata addresses are refused even where private ones are allowed.
    await bad({ name: 'x', url: 'http://169.254.169.254/latest/meta-data', eventTypes: ['case.opened'] }, 'url');
    await bad({ name: 'x', url: 'http://[fe80::1]/hook', eventTypes: ['case.opened'] }, 'url');
    await bad({ name: 'x', url: 'http://[::ffff:169.254.169.254]/hook', eventTypes: ['case.opened'] }, 'url');
    const made = await create({ name: 'Ok', url: receiver.url, eventTypes: ['case.opened'] });
    expectValidation(await c.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin, payload: {} }), '');
    expectValidation(await c.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin, payload: { url: 'gopher://x' } }), 'url');
    expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}/deliveries?status=lost`, headers: admin }), 'status');
    expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}/deliveries?limit=1000`, headers: admin }), 'limit');
    expectValidation(await c.app.inject({ method: 'GET', url: '/api/v1/webhooks/not-a-uuid', headers: admin }), 'id');
    const after = await c.handle.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<string>().as('n')).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const unchanged = await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}`, headers: admin });
    expect((unchanged.json() as WebhookEndpoint).url).toBe(receiver.url);
  });

  it('is for admins of the whole company only: managers, analysts, unit admins and other companies are refused', async () => {
    const made = await create({ name: 'Scoped', url: receiver.url, eventTypes: ['case.opened'] });
    for (const [role, unit] of [['manager', co.company.id], ['analyst', co.company.id], ['agent', co.company.id], ['viewer', co.company.id], ['admin', co.banking.id]] as const) {
      const h = (await signIn(c, role, unit)).headers;
      expectError(await c.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: h }), 403, 'forbidden');
      expectError(await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}/deliveries`, headers: h }), 403, 'forbidden');
      expectError(await c.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: h, payload: { name: 'x', url: receiver.url, eventTypes: ['case.opened'] } }), 403, 'forbidden');
    }
    const other = await makeCompany(c.handle.db);
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const theirs = await c.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: otherAdmin });
    expect((theirs.json() as { webhooks: WebhookEndpoint[] }).webhooks).toEqual([]);
    for (const [method, url] of [
      ['GET', `/api/v1/webhooks/${made.webhook.id}`],
      ['PATCH', `/api/v1/webhooks/${made.webhook.id}`],
      ['DELETE', `/api/v1/webhooks/${made.webhook.id}`],
      ['POST', `/api/v1/webhooks/${made.webhook.id}/rotate-secret`],
      ['POST', `/api/v1/webhooks/${made.webhook.id}/test`],
      ['GET', `/api/v1/webhooks/${made.webhook.id}/deliveries`],
    ] as const) {
      expectError(await c.app.inject({ method, url, headers: otherAdmin, ...(method === 'PATCH' ? { payload: { name: 'mine' } } : {}) }), 404, 'not_found');
    }
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/webhooks' }), 401, 'unauthenticated');
  });
});

describe('the test event and the delivery log', () => {
  it('posts a signed test event once, logs it, and redelivers it with the same event id on request', async () => {
    receiver.received.length = 0;
    const made = await create({ name: 'Receiver', url: receiver.url, eventTypes: ['case.opened'] });
    const queued = await c.app.inject({ method: 'POST', url: `/api/v1/webhooks/${made.webhook.id}/test`, headers: admin });
    expect(queued.statusCode, queued.body).toBe(202);
    const { eventId, deliveryId } = queued.json() as { eventId: string; deliveryId: string };
    expect(await worker.tick()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    await worker.tick();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    expect(got.headers['corridor-event']).toBe('webhook.test');
    expect(got.headers['corridor-event-id']).toBe(eventId);
    expect(got.headers['corridor-delivery-attempt']).toBe('1');
    const sig = String(got.headers['corridor-signature']);
    expect(sig).toMatch(new RegExp(`^t=${Math.floor(T0.getTime() / 1000)},v1=[0-9a-f]{64}$`));
    expect(verifySignature(made.secret, sig, got.body, Math.floor(T0.getTime() / 1000))).toBe(true);
    expect(verifySignature(made.secret, sig, got.body.replace('Test', 'Tost'), Math.floor(T0.getTime() / 1000))).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ id: eventId, type: 'webhook.test', data: { title: 'Test event from Corridor', link: '/settings/webhooks' } });

    const page = (await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}/deliveries`, headers: admin })).json() as WebhookDeliveryPage;
    expect(page.total).toBe(1);
    expect(page.deliveries[0]).toMatchObject({ id: deliveryId, eventId, status: 'delivered', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null, deliveredAt: T0.toISOString() });
    expect(page.deliveries[0]?.attemptLog).toMatchObject([{ attempt: 1, statusCode: 200, responseBody: 'ok', error: null }]);

    const again = await c.app.inject({ method: 'POST', url: `/api/v1/webhooks/${made.webhook.id}/deliveries/${deliveryId}/redeliver`, headers: admin });
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ status: 'pending', eventId });
    await worker.tick();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['corridor-event-id']).toBe(eventId);
    expect(receiver.received[1]?.headers['corridor-delivery-attempt']).toBe('2');
    expect(receiver.received[1]?.body).toBe(got.body);
    expect(await auditActions(c.handle.db, made.webhook.id)).toEqual(['webhook.create', 'webhook.test', 'webhook.redeliver']);
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/webhooks/${made.webhook.id}/deliveries/${made.webhook.id}/redeliver`, headers: admin }), 404, 'not_found');
  });

  it('filters the log by status and event type and pages it newest first', async () => {
    receiver.answer(500, 500);
    const made = await create({ name: 'Paged', url: receiver.url, eventTypes: ['case.opened'] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock = new Date(T0.getTime() + i * 1_000);
      ids.push(((await c.app.inject({ method: 'POST', url: `/api/v1/webhooks/${made.webhook.id}/test`, headers: admin })).json() as { deliveryId: string }).deliveryId);
    }
    clock = new Date(T0.getTime() + 10_000);
    expect(await worker.tick()).toMatchObject({ delivered: 3, retrying: 2 });
    const get = async (q: string) => (await c.app.inject({ method: 'GET', url: `/api/v1/webhooks/${made.webhook.id}/deliveries${q}`, headers: admin })).json() as WebhookDeliveryPage;
    const p1 = await get('?limit=2');
    expect(p1.total).toBe(5);
    expect(p1.deliveries.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    expect((await get('?limit=2&offset=4')).deliveries.map((d) => d.id)).toEqual([ids[0]]);
    const pending = await get('?status=pending');
    expect(pending.total).toBe(2);
    // Posted side by side, any two of them met the two 500s: those wait for their retry.
    for (const d of pending.deliveries) expect(d).toMatchObject({ lastStatus: 500, attempts: 1, nextAttemptAt: new Date(clock.getTime() + 30_000).toISOString() });
    expect(pending.deliveries[0]?.attemptLog[0]?.responseBody?.length).toBe(1_000);
    const delivered = await get('?status=delivered&eventType=webhook.test');
    expect(delivered.total).toBe(3);
    expect(new Set([...delivered.deliveries, ...pending.deliveries].map((d) => d.id))).toEqual(new Set(ids));
    expect((await get('?eventType=case.opened')).total).toBe(0);
    clock = T0;
  });
});
