/**
 * The accounts' bubble chart (PRODUCT.md, "Accounts in four quadrants"): x the summary score, y billed
 * revenue, bubble size the estimated revenue, the account's code inside each bubble, the threshold
 * lines dividing the four labelled quadrants. Tooltips escape every text they show.
 */
import { QUADRANT_LABELS, type Quadrant } from '../../../core/quadrants.ts';
import type { ChartOption } from '../../ui/Chart.tsx';
import { formatCount } from '../../ui/format.ts';
import { escapeHtml, FONT } from '../charts.ts';

export const QUADRANT_COLORS: Record<Quadrant, string> = { model: '#2e9e6b', growth: '#3b7fc4', at_risk: '#d9534f', dangling: '#d99a2b' };
const SOFT: Record<Quadrant, string> = { model: 'rgba(46,158,107,0.07)', growth: 'rgba(59,127,196,0.07)', at_risk: 'rgba(217,83,79,0.08)', dangling: 'rgba(217,154,43,0.08)' };

export interface Bubble {
  code: string;
  name: string;
  score: number;
  billedRevenue: number;
  estimatedRevenue: number;
  quadrant: Quadrant;
}

/** A short money figure for axes: 1.2M, 350k. */
export function formatMoneyShort(v: number): string {
  if (v >= 1e6) return `${Math.round(v / 1e5) / 10}M`;
  if (v >= 1e3) return `${Math.round(v / 100) / 10}k`;
  return formatCount(v);
}

function scoreRange(bubbles: readonly Bubble[], target: number): [number, number] {
  const xs = [...bubbles.map((b) => b.score), target];
  return [Math.max(0, Math.floor((Math.min(...xs) - 4) / 10) * 10), Math.min(100, Math.ceil((Math.max(...xs) + 4) / 10) * 10)];
}

/** Revenue spans orders of magnitude in most books of business: a log axis when the largest is 20 times the smallest. */
function revenueAxis(bubbles: readonly Bubble[], threshold: number): { log: boolean; min: number; max: number } {
  const positive = [...bubbles.map((b) => b.billedRevenue), threshold].filter((v) => v > 0);
  const lo = positive.length ? Math.min(...positive) : 1;
  const hi = positive.length ? Math.max(...positive) : 1;
  if (hi / lo >= 20) return { log: true, min: 10 ** Math.floor(Math.log10(lo)), max: 10 ** Math.ceil(Math.log10(hi)) };
  return { log: false, min: 0, max: hi * 1.15 };
}

export function quadrantBubbleOption(bubbles: readonly Bubble[], t: { scoreTarget: number; revenueThreshold: number }, opts: { compact?: boolean } = {}): ChartOption {
  const [xMin, xMax] = scoreRange(bubbles, t.scoreTarget);
  const y = revenueAxis(bubbles, t.revenueThreshold);
  const floor = y.log ? y.min : 0;
  const maxEstimated = Math.max(1, ...bubbles.map((b) => b.estimatedRevenue));
  // Many accounts crowd the plane: smaller bubbles, so codes stay readable.
  const crowded = bubbles.length > 80;
  const [small, large] = opts.compact || crowded ? [16, 38] : [20, 52];
  const threshold = Math.max(t.revenueThreshold, floor);
  const area = (q: Quadrant, x0: number, x1: number, y0: number, y1: number, position: string) => [
    { name: QUADRANT_LABELS[q], xAxis: x0, yAxis: y0, itemStyle: { color: SOFT[q] }, label: { position, color: QUADRANT_COLORS[q] } },
    { xAxis: x1, yAxis: y1 },
  ];
  return {
    animationDuration: 400,
    textStyle: { fontFamily: FONT },
    grid: { left: 56, right: 20, top: 30, bottom: 42 },
    tooltip: {
      trigger: 'item',
      backgroundColor: '#17212b',
      borderWidth: 0,
      textStyle: { color: '#fff', fontSize: 12, fontFamily: FONT },
      formatter: (p: { dataIndex?: number; seriesType?: string }) => {
        const b = p.seriesType === 'scatter' && typeof p.dataIndex === 'number' ? bubbles[p.dataIndex] : undefined;
        if (!b) return '';
        return `<b>${escapeHtml(b.code)}</b> ${escapeHtml(b.name)}<br/>${QUADRANT_LABELS[b.quadrant]} · score ${b.score.toFixed(1)}<br/>billed ${formatCount(b.billedRevenue)} · estimated ${formatCount(b.estimatedRevenue)}`;
      },
    },
    xAxis: {
      type: 'value',
      name: 'Summary score (0–100)',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: '#5f6b78' },
      min: xMin,
      max: xMax,
      axisLabel: { color: '#5f6b78' },
      splitLine: { lineStyle: { color: '#eceff2' } },
    },
    yAxis: {
      type: y.log ? 'log' : 'value',
      name: 'Billed revenue',
      nameTextStyle: { color: '#5f6b78', align: 'left' },
      min: y.min,
      max: y.max,
      axisLabel: { color: '#5f6b78', formatter: (v: number) => formatMoneyShort(v) },
      splitLine: { lineStyle: { color: '#eceff2' } },
    },
    series: [
      {
        type: 'scatter',
        data: bubbles.map((b) => ({
          value: [b.score, Math.max(b.billedRevenue, floor), b.estimatedRevenue],
          name: b.code,
          symbolSize: small + (large - small) * Math.sqrt(b.estimatedRevenue / maxEstimated),
          itemStyle: { color: QUADRANT_COLORS[b.quadrant], opacity: 0.82, borderColor: '#fff', borderWidth: 1 },
        })),
        label: { show: true, formatter: (p: { name: string }) => p.name, color: '#fff', fontSize: opts.compact ? 8 : 9, fontWeight: 600 },
        emphasis: { focus: 'self', itemStyle: { opacity: 1 } },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#5f6b78', type: 'dashed', width: 1 },
          label: { show: false },
          data: [{ xAxis: t.scoreTarget }, { yAxis: threshold }],
        },
        markArea: {
          silent: true,
          label: { show: true, fontSize: 12, fontWeight: 700 },
          data: [
            area('model', t.scoreTarget, xMax, threshold, y.max, 'insideTopRight'),
            area('growth', t.scoreTarget, xMax, floor, threshold, 'insideBottomRight'),
            area('at_risk', xMin, t.scoreTarget, threshold, y.max, 'insideTopLeft'),
            area('dangling', xMin, t.scoreTarget, floor, threshold, 'insideBottomLeft'),
          ],
        },
      },
    ],
  };
}
