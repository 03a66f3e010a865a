import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/**
 * Charts for email, drawn on the server: ECharts renders the option to an SVG string (its
 * server-side renderer, no DOM), and resvg rasterises it to PNG, since mail clients show images but
 * not SVG. The fonts are loaded from the dejavu-fonts-ttf package, not from the system, so text
 * renders the same on a bare machine with no fonts installed.
 */

export const CHART_FONT = 'DejaVu Sans';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, f));

export interface ChartSize {
  width: number;
  height: number;
}

/** An ECharts option as SVG markup, with animation off and the chart's own font. */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, backgroundColor: '#ffffff', ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** An ECharts option as a PNG, `scale` times the size in pixels (2 for sharp images on dense screens). */
export function renderChartPng(option: echarts.EChartsCoreOption, size: ChartSize, scale = 2): Buffer {
  const svg = renderChartSvg(option, size);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size.width * scale },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
