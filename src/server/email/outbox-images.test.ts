import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/corridor.ts';
import { migrateToLatest, type DatabaseHandle } from '../db/connect.ts';
import { silentLogger } from '../logger.ts';
import { createMailer } from './transport.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  await migrateToLatest(handle.db);
});
afterAll(async () => handle?.close());

describe('the outbox and inline images', () => {
  it('keeps a message’s cid: images in its HTML as data: URLs, which the app can show', async () => {
    const mailer = createMailer({ smtpUrl: null, from: 'Corridor <no-reply@corridor.test>', pool: 1, db: handle.db, log: silentLogger() });
    const messageId = `<${randomUUID()}@corridor.test>`;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const result = await mailer.deliver(
      { to: 'ana@example.test', subject: 'Digest', html: '<img src="cid:trend@corridor" alt="Trend"><img src="cid:trend@corridor" alt="Again">', text: 'Digest', headers: {}, messageId, kind: 'digest', companyId: null, invitationId: null, images: [{ cid: 'trend@corridor', contentType: 'image/png', filename: 'trend.png', content: png }] },
      async () => true,
    );
    expect(result).toBe('sent');
    const row = await handle.db.selectFrom('outbox_messages').select(['html', 'kind']).where('message_id', '=', messageId).executeTakeFirstOrThrow();
    const data = `data:image/png;base64,${png.toString('base64')}`;
    expect(row.html).toBe(`<img src="${data}" alt="Trend"><img src="${data}" alt="Again">`);
    expect(row.kind).toBe('digest');
    await mailer.close();
  });
});
