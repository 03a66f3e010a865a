import { expect } from 'vitest';
import type { Headers } from '../api/helpers.ts';
import type { openTestCorridor } from './corridor.ts';

type TestCorridor = Awaited<ReturnType<typeof openTestCorridor>>;

/**
 * Lets the text worker analyse every stored comment, then discovers the company's themes and waits for
 * the discovery to finish, so the explorer has verbatims with themes to show.
 */
export async function indexAllVerbatims(corridor: TestCorridor, admin: Headers): Promise<void> {
  const texts = corridor.texts;
  if (!texts) throw new Error('the worker role did not start');
  await corridor.services.writer.idle();
  while ((await texts.tick()).indexed > 0);
  const started = await corridor.app.inject({ method: 'POST', url: '/api/v1/themes/discover', headers: admin });
  expect(started.statusCode, started.body).toBe(202);
  const until = Date.now() + 60_000;
  for (;;) {
    await texts.tick();
    const list = await corridor.app.inject({ method: 'GET', url: '/api/v1/themes', headers: admin });
    const state = (list.json() as { discovery: { state: string } }).discovery.state;
    if (state === 'done') return;
    if (state === 'failed' || Date.now() > until) throw new Error(`theme discovery ended ${state}: ${list.body}`);
  }
}
