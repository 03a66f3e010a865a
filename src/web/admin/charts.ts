/** ECharts options of the admin's charts. Tooltips show numbers and dates only, never user text. */
import type { TrendPoint } from '../../contract/dashboard.ts';
import type { ChartOption } from '../ui/Chart.tsx';
import { formatCount, formatNps, formatShare, formatShortDate } from '../ui/format.ts';

export const COLORS = {
  primary: '#0b6e6e',
  promoter: '#2e9e6b',
  passive: '#e6a23c',
  detractor: '#d9534f',
  axis: '#c9d0d8',
  grid: '#eceff2',
  label: '#5f6b78',
  volume: '#dfe5eb',
} as const;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export function bandColor(score: number): string {
  return score >= 9 ? COLORS.promoter : score >= 7 ? COLORS.passive : COLORS.detractor;
}

/** Axis bounds around the data (and 0), on multiples of a round step, within −100…100. */
function npsBounds(points: readonly TrendPoint[]): { min: number; max: number; step: number } {
  const scores = points.map((p) => p.score).filter((s): s is number => s !== null);
  if (scores.length === 0) return { min: -100, max: 100, step: 50 };
  const lo = Math.min(...scores, 0);
  const hi = Math.max(...scores, 0);
  const span = Math.max(hi - lo, 1);
  const step = span > 120 ? 50 : span > 60 ? 25 : span > 30 ? 10 : 5;
  return {
    min: Math.max(-100, Math.floor((lo - step / 4) / step) * step),
    max: Math.min(100, Math.ceil((hi + step / 4) / step) * step),
    step,
  };
}

/** Text for an ECharts tooltip or label rendered as HTML: user text never becomes markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const tooltipBase = {
  backgroundColor: '#17212b',
  borderWidth: 0,
  padding: [8, 10],
  textStyle: { color: '#fff', fontSize: 12, fontFamily: FONT },
  extraCssText: 'border-radius:6px;box-shadow:0 6px 18px rgba(0,0,0,.18);',
};

/** Index of the hovered item in an axis tooltip's parameters. */
function hoveredIndex(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  const i = (first as { dataIndex?: unknown } | undefined)?.dataIndex;
  return typeof i === 'number' ? i : -1;
}

/** Weekly NPS as a line over light bars of the number of answers per week. */
export function trendOption(points: readonly TrendPoint[]): ChartOption {
  const { min, max, step } = npsBounds(points);
  return {
    animationDuration: 400,
    textStyle: { fontFamily: FONT },
    grid: { left: 44, right: 44, top: 18, bottom: 30 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: COLORS.axis } },
      formatter: (params: unknown) => {
        const p = points[hoveredIndex(params)];
        if (!p) return '';
        const nps = p.score === null ? 'no answers' : `NPS <b>${formatNps(p.score)}</b>`;
        return `Week of ${formatShortDate(p.weekStart)}<br/>${nps} · n = ${formatCount(p.n)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => formatShortDate(p.weekStart)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisLabel: { color: COLORS.label, hideOverlap: true },
    },
    yAxis: [
      {
        type: 'value',
        min,
        max,
        interval: step,
        axisLabel: { color: COLORS.label },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      {
        type: 'value',
        min: 0,
        max: (v: { max: number }) => Math.max(4, Math.ceil(v.max * 2.5)),
        axisLabel: { show: false },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Answers',
        type: 'bar',
        yAxisIndex: 1,
        data: points.map((p) => p.n),
        itemStyle: { color: COLORS.volume, borderRadius: [3, 3, 0, 0] },
        barMaxWidth: 16,
        silent: true,
      },
      {
        name: 'NPS',
        type: 'line',
        data: points.map((p) => (p.score === null ? null : Math.round(p.score * 10) / 10)),
        connectNulls: true,
        symbol: 'circle',
        symbolSize: 6,
        showSymbol: points.length <= 26,
        lineStyle: { width: 2.5, color: COLORS.primary },
        itemStyle: { color: COLORS.primary },
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: COLORS.axis, type: 'solid', width: 1 },
          data: [{ yAxis: 0 }],
        },
      },
    ],
  };
}

/** A tiny line of weekly NPS without axes, for survey cards. */
export function sparklineOption(points: readonly TrendPoint[]): ChartOption {
  const { min, max } = npsBounds(points);
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: points.map((p) => p.weekStart) },
    yAxis: { type: 'value', show: false, min, max },
    series: [
      {
        type: 'line',
        data: points.map((p) => (p.score === null ? null : Math.round(p.score * 10) / 10)),
        connectNulls: true,
        symbol: 'none',
        silent: true,
        lineStyle: { width: 2, color: COLORS.primary },
        areaStyle: { color: COLORS.primary, opacity: 0.07 },
      },
    ],
  };
}

/** How many answers each score 0–10 got, coloured by band. */
export function distributionOption(distribution: readonly number[]): ChartOption {
  const total = distribution.reduce((a, b) => a + b, 0);
  return {
    animationDuration: 400,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 8, top: 22, bottom: 24 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(15,37,48,0.05)' } },
      formatter: (params: unknown) => {
        const i = hoveredIndex(params);
        const count = distribution[i] ?? 0;
        return `Score ${i}<br/><b>${formatCount(count)}</b> answer${count === 1 ? '' : 's'} (${formatShare(total ? count / total : 0)})`;
      },
    },
    xAxis: {
      type: 'category',
      data: distribution.map((_, i) => String(i)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisLabel: { color: COLORS.label, fontWeight: 600 },
    },
    yAxis: { type: 'value', show: false },
    series: [
      {
        type: 'bar',
        barMaxWidth: 34,
        data: distribution.map((count, i) => ({ value: count, itemStyle: { color: bandColor(i), borderRadius: [4, 4, 0, 0] } })),
        label: {
          show: true,
          position: 'top',
          color: COLORS.label,
          fontSize: 11,
          formatter: (p: { value?: unknown }) => (typeof p.value === 'number' && p.value > 0 ? formatCount(p.value) : ''),
        },
      },
    ],
  };
}
