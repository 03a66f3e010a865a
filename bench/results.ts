import type { AnswersResult, DemoLoadResult, LagResult, LatencyResult, PageWeightResult } from './scenarios.ts';
import { bytes, int, ms } from './stats.ts';

/** What one run of the bench measured, as printed and as written to BENCH_JSON. */

export interface ScaleResult {
  /** Responses in the demo company this scale loaded. */
  responses: number;
  demo: DemoLoadResult;
  dashboard: LatencyResult;
  overview: LatencyResult;
  page: PageWeightResult;
  sequential: AnswersResult;
  concurrent: AnswersResult;
  /** Answers posted in the taking-answers section (warm-up, sequential and concurrent). */
  posted: number;
  /** From the last of those posts until the dashboard counted them all. */
  drainMs: number;
  lag1: LagResult;
  lagBurst: LagResult;
}

export interface BenchReport {
  conditions: Record<string, string>;
  elapsedMs: number;
  results: ScaleResult[];
}

export const RESULT_HEADER = ['Responses', 'Section', 'Measure', 'Result'] as const;

/** One run's figures as table rows. */
export function resultRows(r: ScaleResult, pageSlug: string): string[][] {
  const scale = int(r.responses);
  const steps = Object.entries(r.demo.steps)
    .map(([k, v]) => `${k} ${ms(v)}`)
    .join(', ');
  const rows: string[][] = [
    [scale, 'Demo load', 'loadDemo wall time', `${ms(r.demo.totalMs)} = ${int(r.demo.perSecond)} responses/s`],
    [scale, 'Demo load', 'by step', steps],
    [scale, 'Respondent page', `GET /s/${pageSlug} body`, `${bytes(r.page.rawBytes)} raw, ${bytes(r.page.gzipBytes)} gzip -9`],
    [scale, 'Respondent page', `time to first byte (${r.page.ttfb.count} seq.)`, `p50 ${ms(r.page.ttfb.p50)}, p95 ${ms(r.page.ttfb.p95)}`],
  ];
  for (const a of [r.sequential, r.concurrent]) {
    const errors = Object.entries(a.unexpected).map(([s, n]) => `${n}× ${s}`);
    rows.push([
      scale,
      'Taking answers',
      `${int(a.answers)} posts, ${a.clients === 1 ? 'sequential' : `${a.clients} concurrent clients`}`,
      `${int(a.perSecond)} answers/s; p50 ${ms(a.latency.p50)}, p95 ${ms(a.latency.p95)}, p99 ${ms(a.latency.p99)}${errors.length ? `; non-303: ${errors.join(', ')}` : ''}`,
    ]);
  }
  rows.push(
    [scale, 'Answer to dashboard', `all ${int(r.posted)} posts above counted`, `${ms(r.drainMs)} after the last post`],
    [scale, 'Answer to dashboard', `rollup lag, N=1 (${r.lag1.lags.length} trials)`, `p50 ${ms(r.lag1.summary.p50)}, max ${ms(r.lag1.summary.max)}`],
    [
      scale,
      'Answer to dashboard',
      `rollup lag, N=${r.lagBurst.burst} (${r.lagBurst.clients} clients)`,
      `${ms(r.lagBurst.lags[0] ?? Number.NaN)} after the last post (${ms(r.lagBurst.fromStart[0] ?? Number.NaN)} after the first)`,
    ],
    [scale, 'Dashboard latency', `survey dashboard, period=all (${r.dashboard.requests} seq.)`, `p50 ${ms(r.dashboard.latency.p50)}, p95 ${ms(r.dashboard.latency.p95)}`],
    [scale, 'Dashboard latency', `GET /api/v1/overview (${r.overview.requests} seq.)`, `p50 ${ms(r.overview.latency.p50)}, p95 ${ms(r.overview.latency.p95)}`],
  );
  return rows;
}

export type MetricUnit = 's' | 'ms' | 'B' | '/s';

/** The figures compared across runs by bench/report.ts: a label, a unit and how to read it from a result. */
export const METRICS: { label: string; unit: MetricUnit; get: (r: ScaleResult) => number }[] = [
  { label: 'Demo load: loadDemo wall time', unit: 's', get: (r) => r.demo.totalMs / 1000 },
  { label: 'Demo load: responses per second (whole load)', unit: '/s', get: (r) => r.demo.perSecond },
  { label: 'Respondent page: bytes raw', unit: 'B', get: (r) => r.page.rawBytes },
  { label: 'Respondent page: bytes gzip -9', unit: 'B', get: (r) => r.page.gzipBytes },
  { label: 'Respondent page: TTFB p50 (300 seq.)', unit: 'ms', get: (r) => r.page.ttfb.p50 },
  { label: 'Respondent page: TTFB p95', unit: 'ms', get: (r) => r.page.ttfb.p95 },
  { label: 'Answers, sequential: answers/s (1,000 posts)', unit: '/s', get: (r) => r.sequential.perSecond },
  { label: 'Answers, sequential: p50', unit: 'ms', get: (r) => r.sequential.latency.p50 },
  { label: 'Answers, sequential: p95', unit: 'ms', get: (r) => r.sequential.latency.p95 },
  { label: 'Answers, sequential: p99', unit: 'ms', get: (r) => r.sequential.latency.p99 },
  { label: 'Answers, 8 clients: answers/s (1,000 posts)', unit: '/s', get: (r) => r.concurrent.perSecond },
  { label: 'Answers, 8 clients: p50', unit: 'ms', get: (r) => r.concurrent.latency.p50 },
  { label: 'Answers, 8 clients: p95', unit: 'ms', get: (r) => r.concurrent.latency.p95 },
  { label: 'Answers, 8 clients: p99', unit: 'ms', get: (r) => r.concurrent.latency.p99 },
  { label: 'Answers: all 2,020 on the dashboard, after the last post', unit: 'ms', get: (r) => r.drainMs },
  { label: 'Rollup lag N=1: p50 (10 trials)', unit: 'ms', get: (r) => r.lag1.summary.p50 },
  { label: 'Rollup lag N=1: max', unit: 'ms', get: (r) => r.lag1.summary.max },
  { label: 'Rollup lag N=200 (8 clients), after the last post', unit: 'ms', get: (r) => r.lagBurst.lags[0] ?? Number.NaN },
  { label: 'Rollup lag N=200 (8 clients), after the first post', unit: 'ms', get: (r) => r.lagBurst.fromStart[0] ?? Number.NaN },
  { label: 'Survey dashboard period=all: p50 (200 seq.)', unit: 'ms', get: (r) => r.dashboard.latency.p50 },
  { label: 'Survey dashboard period=all: p95', unit: 'ms', get: (r) => r.dashboard.latency.p95 },
  { label: 'Overview: p50 (200 seq.)', unit: 'ms', get: (r) => r.overview.latency.p50 },
  { label: 'Overview: p95', unit: 'ms', get: (r) => r.overview.latency.p95 },
];
