/**
 * The parts of ECharts the admin uses, registered once. Loaded on demand by Chart.tsx so the
 * charting library stays out of the main bundle.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);
// The explorer: a line per group, and the cross-tab's heatmap.
echarts.use([HeatmapChart, LegendComponent, VisualMapComponent]);

export { echarts };
