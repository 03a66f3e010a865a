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
  /** Called with the data index of a clicked series item (a bar, a point). */
  onItemClick?: (dataIndex: number) => void;
}

/**
 * An ECharts chart (SVG renderer) that follows its container's width. Keep `option` stable between
 * renders (useMemo) and its structure constant, so updates animate instead of redrawing.
 */
export function Chart({ option, height, label, testId, onItemClick }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  // A ref, so a new callback each render neither re-registers the handler nor goes stale.
  const clickHandler = useRef(onItemClick);
  useEffect(() => {
    clickHandler.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadECharts().then(
      ({ echarts }) => {
        const node = el.current;
        if (disposed || !node) return;
        const instance = echarts.init(node, null, { renderer: 'svg' });
        chart.current = instance;
        instance.on('click', (params) => {
          const index = (params as { dataIndex?: unknown }).dataIndex;
          if (typeof index === 'number') clickHandler.current?.(index);
        });
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
    <div className={onItemClick ? 'chart chart-clickable' : 'chart'} style={{ height }} role="img" aria-label={label} data-testid={testId}>
      <div ref={el} style={{ width: '100%', height: '100%' }} />
      {!ready && !failed && <div className="chart-loading skeleton" />}
      {failed && <div className="chart-loading empty small">The chart could not be loaded. Reload the page to try again.</div>}
    </div>
  );
}
