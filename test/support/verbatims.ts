import { expect } from 'vitest';
import { claimTextInbox, indexResponse } from '../../src/server/modules/verbatims/index-responses.ts';
import { contextCache } from '../../src/server/modules/verbatims/write-verbatim.ts';
import type { Headers } from '../api/helpers.ts';
import type { openTestCorridor } from './corridor.ts';

type TestCorridor = Awaited<ReturnType<typeof openTestCorridor>>;

/**
 * Analyses every stored response waiting in the text inbox of the company, then discovers its themes
 * and waits for the discovery to finish, so the explorer has verbatims with themes to show.
 */
export async function indexAllVerbatims(corridor: TestCorridor, companyId: string, admin: Headers): Promise<void> {
  const db = corridor.services.db;
  const contextOf = contextCache(db);
  for (;;) {
    const ids = await claimTextInbox(db, new Date(), 200, [companyId]);
    if (ids.length === 0) break;
    for (const id of ids) await indexResponse(db, id, contextOf, new Date());
  }
  const started = await corridor.app.inject({ method: 'POST', url: '/api/v1/themes/discover', headers: admin });
  expect(started.statusCode, started.body).toBe(202);
  const until = Date.now() + 60_000;
  for (;;) {
    const list = await corridor.app.inject({ method: 'GET', url: '/api/v1/themes', headers: admin });
    const state = (list.json() as { discovery: { state: string } }).discovery.state;
    if (state === 'done') break;
    if (state === 'failed' || Date.now() > until) throw new Error(`theme discovery ended ${state}: ${list.body}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
