import type { EmployeeCustomer } from '../../../contract/employees.ts';
import type { Goal } from '../../../contract/goals.ts';
import type { ChartOption } from '../../ui/Chart.tsx';
import { COLORS, escapeHtml, FONT } from '../charts.ts';

/** A goal's small trend: its series, the target as a dashed line. */
export function goalTrendOption(goal: Goal): ChartOption {
  const values = goal.progress.series.map((p) => (p.value === null ? null : Math.round(p.value * 10) / 10));
  const known = values.filter((v): v is number => v !== null);
  const lo = Math.min(goal.target, ...known);
  const hi = Math.max(goal.target, ...known);
  const pad = Math.max(2, (hi - lo) * 0.15);
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 6, bottom: 4 },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: goal.progress.series.map((p) => p.start) },
    yAxis: { type: 'value', show: false, min: lo - pad, max: hi + pad },
    series: [
      {
        type: 'line',
        data: values,
        connectNulls: true,
        symbol: 'circle',
        symbolSize: 4,
        silent: true,
        lineStyle: { width: 2, color: COLORS.primary },
        itemStyle: { color: COLORS.primary },
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: COLORS.label, type: 'dashed', width: 1 }, data: [{ yAxis: goal.target }] },
      },
    ],
  };
}

/** Each unit as a point: eNPS across, customer NPS up, with the least-squares line through them. */
export function employeeScatterOption(data: EmployeeCustomer): ChartOption {
  const points = data.units.filter((u) => u.enps.score !== null && u.customerNps.score !== null);
  const xs = points.map((u) => u.enps.score!);
  const ys = points.map((u) => u.customerNps.score!);
  const mx = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const my = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  const sxx = xs.reduce((t, x) => t + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : xs.reduce((t, x, i) => t + (x - mx) * (ys[i]! - my), 0) / sxx;
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  return {
    animationDuration: 400,
    textStyle: { fontFamily: FONT },
    grid: { left: 52, right: 24, top: 24, bottom: 46 },
    tooltip: {
      trigger: 'item',
      backgroundColor: '#17212b',
      borderWidth: 0,
      textStyle: { color: '#fff', fontSize: 12, fontFamily: FONT },
      formatter: (p: { dataIndex?: number; seriesIndex?: number }) => {
        const u = p.seriesIndex === 0 && typeof p.dataIndex === 'number' ? points[p.dataIndex] : undefined;
        if (!u) return '';
        return `<b>${escapeHtml(u.name)}</b>${u.parentName ? ` · ${escapeHtml(u.parentName)}` : ''}<br/>eNPS ${u.enps.score!.toFixed(1)} (n ${u.enps.n})<br/>customer NPS ${u.customerNps.score!.toFixed(1)} (n ${u.customerNps.n})`;
      },
    },
    xAxis: { type: 'value', name: 'Employee NPS (eNPS)', nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: COLORS.label }, scale: true, axisLabel: { color: COLORS.label }, splitLine: { lineStyle: { color: COLORS.grid } } },
    yAxis: { type: 'value', name: 'Customer NPS', nameTextStyle: { color: COLORS.label, align: 'left' }, scale: true, axisLabel: { color: COLORS.label }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        type: 'scatter',
        data: points.map((u) => ({ value: [u.enps.score, u.customerNps.score], name: u.name })),
        symbolSize: 14,
        itemStyle: { color: COLORS.primary, opacity: 0.85, borderColor: '#fff', borderWidth: 1 },
        label: { show: true, position: 'right', formatter: (p: { name: string }) => p.name, color: COLORS.label, fontSize: 11 },
        labelLayout: { hideOverlap: true },
      },
      ...(points.length >= 2 && x1 > x0
        ? [{ type: 'line', silent: true, symbol: 'none', lineStyle: { color: COLORS.label, type: 'dashed', width: 1 }, data: [[x0, my + slope * (x0 - mx)], [x1, my + slope * (x1 - mx)]] }]
        : []),
    ],
  };
}
