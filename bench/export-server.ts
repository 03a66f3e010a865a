/**
 * The server of the export benchmark, in a process of its own so its memory is measured alone:
 * Corridor's web role on the database the parent names. Tells the parent its port over IPC, and
 * answers "peak" messages with the highest RSS sampled since the last one (every 10 ms) and the
 * process's lifetime maximum.
 */
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../src/server/logger.ts';
import { openCorridor } from '../src/server/runtime.ts';
import { BENCH_RATE_LIMITS } from './target.ts';

const [databaseUrl, dataDir] = [process.argv[2] || undefined, process.argv[3] ?? ''];
const corridor = await openCorridor({
  config: { databaseUrl, dataDir, baseUrl: 'http://127.0.0.1', secureCookies: false },
  roles: new Set(['web']),
  log: silentLogger(),
  rateLimits: { ...BENCH_RATE_LIMITS },
});
if (!corridor.app) throw new Error('the web role did not start');
await corridor.app.listen({ port: 0, host: '127.0.0.1' });

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 10);

process.on('message', (msg: string) => {
  if (msg === 'peak') {
    const now = process.memoryUsage.rss();
    process.send?.({ peak: Math.max(peak, now), now, maxRss: process.resourceUsage().maxRSS * 1024 });
    peak = now;
  } else if (msg === 'stop') {
    clearInterval(sampler);
    void corridor.stop().then(() => process.exit(0));
  }
});
process.send?.({ port: (corridor.app.server.address() as AddressInfo).port });
