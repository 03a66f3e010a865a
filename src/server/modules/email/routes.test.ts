import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, bearer, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from '../../../../test/api/helpers.ts';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { makeCompany, makeContact, makeInvitation, type TestCompany } from '../../../../test/support/factories.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let surveyId: string;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  surveyId = (await liveSurvey(c, admin, { title: 'Check', unitId: co.company.id, definition: { questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } })).id;
});
afterAll(async () => c?.stop());

async function invited(locale = 'en') {
  const contact = await makeContact(c.handle.db, co.banking.id, { locale });
  const inv = await makeInvitation(c.handle.db, { surveyId, contactId: contact.id, unitId: co.banking.id });
  return { contact, inv };
}

const contactRow = (id: string) => c.handle.db.selectFrom('contacts').select(['opted_out_at', 'opt_out_source', 'bounce_state', 'bounced_at', 'email']).where('id', '=', id).executeTakeFirstOrThrow();

describe('unsubscribe link', () => {
  it('asks on GET (and changes nothing), unsubscribes on the page\u2019s POST, once', async () => {
    const { contact, inv } = await invited('de');
    const page = await c.app.inject({ method: 'GET', url: `/u/${inv.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Keine Umfragen mehr von ${co.company.name} erhalten?`);
    expect(page.body).toContain(`<form class="card" method="post" action="/u/${inv.token}">`);
    expect((await contactRow(contact.id)).opted_out_at).toBeNull();
    for (let i = 0; i < 2; i++) {
      const res = await c.app.inject({ method: 'POST', url: `/u/${inv.token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Sie sind abgemeldet');
    }
    const row = await contactRow(contact.id);
    expect(row.opted_out_at).not.toBeNull();
    expect(row.opt_out_source).toBe('unsubscribe');
    const i = await c.handle.db.selectFrom('invitations').select('unsubscribed_at').where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(i.unsubscribed_at).not.toBeNull();
    expect(await auditActions(c.handle.db, contact.id)).toEqual(['contact.unsubscribe']);
  });

  it('takes the RFC 8058 one-click post', async () => {
    const { contact, inv } = await invited();
    const res = await c.app.inject({ method: 'POST', url: `/u/${inv.token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect((await contactRow(contact.id)).opted_out_at).not.toBeNull();
  });

  it('answers an unknown token with a 404 page', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await c.app.inject({ method, url: '/u/not-a-real-token-at-all-0123456789', ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' } : {}) });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });
});

describe('POST /api/v1/email/events', () => {
  it('marks hard bounces and complaints for good, counts soft bounces to hard, and is idempotent', async () => {
    const key = await bearer(c, 'admin', co.company.id);
    const { contact: a, inv } = await invited();
    const { contact: b } = await invited();
    const { contact: s } = await invited();
    const [ea, eb, es] = await Promise.all([a, b, s].map(async (x) => (await contactRow(x.id)).email));
    await c.handle.db.updateTable('invitations').set({ message_id: '<m-1@corridor.test>', status: 'sent' }).where('id', '=', inv.id).execute();
    const body = {
      events: [
        { type: 'bounce', email: ea, bounceType: 'hard', messageId: '<m-1@corridor.test>', at: '2026-03-01T10:00:00Z' },
        { type: 'complaint', email: eb },
        { type: 'bounce', email: es, bounceType: 'soft', at: '2026-03-01T10:00:00Z' },
        { type: 'bounce', email: es, bounceType: 'soft', at: '2026-03-02T10:00:00Z' },
        { type: 'bounce', email: 'nobody@example.test' },
      ],
    };
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/email/events', headers: key, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: 5, applied: 4, duplicates: 0, unknown: 1 });
    expect((await contactRow(a.id)).bounce_state).toBe('hard');
    expect((await contactRow(b.id)).bounce_state).toBe('complaint');
    expect((await contactRow(s.id)).bounce_state).toBe('soft');
    const i = await c.handle.db.selectFrom('invitations').select('bounced_at').where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(i.bounced_at?.toISOString()).toBe('2026-03-01T10:00:00.000Z');

    const again = await c.app.inject({ method: 'POST', url: '/api/v1/email/events', headers: key, payload: body });
    expect(again.json()).toEqual({ received: 5, applied: 0, duplicates: 5, unknown: 0 });
    expect((await contactRow(s.id)).bounce_state).toBe('soft');

    const third = await c.app.inject({ method: 'POST', url: '/api/v1/email/events', headers: key, payload: { events: [{ type: 'bounce', email: es, bounceType: 'soft', at: '2026-03-03T10:00:00Z' }, { type: 'bounce', email: eb, bounceType: 'hard' }] } });
    expect(third.json()).toMatchObject({ applied: 2 });
    expect((await contactRow(s.id)).bounce_state).toBe('hard');
    // A complaint is never lowered to a bounce.
    expect((await contactRow(b.id)).bounce_state).toBe('complaint');
  });

  it('lists every bad item of a bad body, and needs the email.events permission', async () => {
    const key = await bearer(c, 'admin', co.company.id);
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/email/events', headers: key, payload: { events: [{ type: 'bounce', email: 'x@example.test' }, { type: 'open', email: 'x@example.test' }, { type: 'bounce', email: 'nope' }] } });
    expectValidation(res, 'events.1.type', 'events.2.email');
    const analyst = await bearer(c, 'analyst', co.company.id);
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/email/events', headers: analyst, payload: { events: [{ type: 'bounce', email: 'x@example.test' }] } }), 403, 'forbidden');
  });
});

describe('outbox', () => {
  it('lists the company\u2019s held mail newest first with paging, and shows one message', async () => {
    const other = await makeCompany(c.handle.db);
    for (let i = 1; i <= 3; i++) {
      await c.services.mailer.deliver({ to: `p${i}@example.test`, subject: `Subject ${i}`, html: `<p>${i}</p>`, text: `${i}`, headers: { 'X-N': String(i) }, messageId: `<o-${i}-${co.company.id}@corridor.test>`, kind: 'notice', companyId: co.company.id, invitationId: null }, async () => true);
    }
    await c.services.mailer.deliver({ to: 'other@example.test', subject: 'Other', html: '', text: '', headers: {}, messageId: `<o-x-${other.company.id}@corridor.test>`, kind: 'notice', companyId: other.company.id, invitationId: null }, async () => true);
    const first = await c.app.inject({ method: 'GET', url: '/api/v1/outbox?limit=2', headers: admin });
    expect(first.statusCode, first.body).toBe(200);
    const p1 = first.json() as { items: { id: string; subject: string }[]; next: string | null; mode: string };
    expect(p1.mode).toBe('outbox');
    expect(p1.items.map((m) => m.subject)).toEqual(['Subject 3', 'Subject 2']);
    const p2 = (await c.app.inject({ method: 'GET', url: `/api/v1/outbox?limit=2&before=${p1.next}`, headers: admin })).json() as typeof p1;
    expect(p2.items.map((m) => m.subject)).toEqual(['Subject 1']);
    expect(p2.next).toBeNull();
    const one = await c.app.inject({ method: 'GET', url: `/api/v1/outbox/${p1.items[0]?.id}`, headers: admin });
    expect(one.json()).toMatchObject({ subject: 'Subject 3', to: 'p3@example.test', html: '<p>3</p>', text: '3', headers: { 'X-N': '3' } });
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/outbox/${p1.items[0]?.id}`, headers: otherAdmin }), 404, 'not_found');
    const analyst = (await signIn(c, 'analyst', co.company.id)).headers;
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/outbox', headers: analyst }), 403, 'forbidden');
  });
});
