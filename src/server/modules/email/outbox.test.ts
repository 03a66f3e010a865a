import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidation, signIn, type TestCorridor } from '../../../../test/api/helpers.ts';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { makeCompany } from '../../../../test/support/factories.ts';
import type { OutboxPage } from '../../../contract/email.ts';

/** Paging the outbox: rows held within one millisecond, or at the very same instant, each come once, in order. */

let c: TestCorridor;
beforeAll(async () => {
  c = await openTestCorridor();
});
afterAll(async () => c?.stop());

describe('outbox paging', () => {
  it('walks rows held within one millisecond one page at a time, none skipped or repeated', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    const times = ['2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:00.123100Z', '2026-01-01T10:00:00.123100Z', '2026-01-01T10:00:00.123999Z', '2026-01-01T10:00:00.122000Z'];
    for (const [i, at] of times.entries()) {
      const messageId = `<paging-${i}-${co.company.id}@corridor.test>`;
      await c.services.mailer.deliver({ to: `p${i}@example.test`, subject: `S${i}`, html: '', text: '', headers: {}, messageId, kind: 'notice', companyId: co.company.id, invitationId: null }, async () => true);
      await c.handle.db.updateTable('outbox_messages').set({ created_at: sql<Date>`${at}::timestamptz` }).where('message_id', '=', messageId).execute();
    }
    const expected = await c.handle.db.selectFrom('outbox_messages').select('subject').where('company_id', '=', co.company.id).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
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
    expect(seen).toEqual(expected.map((r) => r.subject));
    expect(seen.slice(0, 2)).toEqual(['S3', 'S0']);
    expect(seen.at(-1)).toBe('S4');
  });

  it('refuses a cursor it did not make', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    for (const bad of ['nonsense', Buffer.from('2026-01-01T10:00:00.123Z|00000000-0000-0000-0000-000000000000').toString('base64url')]) {
      expectValidation(await c.app.inject({ method: 'GET', url: `/api/v1/outbox?before=${bad}`, headers: admin }), 'before');
    }
  });
});
