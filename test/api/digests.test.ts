import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestSubscription, DigestSubscriptionList } from '../../src/contract/digests.ts';
import { sendDueDigests } from '../../src/server/modules/digests/send.ts';
import { importResponses } from '../../src/server/modules/responses/import.ts';
import { findLiveSurvey } from '../../src/server/modules/responses/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany, type TestUser } from '../support/factories.ts';
import { startSmtpSink, type ParsedMessage, type SmtpSink } from '../support/smtp.ts';
import { expectError, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Digests through a real SMTP server with a controlled clock: each subscription's digest arrives
 * once per period (however many passes or workers), carries its charts as inline PNGs, escapes what
 * customers wrote, and shows only the recipient's units.
 */

let now = new Date('2030-06-01T05:00:00Z');
let c: TestCorridor;
let sink: SmtpSink;
let co: TestCompany;
let admin: { user: TestUser; headers: Headers };
let banking: { user: TestUser; headers: Headers };
let insurance: { user: TestUser; headers: Headers };

const HOSTILE = '<img src=x onerror=alert(1)> invoices & "late"';
const at = (month: number, i: number) => new Date(Date.UTC(2030, month - 1, 1 + (i % 28), 12));
const pass = () => sendDueDigests(c.services, [co.company.id]);
const mine = (u: { user: TestUser }) => sink.messages.filter((m) => m.envelopeTo.includes(u.user.email));

beforeAll(async () => {
  sink = await startSmtpSink();
  c = await openTestCorridor({ now: () => now, smtpUrl: sink.url });
  co = await makeCompany(c.handle.db);
  admin = await signIn(c, 'admin', co.company.id);
  banking = await signIn(c, 'manager', co.banking.id);
  insurance = await signIn(c, 'manager', co.insurance.id);
  const survey = await liveSurvey(c, admin.headers, {
    title: 'Service & <Support>',
    definition: {
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend us?' },
        { id: 'invoice', type: 'rating', text: 'Invoicing', min: 1, max: 5 },
        { id: 'why', type: 'text', text: 'Why?' },
      ],
    },
  });
  const live = await findLiveSurvey(c.services, survey.slug);
  await importResponses(c.services, live, [
    ...Array.from({ length: 40 }, (_, i) => ({ unitId: co.banking.id, submittedAt: at(4, i), answers: { nps: 10, invoice: 5 } })),
    ...Array.from({ length: 40 }, (_, i) => ({ unitId: co.banking.id, submittedAt: at(5, i), answers: { nps: i % 2 ? 2 : 9, invoice: 1, why: HOSTILE } })),
    ...Array.from({ length: 40 }, (_, i) => ({ unitId: co.insurance.id, submittedAt: at(5, i), answers: { nps: 1, invoice: 1, why: 'Insurance only remark' } })),
  ]);
});
afterAll(async () => {
  await c?.stop();
  await sink?.close();
});

function images(m: ParsedMessage) {
  return m.attachments.filter((a) => a.contentType === 'image/png');
}

