import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Services } from '../src/server/context.ts';
import { DEMO_SLUGS, loadDemo } from '../src/server/modules/demo/service.ts';
import type { BenchClient, TimedResponse } from './http.ts';
import { summarize, type Summary } from './stats.ts';

/** The measurements. Each returns figures; none asserts anything. */

export interface DemoLoadResult {
  responses: number;
  totalMs: number;
  /** From the "responses" progress step to the end: building, inserting and rolling up the responses. */
  responsesStepMs: number;
  perSecond: number;
  /** Milliseconds spent in each progress step of loadDemo, in order. */
  steps: Record<string, number>;
}

export async function measureDemoLoad(svc: Services, responses: number): Promise<DemoLoadResult> {
  const marks: [string, number][] = [];
  const t0 = performance.now();
  const result = await loadDemo(svc, { responses, onProgress: (step) => marks.push([step.replace(/ \(.*\)$/, ''), performance.now()]) });
  const end = performance.now();
  if (!result.created) throw new Error('the demo was already loaded: the database is not fresh');
  const steps: Record<string, number> = {};
  marks.forEach(([step, at], i) => {
    steps[step] = (marks[i + 1]?.[1] ?? end) - at;
  });
  const totalMs = end - t0;
  return { responses, totalMs, responsesStepMs: steps['responses'] ?? Number.NaN, perSecond: responses / (totalMs / 1000), steps };
}

export interface PageWeightResult {
  status: number;
  rawBytes: number;
  gzipBytes: number;
  ttfb: Summary;
  total: Summary;
  warmup: number;
}

/** Bytes of the respondent page, raw and gzip -9, and time to first byte over sequential requests. */
export async function measurePageWeight(client: BenchClient, slug: string, requests: number, warmup: number): Promise<PageWeightResult> {
  const path = `/s/${slug}`;
  const headers = { accept: 'text/html' };
  for (let i = 0; i < warmup; i++) await client.request(path, { headers });
  const first = await client.request(path, { headers });
  const ttfb: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < requests; i++) {
    const res = await client.request(path, { headers });
    ttfb.push(res.ttfb);
    total.push(res.total);
  }
  return {
    status: first.status,
    rawBytes: first.body.length,
    gzipBytes: gzipSync(first.body, { level: 9 }).length,
    ttfb: summarize(ttfb),
    total: summarize(total),
    warmup,
  };
}

export interface AnswersResult {
  clients: number;
  answers: number;
  wallMs: number;
  perSecond: number;
  latency: Summary;
  /** Status codes other than 303, with their counts (empty when every post was accepted). */
  unexpected: Record<string, number>;
}

const COMMENTS = ['Quick and friendly.', 'Took two calls to sort out.', 'The engineer knew the product well.', 'Nobody called back.', ''];

/** One respondent form post, as a browser sends it. */
export function answerBody(i: number): string {
  return new URLSearchParams({ q_nps: String(i % 11), q_comment: COMMENTS[i % COMMENTS.length] ?? '', v: '1' }).toString();
}

export function postAnswer(client: BenchClient, slug: string, i: number): Promise<TimedResponse> {
  return client.request(`/s/${slug}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: answerBody(i),
  });
}

/** `answers` form posts spread over `clients` concurrent clients (1 = sequential). */
export async function measureAnswers(client: BenchClient, slug: string, answers: number, clients: number, seed = 0): Promise<AnswersResult> {
  const latency: number[] = [];
  const unexpected: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < answers) {
      const i = next++;
      const res = await postAnswer(client, slug, seed + i);
      latency.push(res.total);
      if (res.status !== 303) unexpected[String(res.status)] = (unexpected[String(res.status)] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const wallMs = performance.now() - t0;
  return { clients, answers, wallMs, perSecond: answers / (wallMs / 1000), latency: summarize(latency), unexpected };
}

interface DashboardBody {
  nps: { n: number };
}

export interface DashboardProbe {
  client: BenchClient;
  cookie: string;
  surveyId: string;
}

export async function dashboardN(p: DashboardProbe): Promise<number> {
  const { data } = await p.client.json<DashboardBody>(`/api/v1/surveys/${p.surveyId}/dashboard?period=all`, p.cookie);
  return data.nps.n;
}

/** Polls the dashboard until it shows at least `n` answers; returns when it first did (performance.now()). */
async function waitForN(p: DashboardProbe, n: number, pollMs: number, timeoutMs: number): Promise<{ seenAt: number; polls: number }> {
  const deadline = performance.now() + timeoutMs;
  let polls = 0;
  for (;;) {
    polls++;
    const shown = await dashboardN(p);
    const at = performance.now();
    if (shown >= n) return { seenAt: at, polls };
    if (at > deadline) throw new Error(`the dashboard still shows ${shown} answers, not ${n}, after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

/** Waits until every answer posted so far is on the dashboard; returns how long that took. */
export async function settle(p: DashboardProbe, expected: number, pollMs = 25, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  await waitForN(p, expected, pollMs, timeoutMs);
  return performance.now() - t0;
}

export interface LagResult {
  burst: number;
  clients: number;
  /** Milliseconds from the last answer's 303 to the first dashboard read that counts the whole burst. */
  lags: number[];
  /** Milliseconds from the burst's first post to that read. */
  fromStart: number[];
  summary: Summary;
  pollMs: number;
}

/**
 * The rollup lag: post a burst of answers, then poll the dashboard until n has grown by the burst.
 * Before each trial the bench waits a random 0–`jitterMs` so trials do not lock in phase with the
 * job workers' polling interval (0.5 s).
 */
export async function measureRollupLag(
  p: DashboardProbe,
  slug: string,
  opts: { burst: number; trials: number; clients: number; pollMs: number; jitterMs: number; seed: number },
): Promise<LagResult> {
  const lags: number[] = [];
  const fromStart: number[] = [];
  let seq = opts.seed;
  for (let t = 0; t < opts.trials; t++) {
    await sleep(Math.random() * opts.jitterMs);
    const before = await dashboardN(p);
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < opts.burst) {
        next++;
        const res = await postAnswer(p.client, slug, seq++);
        if (res.status !== 303) throw new Error(`a survey post answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: opts.clients }, worker));
    const burstEnd = performance.now();
    const { seenAt } = await waitForN(p, before + opts.burst, opts.pollMs, 120_000);
    lags.push(seenAt - burstEnd);
    fromStart.push(seenAt - start);
  }
  return { burst: opts.burst, clients: opts.clients, lags, fromStart, summary: summarize(lags), pollMs: opts.pollMs };
}

export interface LatencyResult {
  path: string;
  requests: number;
  warmup: number;
  latency: Summary;
  bytes: number;
}

/** Sequential GETs of an API path as a logged-in user. */
export async function measureGet(client: BenchClient, cookie: string, path: string, requests: number, warmup: number): Promise<LatencyResult> {
  for (let i = 0; i < warmup; i++) await client.json(path, cookie);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const { res } = await client.json(path, cookie);
    samples.push(res.total);
    bytes = res.body.length;
  }
  return { path, requests, warmup, latency: summarize(samples), bytes };
}

export { DEMO_SLUGS };
