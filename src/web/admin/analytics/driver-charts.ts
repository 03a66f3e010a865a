/** ECharts options of the drivers page and the corridor view. Tooltips escape every label (user text). */
import type { CorridorStepView, DriverAnalysisResult } from '../../../contract/drivers.ts';
import type { ChartOption } from '../../ui/Chart.tsx';
import { COLORS, escapeHtml, FONT, tooltipBase } from '../charts.ts';

export const QUADRANT_LABEL = {
  'fix-first': 'Fix first',
  'keep-up': 'Keep up',
  'over-delivering': 'Over-delivering',
  'low-priority': 'Low priority',
} as const;

export const QUADRANT_COLOR = {
  'fix-first': COLORS.detractor,
  'keep-up': COLORS.promoter,
  'over-delivering': COLORS.passive,
  'low-priority': '#8a97a5',
} as const;

/** A label short enough to sit beside a point. */
function shortLabel(text: string, max = 28): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function performanceOf(d: DriverAnalysisResult['drivers'][number]): number {
  return d.performance.score ?? d.performance.mean;
}

/**
 * The importance–performance map: x performance (0–100), y importance (share of R², %), lines at the
 * drivers' means, the top-left quadrant (important, under-performing) shaded and labelled "Fix first".
 */
export function importancePerformanceOption(result: DriverAnalysisResult, compact: boolean): ChartOption {
  const { importanceMean, performanceMean } = result.map;
  const xs = result.drivers.map(performanceOf);
  const ys = result.drivers.map((d) => d.share);
  const xMin = Math.max(0, Math.floor((Math.min(...xs, performanceMean) - 5) / 10) * 10);
  const xMax = Math.min(100, Math.ceil((Math.max(...xs, performanceMean) + 5) / 10) * 10);
  const yMax = Math.ceil((Math.max(...ys, importanceMean) * 1.15) / 5) * 5;
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT },
    grid: { left: 48, right: compact ? 16 : 28, top: 24, bottom: 44 },
    tooltip: {
      ...tooltipBase,
      trigger: 'item',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex?: number }).dataIndex ?? -1;
        const d = result.drivers[i];
        if (!d) return '';
        return `<b>${escapeHtml(d.label)}</b><br/>Importance ${d.share.toFixed(1)} % of R²<br/>Performance ${performanceOf(d).toFixed(1)}${d.performance.score === null ? '' : ' / 100'}<br/>${QUADRANT_LABEL[d.quadrant]}`;
      },
    },
    xAxis: {
      type: 'value',
      name: 'Performance (0–100)',
      nameLocation: 'middle',
      nameGap: 28,
      min: xMin,
      max: xMax,
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisLabel: { color: COLORS.label },
      splitLine: { lineStyle: { color: COLORS.grid } },
      nameTextStyle: { color: COLORS.label },
    },
    yAxis: {
      type: 'value',
      name: 'Importance (% of R²)',
      nameLocation: 'middle',
      nameGap: 34,
      min: 0,
      max: yMax,
      axisLabel: { color: COLORS.label },
      splitLine: { lineStyle: { color: COLORS.grid } },
      nameTextStyle: { color: COLORS.label },
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 14,
        data: result.drivers.map((d, i) => ({ value: [xs[i], ys[i]], itemStyle: { color: QUADRANT_COLOR[d.quadrant] } })),
        label: {
          show: !compact,
          position: 'right',
          color: '#2b3640',
          fontSize: 11.5,
          formatter: (p: { dataIndex: number }) => shortLabel(result.drivers[p.dataIndex]?.label ?? ''),
        },
        labelLayout: { moveOverlap: 'shiftY', hideOverlap: true },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#9aa6b2', type: 'dashed' },
          label: { show: false },
          data: [{ xAxis: performanceMean }, { yAxis: importanceMean }],
        },
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(217, 83, 79, 0.07)' },
          label: { show: true, position: 'insideTopLeft', color: COLORS.detractor, fontWeight: 'bold', fontSize: 12 },
          data: [[{ name: 'Fix first', coord: [xMin, yMax] }, { coord: [performanceMean, importanceMean] }]],
        },
      },
    ],
  };
}

/** A tiny monthly line of a touch point's 0–100 score, without axes. */
export function scoreSparklineOption(trend: CorridorStepView['trend']): ChartOption {
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: trend.map((t) => t.month) },
    yAxis: { type: 'value', show: false, min: 0, max: 100 },
    series: [
      {
        type: 'line',
        data: trend.map((t) => (t.score === null ? null : Math.round(t.score * 10) / 10)),
        connectNulls: true,
        symbol: 'circle',
        symbolSize: 3,
        silent: true,
        lineStyle: { width: 2, color: COLORS.primary },
        itemStyle: { color: COLORS.primary },
        areaStyle: { color: COLORS.primary, opacity: 0.07 },
      },
    ],
  };
}
