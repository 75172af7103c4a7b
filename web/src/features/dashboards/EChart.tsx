import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use as registerEcharts, type ComposeOption, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { fenToYuan, percent, share, yuanLabel } from './figures.ts';

// Only what the dashboards draw is bundled: bars, lines, pies, their axes, tooltips, legends and target
// lines. SVG keeps labels as text (crisp at any zoom, readable by tests and screen readers).
registerEcharts([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | AriaComponentOption
>;

const fontFamily = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

/** One chart: created on mount, redrawn when the option changes, resized with its box, disposed on unmount. */
export function EChart({ option, height = 300, label }: { option: ChartOption; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily }, aria: { enabled: true }, animationDuration: 400, ...option }, true);
  }, [option]);

  return <div ref={box} role="img" aria-label={label} className="dashboard-chart" style={{ width: '100%', height }} />;
}

/**
 * A ring of money shares: shares in the legend (a thin slice's label would be cut off or overlap),
 * amounts and percentages in the tooltip, no slice for a zero amount (the data table still lists it).
 */
export function moneyDonut(slices: readonly { name: string; fen: number }[], colors: readonly string[]): ChartOption {
  const total = slices.reduce((sum, x) => sum + x.fen, 0);
  return {
    color: [...colors],
    legend: { bottom: 0, formatter: (name: string) => `${name} ${percent(share(slices.find((x) => x.name === name)?.fen ?? 0, total))}` },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        return item ? `${item.marker as string}${item.name}<br/>${yuanLabel(item.value)}（${String(item.percent)}%）` : '';
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['42%', '70%'],
        center: ['50%', '44%'],
        label: { show: false },
        data: slices.filter((x) => x.fen > 0).map((x) => ({ name: x.name, value: fenToYuan(x.fen) })),
      },
    ],
  };
}
