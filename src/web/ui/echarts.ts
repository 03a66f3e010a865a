/**
 * The parts of ECharts the admin uses, registered once. Loaded on demand by Chart.tsx so the
 * charting library stays out of the main bundle.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);
// The explorer's cross-tab heatmap.
echarts.use([HeatmapChart, VisualMapComponent]);
// Labels beside scatter points step aside rather than overprint one another (the driver map).
echarts.use([LabelLayout]);

export { echarts };
