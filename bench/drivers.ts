/**
 * Driver analysis benchmark: `npm run bench:drivers`. Generates 100,000 responses (a 0–10 outcome and
 * 1–5 driver items, each with a few per cent missing or "not applicable", seeded so every run sees the
 * same data) and times analyzeDrivers — listwise deletion, the correlation matrix and the weights — with
 * 20 drivers (relative weights) and 15 drivers (exact Shapley values over 32,768 subsets). Each case runs
 * once to warm up, then BENCH_RUNS times (5); prints the median and the slowest in ms. Asserts nothing.
 */
import os from 'node:os';
import { analyzeDrivers, type DriverRow } from '../src/core/drivers.ts';

const RESPONSES = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generateRows(p: number): DriverRow[] {
  const next = generator(42);
  const effects = Array.from({ length: p }, (_, j) => 1 / (j + 1));
  return Array.from({ length: RESPONSES }, () => {
    const mood = next();
    const drivers = Array.from({ length: p }, () => {
      const u = next();
      if (u < 0.02) return null;
      if (u < 0.03) return 'na' as const;
      return Math.min(5, Math.max(1, Math.round(1 + 4 * (0.6 * mood + 0.4 * next()))));
    });
    const signal = drivers.reduce<number>((s, v, j) => s + (typeof v === 'number' ? v * (effects[j] ?? 0) : 0), 0);
    const outcome = Math.min(10, Math.max(0, Math.round(signal / 2 + 4 * next())));
    return { outcome, drivers };
  });
}

function time(p: number): { method: string; n: number; rSquared: number | null; median: number; max: number } {
  const rows = generateRows(p);
  const specs = Array.from({ length: p }, (_, j) => ({ key: `item_${j + 1}`, scale: { min: 1, max: 5 } }));
  let result = analyzeDrivers(rows, specs);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = analyzeDrivers(rows, specs);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { method: result.method ?? result.status, n: result.n, rSquared: result.rSquared, median: ms[Math.floor(ms.length / 2)] ?? NaN, max: ms.at(-1) ?? NaN };
}

console.log(`Node ${process.version}, ${os.cpus().length} cores, ${RESPONSES.toLocaleString('en')} responses, ${RUNS} runs each`);
for (const p of [20, 15]) {
  const r = time(p);
  console.log(`${p} drivers: ${r.method}, n used ${r.n.toLocaleString('en')}, R² ${r.rSquared?.toFixed(3)}: median ${r.median.toFixed(0)} ms, slowest ${r.max.toFixed(0)} ms`);
}
