/**
 * The explorer's chart: each leading theme's share of the month's verbatims. Theme names come from
 * customers' words: the tooltip (HTML) escapes them; legends and axes are canvas text.
 */
import type { ChartOption } from '../../ui/Chart.tsx';
import type { ChartCardTable } from '../../ui/ChartCard.tsx';
import { formatCount } from '../../ui/format.ts';
import { COLORS, escapeHtml, FONT, tooltipBase } from '../charts.ts';
import type { ThemeTrend } from './verbatims-api.ts';

const PALETTE = ['#0b6e6e', '#d9822b', '#5b6bbf', '#2e9e6b', '#c2477f', '#8a6d3b', '#3a8fd1', '#7a7f87'];

/** A share in percent with one decimal; null for a month without verbatims. */
export function shareOf(count: number, total: number): number | null {
  return total > 0 ? Math.round((count / total) * 1000) / 10 : null;
}

/** Lines of each theme's share per month, the counts in the tooltip. */
export function themeTrendOption(t: ThemeTrend): ChartOption {
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT },
    color: PALETTE,
    legend: { type: 'scroll', top: 0, textStyle: { color: COLORS.label } },
    grid: { left: 44, right: 16, top: 36, bottom: 30 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const i = first?.dataIndex ?? -1;
        const month = t.months[i];
        if (month === undefined) return '';
        const total = t.totals[i] ?? 0;
        const lines = t.series.map((s) => {
          const c = s.counts[i] ?? 0;
          const share = shareOf(c, total);
          return `${escapeHtml(s.name)}: <b>${share === null ? '–' : `${share}%`}</b> · ${formatCount(c)}`;
        });
        return [`${escapeHtml(month)} · ${formatCount(total)} verbatims`, ...lines].join('<br>');
      },
    },
    xAxis: { type: 'category', data: t.months, axisLine: { lineStyle: { color: COLORS.axis } }, axisLabel: { color: COLORS.label } },
    yAxis: { type: 'value', min: 0, axisLabel: { color: COLORS.label, formatter: '{value}%' }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: t.series.map((s) => ({
      type: 'line',
      name: s.name,
      connectNulls: true,
      symbolSize: 6,
      data: s.counts.map((c, i) => shareOf(c, t.totals[i] ?? 0)),
    })),
  };
}

/** The same numbers as a table: month, verbatims, and each theme's count and share. */
export function themeTrendTable(t: ThemeTrend): ChartCardTable {
  const count = (v: string | number | null) => (typeof v === 'number' ? formatCount(v) : '–');
  return {
    columns: [
      { key: 'month', label: 'Month' },
      { key: 'total', label: 'Verbatims', numeric: true, format: count },
      ...t.series.flatMap((s, j) => [
        { key: `c${j}`, label: s.name, numeric: true, format: count },
        { key: `s${j}`, label: `${s.name} %`, numeric: true, format: (v: string | number | null) => (typeof v === 'number' ? `${v}%` : '–') },
      ]),
    ],
    rows: t.months.map((month, i) => {
      const total = t.totals[i] ?? 0;
      const row: Record<string, string | number | null> = { month, total };
      t.series.forEach((s, j) => {
        row[`c${j}`] = s.counts[i] ?? 0;
        row[`s${j}`] = shareOf(s.counts[i] ?? 0, total);
      });
      return row;
    }),
  };
}
