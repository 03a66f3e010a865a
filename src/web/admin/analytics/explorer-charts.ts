/**
 * ECharts options of the explorer: a line per group over time, bars per group without time, a heatmap
 * for a cross-tab. Group names are customer data: tooltips escape them (they render as HTML), axis
 * labels are SVG text.
 */
import type { AnalyticsCell, AnalyticsResult } from '../../../contract/analytics.ts';
import type { ChartOption } from '../../ui/Chart.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';
import { COLORS, escapeHtml, FONT, tooltipBase } from '../charts.ts';

const PALETTE = ['#0b6e6e', '#d9822b', '#5b6bbf', '#2e9e6b', '#c2477f', '#8a6d3b', '#3a8fd1', '#7a7f87', '#b5a31f', '#9c4dc4'];

/** A metric's value as shown: NPS points, shares in percent, means with two decimals. */
export function formatMetric(metric: AnalyticsResult['metric'], value: number | null): string {
  if (value === null) return '–';
  if (metric === 'nps') return formatNps(value);
  if (metric === 'mean') return (Math.round(value * 100) / 100).toFixed(2);
  return `${Math.round(value)}%`;
}

/** ▲ / ▼ when a group differs from the rest at 95 %; nothing otherwise. */
export function significanceMark(cell: AnalyticsCell): string {
  const c = cell.comparison;
  if (!c?.significant || c.difference === null) return '';
  return c.difference > 0 ? '▲' : '▼';
}


const cellLine = (metric: AnalyticsResult['metric'], name: string, cell: AnalyticsCell | undefined) =>
  cell
    ? `${escapeHtml(name)}: <b>${formatMetric(metric, cell.value)}</b> ${significanceMark(cell)} · n ${formatCount(cell.n)}${cell.smallSample ? ' · small sample' : ''}`
    : `${escapeHtml(name)}: –`;

type Series = { key: string | null; name: string };

function seriesOf(r: AnalyticsResult): Series[] {
  return r.groupBy === null ? [{ key: null, name: 'Everyone' }] : r.groups.map((g) => ({ key: g.value, name: g.label }));
}

/** One line per group over the periods; hollow points for small samples, triangles where a group stands out. */
export function explorerLineOption(r: AnalyticsResult): ChartOption {
  const series = seriesOf(r);
  const byKey = new Map(r.cells.map((c) => [`${c.period}|${c.group}`, c]));
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT },
    color: PALETTE,
    legend: series.length > 1 ? { type: 'scroll', top: 0, textStyle: { color: COLORS.label } } : undefined,
    grid: { left: 44, right: 16, top: series.length > 1 ? 36 : 16, bottom: 30 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const period = r.periods[first?.dataIndex ?? -1];
        if (!period) return '';
        return [escapeHtml(period), ...series.map((s) => cellLine(r.metric, s.name, byKey.get(`${period}|${s.key}`)))].join('<br>');
      },
    },
    xAxis: { type: 'category', data: r.periods, axisLine: { lineStyle: { color: COLORS.axis } }, axisLabel: { color: COLORS.label } },
    yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: COLORS.grid } }, axisLabel: { color: COLORS.label } },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      connectNulls: true,
      symbolSize: 7,
      data: r.periods.map((p) => {
        const cell = byKey.get(`${p}|${s.key}`);
        if (!cell || cell.value === null) return null;
        const mark = significanceMark(cell);
        return {
          value: Math.round(cell.value * 10) / 10,
          symbol: mark === '▲' ? 'triangle' : mark === '▼' ? 'path://M0,0 L10,0 L5,10 Z' : cell.smallSample ? 'emptyCircle' : 'circle',
          symbolSize: mark ? 11 : 7,
        };
      }),
    })),
  };
}

/** One bar per group (no time), labelled with the value and its significance mark. */
export function explorerBarOption(r: AnalyticsResult): ChartOption {
  const series = seriesOf(r);
  const cells = series.map((s) => r.cells.find((c) => c.group === s.key && c.cross === null));
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipBase,
      trigger: 'item',
      formatter: (p: unknown) => {
        const i = (p as { dataIndex?: number }).dataIndex ?? -1;
        const s = series[i];
        return s ? cellLine(r.metric, s.name, cells[i]) : '';
      },
    },
    xAxis: { type: 'value', scale: false, splitLine: { lineStyle: { color: COLORS.grid } }, axisLabel: { color: COLORS.label } },
    yAxis: { type: 'category', inverse: true, data: series.map((s) => s.name), axisLabel: { color: COLORS.label, width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 26,
        data: cells.map((c) => ({
          value: c?.value === null || c === undefined ? null : Math.round(c.value * 10) / 10,
          itemStyle: { color: c?.smallSample ? '#a9c7c7' : COLORS.primary },
        })),
        label: {
          show: true,
          position: 'right',
          color: '#17212b',
          formatter: (p: { dataIndex: number }) => {
            const c = cells[p.dataIndex];
            return c ? `${formatMetric(r.metric, c.value)}${significanceMark(c) ? ` ${significanceMark(c)}` : ''}${c.smallSample ? ' *' : ''}` : '';
          },
        },
      },
    ],
  };
}

/** The cross-tab as a heatmap: groups across, cross values down, the metric as colour and label. */
export function explorerHeatmapOption(r: AnalyticsResult): ChartOption {
  const values = r.cells.map((c) => c.value).filter((v): v is number => v !== null);
  const gi = new Map(r.groups.map((g, i) => [g.value, i]));
  const xi = new Map(r.crosses.map((x, i) => [x.value, i]));
  const cells = r.cells.filter((c) => c.period === null || r.periods.length === 0);
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    tooltip: {
      ...tooltipBase,
      trigger: 'item',
      formatter: (p: unknown) => {
        const c = cells[(p as { dataIndex?: number }).dataIndex ?? -1];
        if (!c) return '';
        const g = r.groups.find((x) => x.value === c.group)?.label ?? '';
        const x = r.crosses.find((v) => v.value === c.cross)?.label ?? '';
        return cellLine(r.metric, `${g} × ${x}`, c);
      },
    },
    xAxis: { type: 'category', data: r.groups.map((g) => g.label), axisLabel: { color: COLORS.label, interval: 0, rotate: r.groups.length > 4 ? 30 : 0 } },
    yAxis: { type: 'category', data: r.crosses.map((x) => x.label), axisLabel: { color: COLORS.label } },
    visualMap: {
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#d9534f', '#f3e6b3', '#2e9e6b'] },
      textStyle: { color: COLORS.label },
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => [gi.get(c.group ?? '') ?? 0, xi.get(c.cross ?? '') ?? 0, c.value === null ? '-' : Math.round(c.value * 10) / 10]),
        label: {
          show: true,
          formatter: (p: { dataIndex: number }) => {
            const c = cells[p.dataIndex];
            return c ? `${formatMetric(r.metric, c.value)}${c.smallSample ? '*' : ''}` : '';
          },
        },
      },
    ],
  };
}
