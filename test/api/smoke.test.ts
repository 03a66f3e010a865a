import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';

let corridor: Awaited<ReturnType<typeof openTestCorridor>>;
beforeAll(async () => {
  corridor = await openTestCorridor();
});
afterAll(async () => corridor?.stop());

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await corridor.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await corridor.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });
});
