import os from 'node:os';
import autocannon from 'autocannon';

/**
 * Load from autocannon in a worker thread of the bench process: its own event loop (and so, on two
 * cores, most of one core), keep-alive connections to 127.0.0.1, a warm-up run, then the measured
 * run. Latency counts every response (not only 2xx: a form post answers 303).
 */

export interface LoadOptions {
  url: string;
  requests: autocannon.Request[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Runs between the warm-up and the measured run (e.g. to take counts). */
  afterWarmup?: () => Promise<void>;
}

export interface LoadResult {
  /** Responses in the measured run, and per second. */
  responses: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Responses by status code. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 1-minute load average before the warm-up and after the measured run. */
  loadBefore: number;
  loadAfter: number;
}

function run(opts: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: seconds,
    workers: 1,
    requests: opts.requests,
    includeErrorStats: true,
    timeout: 10,
  } as autocannon.Options);
}

export async function drive(opts: LoadOptions): Promise<LoadResult> {
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  if (opts.warmupSeconds > 0) await run(opts, opts.warmupSeconds);
  await opts.afterWarmup?.();
  const r = await run(opts, opts.seconds);
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    responses,
    perSecond: responses / r.duration,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    statuses,
    errors: r.errors,
    timeouts: r.timeouts,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? Number.NaN,
  };
}
