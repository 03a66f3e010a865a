import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidation, signIn, type TestCorridor } from '../../../../test/api/helpers.ts';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { makeCompany } from '../../../../test/support/factories.ts';
import type { OutboxPage } from '../../../contract/email.ts';

/** Paging the outbox: newest held first, each message once, even when many were held at the very same instant. */

let c: TestCorridor;
beforeAll(async () => {
  c = await openTestCorridor();
});
afterAll(async () => c?.stop());

describe('outbox paging', () => {
  it('walks messages held at the same instant one page at a time, newest first, none skipped or repeated', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    for (let i = 0; i < 5; i++) {
      const messageId = `<paging-${i}-${co.company.id}@corridor.test>`;
      await c.services.mailer.deliver({ to: `p${i}@example.test`, subject: `S${i}`, html: '', text: '', headers: {}, messageId, kind: 'notice', companyId: co.company.id, invitationId: null }, async () => true);
    }
    // The same timestamp for all: the order is the order they were held in, not the clock's.
    await c.handle.db.updateTable('outbox_messages').set({ created_at: sql<Date>`'2026-01-01T10:00:00.123456Z'::timestamptz` }).where('company_id', '=', co.company.id).execute();
    const expected = ['S4', 'S3', 'S2', 'S1', 'S0'];
    const seen: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res: Awaited<ReturnType<TestCorridor['app']['inject']>> = await c.app.inject({ method: 'GET', url: `/api/v1/outbox?limit=1${before ? `&before=${before}` : ''}`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      const page: OutboxPage = res.json<OutboxPage>();
      seen.push(...page.items.map((m) => m.subject));
      before = page.next;
      if (!before) break;
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor it did not make', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    for (const bad of ['nonsense', Buffer.from('2026-01-01T10:00:00.123Z|00000000-0000-0000-0000-000000000000').toString('base64url')]) {
      expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/outbox?before=${bad}`, headers: admin }), 'before');
    }
  });
});
