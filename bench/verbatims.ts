/**
 * Text analysis benchmark: `npm run bench:verbatims [path/to/reviews.csv]`. Sentiment accuracy against
 * review stars and the analyser's throughput.
 *
 * Data: a reviews CSV with Title, Review Text, Rating and Department Name columns (by default the public
 * Women's E-Commerce Clothing Reviews file in ../shared/data/reviews/). 1–2 stars count as negative,
 * 4–5 as positive; 3 stars and rows without text are left out. A text is negative when its score is
 * below 0. The rows are split in two halves by a hash of the row number: the method was developed on
 * the "dev" half only; "held-out" is the half it was never tuned on.
 *
 * Prints accuracy, balanced accuracy, F1 per class and macro-F1 for wink-nlp's document score
 * (title + ". " + text; the baseline) and for Corridor's analyser (analyzeText on the title and on
 * the text, combined 2:3), on both halves and per department of the held-out half; then the
 * throughput of analyzeText with discovered themes and five topics, on one core (Node is single-
 * threaded here), in comments per second. BENCH_SHOW=n prints n misclassified dev rows of each kind.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { analyzeText } from '../src/core/text/analyze.ts';
import { combineTitleAndBody } from '../src/core/text/sentiment.ts';
import { discoverThemes } from '../src/core/text/themes.ts';

const file = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/data/reviews/womens_clothing_ecommerce_reviews.csv');
const SHOW = Number(process.env['BENCH_SHOW'] ?? 0);

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Review {
  id: string;
  title: string;
  text: string;
  negative: boolean;
  department: string;
  dev: boolean;
}

// FNV-1a of the row number: a fixed split that does not depend on the order of the file.
function hashHalf(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 === 0;
}

function loadReviews(): Review[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`${file} has no column "${name}"`);
    return i;
  };
  const [id, title, text, rating, dept] = [header![0] === '' ? 0 : col('Clothing ID'), col('Title'), col('Review Text'), col('Rating'), col('Department Name')];
  const out: Review[] = [];
  for (const r of rows) {
    const stars = Number(r[rating]);
    const body = (r[text] ?? '').trim();
    if (!body || stars === 3 || !(stars >= 1 && stars <= 5)) continue;
    out.push({ id: r[id]!, title: (r[title] ?? '').trim(), text: body, negative: stars <= 2, department: r[dept] || '(none)', dev: hashHalf(r[id]!) });
  }
  return out;
}

interface Scores {
  n: number;
  negatives: number;
  accuracy: number;
  balancedAccuracy: number;
  f1Negative: number;
  f1Positive: number;
  macroF1: number;
}

/** Binary classification figures; negative is the class of interest but both F1s are reported. */
function score(truth: readonly boolean[], predicted: readonly boolean[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] && predicted[i]) tp++;
    else if (!truth[i] && predicted[i]) fp++;
    else if (truth[i] && !predicted[i]) fn++;
    else tn++;
  }
  const f1 = (a: number, b: number, c: number) => (2 * a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const f1Negative = f1(tp, fp, fn);
  const f1Positive = f1(tn, fn, fp);
  const recallNeg = tp + fn === 0 ? 0 : tp / (tp + fn);
  const recallPos = tn + fp === 0 ? 0 : tn / (tn + fp);
  return { n: truth.length, negatives: tp + fn, accuracy: (tp + tn) / truth.length, balancedAccuracy: (recallNeg + recallPos) / 2, f1Negative, f1Positive, macroF1: (f1Negative + f1Positive) / 2 };
}

const fmt = (x: number) => x.toFixed(3);
function line(label: string, s: Scores): string {
  return `| ${label} | ${s.n} | ${s.negatives} | ${fmt(s.accuracy)} | ${fmt(s.balancedAccuracy)} | ${fmt(s.f1Negative)} | ${fmt(s.f1Positive)} | ${fmt(s.macroF1)} |`;
}

const reviews = loadReviews();
const nlp = winkNLP(model);
const baseline = reviews.map((r) => (nlp.readDoc(r.title ? `${r.title}. ${r.text}` : r.text).out(nlp.its.sentiment) as unknown as number) < 0);
const t0 = performance.now();
const oursScore = reviews.map((r) => combineTitleAndBody(r.title ? analyzeText(r.title).sentiment : null, analyzeText(r.text).sentiment));
const accuracySeconds = (performance.now() - t0) / 1000;
const ours = oursScore.map((s) => s < 0);
const truth = reviews.map((r) => r.negative);

const pick = <T>(xs: readonly T[], keep: (r: Review) => boolean) => xs.filter((_, i) => keep(reviews[i]!));
console.log(`# Sentiment against stars: ${file.split('/').pop()}, ${reviews.length} rows (1–2 stars negative, 4–5 positive)\n`);
console.log('| method, half | n | negatives | accuracy | balanced acc. | F1 neg | F1 pos | macro-F1 |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, keep] of [['dev', (r: Review) => r.dev], ['held-out', (r: Review) => !r.dev], ['all', () => true]] as const) {
  console.log(line(`wink document score, ${name}`, score(pick(truth, keep), pick(baseline, keep))));
  console.log(line(`Corridor analyser, ${name}`, score(pick(truth, keep), pick(ours, keep))));
}
console.log('\n## Held-out half by department (Corridor analyser; wink baseline macro-F1 in the last column)\n');
console.log('| department | n | negatives | accuracy | balanced acc. | F1 neg | F1 pos | macro-F1 | baseline macro-F1 |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const dept of [...new Set(reviews.map((r) => r.department))].sort()) {
  const keep = (r: Review) => !r.dev && r.department === dept;
  const base = score(pick(truth, keep), pick(baseline, keep));
  console.log(`${line(dept, score(pick(truth, keep), pick(ours, keep)))} ${fmt(base.macroF1)} |`);
}

