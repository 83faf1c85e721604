// The target's time series drawn with ECharts: actual values, the baseline and goal lines and
// the projected trend to the deadline. Loaded on demand so the first page stays small; imports
// only the parts it uses.
import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TargetChartProps {
  periods: string[];            // x-axis labels, baseline period to deadline
  actual: (number | null)[];    // one per period
  baseline: number | null;
  goal: number;
  projected: number | null;     // at the deadline (the last period)
  names: { actual: string; baseline: string; goal: string; trend: string; comparable?: string };
  // A successor's figures for the periods before it existed, rebuilt from its predecessors.
  comparable?: (number | null)[];
  format: (value: number) => string;
  label: string;                // what the chart shows, for screen readers
}

const COLORS = { actual: '#1d4ed8', baseline: '#6b7280', goal: '#15803d', trend: '#c2410c', comparable: '#7c3aed' };

export default function TargetChart(props: TargetChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const instance = echarts.init(container.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const { periods, actual, baseline, goal, projected, names, format, comparable } = props;
    let lastActual = -1;
    actual.forEach((value, index) => {
      if (value !== null) lastActual = index;
    });
    const trend = periods.map(() => null as number | null);
    if (projected !== null && lastActual >= 0 && lastActual < periods.length - 1) {
      trend[lastActual] = actual[lastActual] ?? null;
      trend[periods.length - 1] = projected;
    }
    const constant = (value: number | null) => periods.map(() => value);
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { fontSize: 12 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
        xAxis: { type: 'category', data: periods, boundaryGap: false },
        yAxis: {
          type: 'value',
          // Leave room below the lowest line so the baseline is not drawn on the axis itself.
          min: (extent: { min: number; max: number }) => Math.max(0, Math.floor(extent.min - (extent.max - extent.min) * 0.15)),
          axisLabel: { formatter: (v: number) => format(v) },
        },
        series: [
          { name: names.actual, type: 'line', data: actual, connectNulls: false, symbolSize: 8,
            lineStyle: { width: 3, color: COLORS.actual }, itemStyle: { color: COLORS.actual } },
          { name: names.trend, type: 'line', data: trend, connectNulls: true, symbol: 'emptyCircle', symbolSize: 7,
            lineStyle: { type: 'dashed', width: 2, color: COLORS.trend }, itemStyle: { color: COLORS.trend } },
          { name: names.goal, type: 'line', data: constant(goal), symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: COLORS.goal }, itemStyle: { color: COLORS.goal } },
          ...(baseline === null ? [] : [{ name: names.baseline, type: 'line' as const, data: constant(baseline), symbol: 'none',
            lineStyle: { type: 'dotted' as const, width: 2, color: COLORS.baseline }, itemStyle: { color: COLORS.baseline } }]),
          ...(comparable && comparable.some((v) => v !== null)
            ? [{ name: names.comparable ?? '', type: 'line' as const, data: comparable, connectNulls: false, symbol: 'diamond', symbolSize: 7,
                lineStyle: { type: 'dashed' as const, width: 2, color: COLORS.comparable }, itemStyle: { color: COLORS.comparable } }]
            : []),
        ],
      },
      { notMerge: true },
    );
  }, [props]);

  return <div ref={container} className="chart" role="img" aria-label={props.label} data-chart="target" />;
}