describe('email digests', () => {
  it('gives each role its default subscription, visible in their own settings', async () => {
    await pass();
    const list = async (h: Headers, q = '') => {
      const res = await c.app.inject({ method: 'GET', url: `/api/v1/digests/subscriptions${q}`, headers: h });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as DigestSubscriptionList).subscriptions;
    };
    expect((await list(banking.headers)).map((s) => [s.kind, s.unitName, s.cadence])).toEqual([['monthly_review', 'Banking', 'monthly']]);
    expect((await list(admin.headers)).map((s) => [s.kind, s.cadence])).toEqual([['relationship_summary', 'quarterly']]);
    // An admin reads another user's; a manager may not.
    expect(await list(admin.headers, `?userId=${banking.user.id}`)).toHaveLength(1);
    expectError(await c.app.inject({ method: 'GET', url: `/api/v1/digests/subscriptions?userId=${insurance.user.id}`, headers: banking.headers }), 403, 'forbidden');
  });

  it('sends nothing more before 06:00 on the day after a month: April went once, May is not due yet', async () => {
    const before = sink.messages.length;
    // At 05:00 on 1 June the last month due is April: each subscriber got April's review in the pass above, once.
    expect(mine(banking).map((m) => m.subject)).toEqual(['Banking: monthly review, April 2030']);
    await pass();
    expect(sink.messages.length).toBe(before);
  });

  it('sends May at 06:00 exactly once, even with two workers passing at the same time', async () => {
    now = new Date('2030-06-01T06:00:00Z');
    const results = await Promise.all([pass(), pass()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(2);
    await pass();
    const may = (u: typeof banking) => mine(u).filter((m) => m.subject.includes('May 2030'));
    expect(may(banking)).toHaveLength(1);
    expect(may(insurance)).toHaveLength(1);
    const rows = await c.handle.db.selectFrom('digest_deliveries').select(['period']).where('period', '=', '2030-05').execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('carries its charts as inline PNGs the HTML refers to, escaped HTML, a text part, and only the unit’s own data', async () => {
    const [m] = mine(banking).filter((x) => x.subject.includes('May 2030'));
    if (!m) throw new Error('no May digest');
    expect(m.headers['content-type']).toMatch(/^multipart\/related/);
    const pngs = images(m);
    expect(pngs.map((p) => p.cid).sort()).toEqual(['headline@corridor', 'problems@corridor']);
    for (const p of pngs) {
      expect(p.disposition).toBe('inline');
      expect(m.html).toContain(`src="cid:${p.cid}"`);
      const png = PNG.sync.read(p.content);
      expect(png.width).toBe(1120);
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 200) ink++;
      expect(ink).toBeGreaterThan(1000);
    }
    expect(m.html).not.toContain('<img src=x');
    expect(m.html).toContain('&#60;img src=x onerror=alert(1)&#62; invoices &#38; &#34;late&#34;');
    expect(m.html).toContain('Service &#38; &#60;Support&#62;');
    expect(m.html).toContain('name="viewport"');
    expect(m.text).toContain('KEY EXPERIENCE PROBLEMS');
    expect(m.text).toContain('Invoicing: 0/100 (was 100), n = 40, 100% low scores, got worse');
    expect(m.text).toContain(HOSTILE);
    expect(m.html + m.text).not.toContain('Insurance only');
    const [theirs] = mine(insurance).filter((x) => x.subject.includes('May 2030'));
    expect(theirs?.text).toContain('Insurance only remark');
  });

  it('stops with an unsubscribe, audited, and lets an admin subscribe a manager only within their scope', async () => {
    const [sub] = ((await c.app.inject({ method: 'GET', url: '/api/v1/digests/subscriptions', headers: insurance.headers })).json() as DigestSubscriptionList).subscriptions;
    const del = await c.app.inject({ method: 'DELETE', url: `/api/v1/digests/subscriptions/${sub?.id}`, headers: insurance.headers });
    expect(del.statusCode, del.body).toBe(204);
    const audit = await c.handle.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', sub?.id ?? '').execute();
    expect(audit).toEqual([{ action: 'digest.unsubscribe', actor_id: insurance.user.id }]);
    const outside = await c.app.inject({ method: 'POST', url: '/api/v1/digests/subscriptions', headers: admin.headers, payload: { userId: banking.user.id, kind: 'monthly_review', unitId: co.insurance.id } });
    expectError(outside, 404, 'not_found');
    const quarterly = await c.app.inject({ method: 'POST', url: '/api/v1/digests/subscriptions', headers: admin.headers, payload: { userId: banking.user.id, kind: 'relationship_summary', unitId: co.banking.id } });
    expect(quarterly.statusCode, quarterly.body).toBe(201);
    expect(quarterly.json<DigestSubscription>()).toMatchObject({ userName: 'manager user', cadence: 'quarterly', lastSent: null });
    const again = await c.app.inject({ method: 'POST', url: '/api/v1/digests/subscriptions', headers: admin.headers, payload: { userId: banking.user.id, kind: 'relationship_summary', unitId: co.banking.id } });
    expectError(again, 409, 'already_subscribed');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/digests/subscriptions', headers: banking.headers, payload: { kind: 'weekly', unitId: co.banking.id } }), 400, 'validation_failed');

    now = new Date('2030-07-01T06:30:00Z');
    await pass();
    expect(mine(insurance).filter((m) => m.subject.includes('June 2030'))).toHaveLength(0);
    expect(mine(banking).filter((m) => m.subject.includes('June 2030'))).toHaveLength(1);
    const summary = mine(banking).filter((m) => m.subject.includes('relationship summary'));
    expect(summary.map((m) => m.subject)).toEqual(['Banking: relationship summary, 2029-Q3 to 2030-Q2']);
    expect(images(summary[0] as ParsedMessage).map((p) => p.cid)).toEqual(['trend@corridor']);
    expect(mine(admin).filter((m) => m.subject.includes('2030-Q2'))).toHaveLength(1);
  });
});
