/**
 * The ECharts build the renderer uses: only the line, bar and custom charts, grid and tooltip components,
 * on the canvas renderer (keeps the bundle small and the CSP free of inline scripts).
 */
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, CustomChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The ECharts core with the modules above registered. */
export { echarts };
