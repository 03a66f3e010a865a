import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import type * as EChartsSetup from './echarts.ts';

export type ChartOption = EChartsCoreOption;

type EChartsModule = typeof EChartsSetup;
let loading: Promise<EChartsModule> | undefined;
function loadECharts(): Promise<EChartsModule> {
  loading ??= import('./echarts.ts');
  return loading;
}

export interface ChartProps {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers. */
  label: string;
  testId?: string;
}

/**
 * An ECharts chart (SVG renderer) that follows its container's width. Keep `option` stable between
 * renders (useMemo) and its structure constant, so updates animate instead of redrawing.
 */
export function Chart({ option, height, label, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadECharts().then(
      ({ echarts }) => {
        const node = el.current;
        if (disposed || !node) return;
        const instance = echarts.init(node, null, { renderer: 'svg' });
        chart.current = instance;
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(node);
        setReady(true);
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option);
  }, [ready, option]);

  return (
    <div className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId}>
      <div ref={el} style={{ width: '100%', height: '100%' }} />
      {!ready && !failed && <div className="chart-loading skeleton" />}
      {failed && <div className="chart-loading empty small">The chart could not be loaded. Reload the page to try again.</div>}
    </div>
  );
}
