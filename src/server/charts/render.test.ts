import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg } from './render.ts';

const bars = (title: string) => ({
  title: { text: title, left: 'center', textStyle: { fontSize: 20, color: '#000000' } },
  grid: { top: 60, left: 50, right: 20, bottom: 30 },
  xAxis: { type: 'category', data: ['Q1', 'Q2', 'Q3'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [10, 40, 25], itemStyle: { color: '#0b6e6e' } }],
});

/** Pixels of a decoded PNG in a box that are not (near) white. */
function inkIn(png: PNG, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let ink = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * png.width + x) * 4;
      if ((png.data[i] ?? 255) < 200 || (png.data[i + 1] ?? 255) < 200 || (png.data[i + 2] ?? 255) < 200) ink++;
    }
  }
  return ink;
}

describe('charts rendered on the server', () => {
  it('renders an ECharts option to SVG without a DOM', () => {
    const svg = renderChartSvg(bars('NPS by quarter'), { width: 600, height: 300 });
    expect(svg).toMatch(/^<svg[^>]+width="600" height="300"/);
    expect(svg).toContain('NPS by quarter');
  });

  it('rasterises to a PNG that decodes at twice the size, is not blank, and draws its text', () => {
    const png = PNG.sync.read(renderChartPng(bars('NPS by quarter'), { width: 600, height: 300 }));
    expect([png.width, png.height]).toEqual([1200, 600]);
    const all = { x0: 0, y0: 0, x1: png.width, y1: png.height };
    // The bars alone cover a sizeable share of the plot.
    expect(inkIn(png, all)).toBeGreaterThan(png.width * png.height * 0.05);
    // The title band (above the plot) has ink only when the font rendered the title.
    const titleBand = { x0: 0, y0: 0, x1: png.width, y1: 100 };
    const untitled = PNG.sync.read(renderChartPng(bars(''), { width: 600, height: 300 }));
    expect(inkIn(untitled, titleBand)).toBe(0);
    expect(inkIn(png, titleBand)).toBeGreaterThan(500);
  });
});
