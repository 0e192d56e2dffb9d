// The Compare page's charts (ECharts, tree-shaken): a metric's history per run, parallel coordinates and a scatter,
// each run in the same colour everywhere.
import { LineChart, ParallelChart, ScatterChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { Metric } from "./api";
import { RUN_COLORS } from "./colors";
import type { Axis } from "./compare-axis";

echarts.use([LineChart, ParallelChart, ScatterChart, DataZoomComponent, ParallelComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);


function mount(element: HTMLElement, option: Record<string, unknown>): () => void {
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  chart.setOption(option);
  const resize = (): void => chart.resize();
  window.addEventListener("resize", resize);
  return () => {
    window.removeEventListener("resize", resize);
    chart.dispose();
  };
}

/** One line per run across the axes (values[i] belongs to runs[i]; null where a run lacks the value). */
export function drawParallel(element: HTMLElement, runNames: string[], axes: Axis[]): () => void {
  return mount(element, {
    animation: false,
    color: RUN_COLORS,
    tooltip: { trigger: "item" },
    legend: { type: "scroll", top: 0, data: runNames },
    parallel: { left: 48, right: 72, top: 56, bottom: 32 },
    parallelAxis: axes.map((a, i) => ({ dim: i, name: a.name, type: "value", scale: true, nameTextStyle: { fontSize: 12 } })),
    series: runNames.map((name, r) => ({
      name,
      type: "parallel",
      lineStyle: { width: 2, opacity: 0.9 },
      data: [axes.map(a => a.values[r] ?? "-")],
    })),
  });
}

/** One point per run: x from a param (numeric, else categories), y from a metric. */
export function drawScatter(element: HTMLElement, runNames: string[], xName: string, x: (string | null)[], yName: string, y: (number | null)[]): () => void {
  const numeric = x.every(v => v === null || Number.isFinite(Number(v)));
  const categories = numeric ? undefined : [...new Set(x.filter((v): v is string => v !== null))].sort();
  return mount(element, {
    animation: false,
    color: RUN_COLORS,
    tooltip: { trigger: "item" },
    legend: { type: "scroll", top: 0, data: runNames },
    grid: { left: 64, right: 24, top: 48, bottom: 48 },
    xAxis: numeric ? { type: "value", name: xName, nameLocation: "middle", nameGap: 28, scale: true }
      : { type: "category", name: xName, nameLocation: "middle", nameGap: 28, data: categories },
    yAxis: { type: "value", name: yName, scale: true },
    series: runNames.map((name, r) => ({
      name,
      type: "scatter",
      symbolSize: 14,
      data: x[r] === null || y[r] === null ? [] : [[numeric ? Number(x[r]) : x[r], y[r]]],
    })),
  });
}

/** One line per run: the metric's history by step. */
export function drawOverlay(element: HTMLElement, runNames: string[], histories: Metric[][], metric: string): () => void {
  return mount(element, {
    animation: false,
    color: RUN_COLORS,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0, data: runNames },
    grid: { left: 64, right: 24, top: 40, bottom: 56 },
    xAxis: { type: "value", name: "step", minInterval: 1 },
    yAxis: { type: "value", name: metric, scale: true },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
    series: runNames.map((name, r) => ({
      name,
      type: "line",
      showSymbol: (histories[r]?.length ?? 0) < 50,
      data: (histories[r] ?? []).map(p => [Number(p.step), p.value]),
    })),
  });
}
