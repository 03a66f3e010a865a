/**
 * Compares several runs of the bench: `node bench/report.ts run1.json run2.json …`, where each file
 * was written by `BENCH_JSON=runN.json npm run bench`. Prints one Markdown table per database with
 * the median of each figure over the runs and, with more than one run, its range (min–max).
 */
import { readFileSync } from 'node:fs';
import { METRICS, type BenchReport, type MetricUnit } from './results.ts';
import { int, markdownTable, percentile } from './stats.ts';

/** Three significant figures for times, whole numbers for bytes and rates. */
function format(v: number, unit: MetricUnit): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (unit === 'B' || unit === '/s' || v >= 100) return int(v);
  return v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function cell(values: number[], unit: MetricUnit): string {
  const median = percentile(values, 50);
  if (values.length < 2) return format(median, unit);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? format(median, unit) : `${format(median, unit)} (${format(lo, unit)}–${format(hi, unit)})`;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/report.ts run1.json [run2.json …]');
  process.exit(2);
}
const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchReport);
const byDatabase = new Map<string, BenchReport[]>();
for (const r of reports) byDatabase.set(r.conditions['database'] ?? '?', [...(byDatabase.get(r.conditions['database'] ?? '?') ?? []), r]);

for (const [database, runs] of byDatabase) {
  const scales = [...new Set(runs.flatMap((r) => r.results.map((s) => s.responses)))].sort((a, b) => a - b);
  const header = ['Measure', 'Unit', ...scales.map((n) => `${int(n)} responses`)];
  const rows = METRICS.map((m) => [
    m.label,
    m.unit === '/s' ? 'per s' : m.unit,
    ...scales.map((n) => cell(runs.flatMap((r) => r.results.filter((s) => s.responses === n).map(m.get)), m.unit)),
  ]);
  const dates = runs.map((r) => r.conditions['date'] ?? '').sort();
  console.log(`\n### ${database}\n`);
  console.log(`${runs.length} run(s), ${dates[0] ?? ''} to ${dates.at(-1) ?? ''}; median${runs.length > 1 ? ' (min–max)' : ''} over the runs.\n`);
  console.log(markdownTable(header, rows));
}
