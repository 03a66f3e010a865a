/** NPS and the summary index of the accounts by quarter: two lines, NPS on −100…100 at left, the index on 0–100 at right. */
import type { AccountTrend } from '../../../contract/account-analytics.ts';
import type { ChartOption } from '../../ui/Chart.tsx';
import { formatCount, formatNps } from '../../ui/format.ts';

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function accountTrendOption(quarters: AccountTrend['quarters']): ChartOption {
  return {
    animationDuration: 400,
    textStyle: { fontFamily: FONT },
    grid: { left: 44, right: 44, top: 44, bottom: 28 },
    legend: { top: 0, left: 'center', itemWidth: 14, textStyle: { color: '#5f6b78' } },
    tooltip: {
      trigger: 'axis',
      backgroundColor: '#17212b',
      borderWidth: 0,
      textStyle: { color: '#fff', fontSize: 12, fontFamily: FONT },
      formatter: (params: unknown) => {
        const i = (Array.isArray(params) ? (params[0] as { dataIndex?: number }) : undefined)?.dataIndex ?? -1;
        const q = quarters[i];
        if (!q) return '';
        const small = q.smallSample ? ' · small sample' : '';
        return `${q.quarter}<br/>NPS <b>${formatNps(q.nps)}</b> (mean ${q.npsMean === null ? '–' : q.npsMean.toFixed(1)})<br/>Summary index <b>${q.summaryIndex === null ? '–' : q.summaryIndex.toFixed(1)}</b><br/>n = ${formatCount(q.n)}${small}`;
      },
    },
    xAxis: { type: 'category', data: quarters.map((q) => q.quarter), axisTick: { show: false }, axisLabel: { color: '#5f6b78', hideOverlap: true }, axisLine: { lineStyle: { color: '#c9d0d8' } } },
    yAxis: [
      { type: 'value', name: 'NPS', min: -100, max: 100, interval: 50, axisLabel: { color: '#5f6b78' }, nameTextStyle: { color: '#5f6b78' }, splitLine: { lineStyle: { color: '#eceff2' } } },
      { type: 'value', name: 'Index', min: 0, max: 100, interval: 25, axisLabel: { color: '#5f6b78' }, nameTextStyle: { color: '#5f6b78' }, splitLine: { show: false } },
    ],
    series: [
      { name: 'NPS', type: 'line', data: quarters.map((q) => round1(q.nps)), connectNulls: true, symbol: 'circle', symbolSize: 7, lineStyle: { width: 2.5, color: '#0b6e6e' }, itemStyle: { color: '#0b6e6e' } },
      { name: 'Summary index', type: 'line', yAxisIndex: 1, data: quarters.map((q) => round1(q.summaryIndex)), connectNulls: true, symbol: 'diamond', symbolSize: 8, lineStyle: { width: 2, color: '#d99a2b', type: 'dashed' }, itemStyle: { color: '#d99a2b' } },
    ],
  };
}