if (SHOW > 0) {
  const dev = reviews.map((r, i) => ({ r, s: oursScore[i]! })).filter((x) => x.r.dev);
  const missed = dev.filter((x) => x.r.negative && x.s >= 0).slice(0, SHOW);
  const wrong = dev.filter((x) => !x.r.negative && x.s < 0).slice(0, SHOW);
  console.log('\n## Dev: negatives scored positive');
  for (const x of missed) console.log(`${fmt(x.s)}  ${x.r.title} | ${x.r.text}`);
  console.log('\n## Dev: positives scored negative');
  for (const x of wrong) console.log(`${fmt(x.s)}  ${x.r.title} | ${x.r.text}`);
}

// Throughput: the text as a comment (title and text together), with themes and topics, as the indexer runs it.
const comments = reviews.map((r) => (r.title ? `${r.title}. ${r.text}` : r.text));
const themes = discoverThemes(comments.slice(0, 5000).map((c) => analyzeText(c)));
const topics = [
  { id: 'delivery', rule: { query: 'deliver* OR shipping OR "arrived late"' } },
  { id: 'returns', rule: { query: 'return* OR refund OR exchange' } },
  { id: 'quality', rule: { query: '(quality OR fabric OR material) AND (poor OR cheap OR thin)' } },
  { id: 'price', rule: { query: 'price NEAR/3 expensive' } },
  { id: 'service', rule: { query: '"customer service" OR support NOT great' } },
];
const N = Math.min(comments.length, Number(process.env['BENCH_COMMENTS'] ?? 10_000));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
// As the indexer reads a comment: sentiment, themes and topics, without discovery's candidate terms
// (those need wink's part-of-speech tagging; theme discovery reads them in its own job).
const asIndexed = { themes, topics, terms: false };
for (let i = 0; i < 500; i++) analyzeText(comments[i]!, asIndexed);
let chars = 0;
for (let i = 0; i < N; i++) chars += comments[i]!.length;
// Rounds alternate the analyser and wink-nlp's own reading of the same comments (its default pipe), the
// yardstick: on a shared machine both rates move with the load, their ratio much less.
// Each rate is given twice: by the wall clock, and by the process's own CPU time (user + system, all its
// threads, so garbage collection counts) — on a machine shared with other work the CPU-time rate is the
// closer figure for one core of its own.
const oursRates: number[] = [];
const withTermsRates: number[] = [];
const winkRates: number[] = [];
const oursCpuRates: number[] = [];
const winkCpuRates: number[] = [];
function timeRound(run: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = N / ((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  return { wall, cpu: N / ((c.user + c.system) / 1e6) };
}
for (let round = 0; round < ROUNDS; round++) {
  const a = timeRound(() => {
    for (let i = 0; i < N; i++) analyzeText(comments[i]!, asIndexed);
  });
  oursRates.push(a.wall);
  oursCpuRates.push(a.cpu);
  withTermsRates.push(timeRound(() => {
    for (let i = 0; i < N; i++) analyzeText(comments[i]!, { themes, topics });
  }).wall);
  const b = timeRound(() => {
    for (let i = 0; i < N; i++) nlp.readDoc(comments[i]!).out(nlp.its.sentiment);
  });
  winkRates.push(b.wall);
  winkCpuRates.push(b.cpu);
}
const list = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
const best = (xs: number[]) => Math.round(Math.max(...xs));
console.log(`\n# Throughput: analyzeText with ${themes.length} themes and ${topics.length} topics, one core`);
console.log(`${N} comments (mean ${Math.round(chars / N)} characters) per round, ${ROUNDS} rounds`);
console.log(`analyzeText as indexed (sentiment, themes, topics): ${list(oursRates)} comments/s by the wall clock (best ${best(oursRates)}); ${list(oursCpuRates)} per CPU-second (best ${best(oursCpuRates)})`);
console.log(`analyzeText with discovery's candidate terms (part-of-speech tagging): ${list(withTermsRates)} comments/s by the wall clock (best ${best(withTermsRates)})`);
console.log(`wink-nlp readDoc alone (default pipe, document sentiment): ${list(winkRates)} comments/s by the wall clock (best ${best(winkRates)}); ${list(winkCpuRates)} per CPU-second (best ${best(winkCpuRates)})`);
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}`);
console.log(`(accuracy pass: ${reviews.length} reviews, title and text analysed apart, in ${accuracySeconds.toFixed(1)} s)`);
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical CPUs, ${os.platform()} ${os.release()}`);
