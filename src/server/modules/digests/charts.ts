import type { MonthlyReview, RelationshipSummary } from '../../../contract/reviews.ts';
import { CHART_FONT, renderChartPng } from '../../charts/render.ts';
import type { InlineImage } from '../../email/mime.ts';

/** The digests' charts as ECharts options, drawn on the server into PNGs the HTML shows by cid:. */

const WIDTH = 560;
const INK = '#1c2430';
const MUTED = '#8a95a1';
const ACCENT = '#0f5e5a';
const COLORS = ['#c9d0d8', '#7fb3b0', ACCENT];
const axisLabel = { color: INK, fontFamily: CHART_FONT, fontSize: 12 };
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
// Without a canvas, ECharts estimates text widths; DejaVu runs wider, so legends get room to spare.
const LEGEND = { bottom: 0, itemGap: 28, textStyle: axisLabel };
const clip = (s: string, n = 34) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function image(cid: string, option: Record<string, unknown>, height: number): InlineImage {
  return { cid, contentType: 'image/png', filename: `${cid.split('@')[0] ?? 'chart'}.png`, content: renderChartPng(option, { width: WIDTH, height }) };
}

/** Each survey's headline a year ago, last month and this month, side by side. */
export function headlineChart(review: MonthlyReview): InlineImage | null {
  if (review.headlines.length === 0) return null;
  const names = review.headlines.map((h) => clip(`${h.metric === 'nps' ? 'NPS' : 'CSAT'} · ${h.surveyTitle}`, 28));
  const series = [
    { name: 'A year ago', data: review.headlines.map((h) => round1(h.yearAgo.value)) },
    { name: 'Last month', data: review.headlines.map((h) => round1(h.previousMonth.value)) },
    { name: 'This month', data: review.headlines.map((h) => round1(h.value)) },
  ].map((s, i) => ({ ...s, type: 'bar', itemStyle: { color: COLORS[i] }, label: { show: true, position: 'top', color: INK, fontSize: 11 } }));
  return image(
    'headline@corridor',
    {
      legend: LEGEND,
      grid: { top: 24, left: 44, right: 12, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { ...axisLabel, interval: 0 } },
      yAxis: { type: 'value', axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: '#e1e5ea' } } },
      series,
    },
    240,
  );
}

/** The key problems on 0–100: this month against last month, worst at the top. */
export function problemsChart(review: MonthlyReview): InlineImage | null {
  const problems = review.problems.slice(0, 5);
  if (problems.length === 0) return null;
  const labels = problems.map((p) => clip(p.text, 26)).reverse();
  const bar = (name: string, values: (number | null)[], color: string) => ({ name, type: 'bar', data: values.map(round1).reverse(), itemStyle: { color }, label: { show: true, position: 'right', color: INK, fontSize: 11 } });
  return image(
    'problems@corridor',
    {
      legend: LEGEND,
      grid: { top: 8, left: 210, right: 40, bottom: 40 },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: MUTED } },
      yAxis: { type: 'category', data: labels, axisLabel: { ...axisLabel, width: 196, overflow: 'truncate' } },
      series: [bar('Last month', problems.map((p) => p.previousScore), COLORS[0] ?? MUTED), bar('This month', problems.map((p) => p.score), '#c23b3b')],
    },
    60 + problems.length * 44,
  );
}

/** Each relationship survey's headline by quarter. */
export function relationshipTrendChart(summary: RelationshipSummary): InlineImage | null {
  if (summary.surveys.length === 0) return null;
  return image(
    'trend@corridor',
    {
      legend: LEGEND,
      grid: { top: 24, left: 44, right: 24, bottom: 48 },
      xAxis: { type: 'category', data: summary.quarters, axisLabel },
      yAxis: { type: 'value', axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: '#e1e5ea' } } },
      series: summary.surveys.map((s, i) => ({
        name: clip(s.title, 30),
        type: 'line',
        connectNulls: true,
        symbolSize: 8,
        data: s.trend.map((t) => round1(t.value)),
        itemStyle: { color: [ACCENT, '#c23b3b', '#865a00', '#5f6b78'][i % 4] },
        label: { show: true, position: 'top', color: INK, fontSize: 11 },
      })),
    },
    240,
  );
}
