// ECharts, tree-shaken to what the run page draws: overlaid line series on a canvas.
import { LineChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { Metric } from "./api";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export interface Series { key: string; points: Metric[] }

/** Draws the series into the element; returns a function that releases the chart. */
export function drawMetricChart(element: HTMLElement, series: Series[], x: "step" | "time", log: boolean): () => void {
  // Marks for profiling (the browser's Performance panel, or performance.getEntriesByName): from here until ECharts
  // reports the first render finished.
  const points = series.reduce((n, s) => n + s.points.length, 0);
  performance.mark("argus.chart.draw-start", { detail: { series: series.length, points } });
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  let drawn = false;
  chart.on("finished", () => {
    if (drawn) return;
    drawn = true;
    performance.mark("argus.chart.drawn", { detail: { series: series.length, points } });
    performance.measure("argus.chart.draw", "argus.chart.draw-start", "argus.chart.drawn");
  });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 56, right: 24, top: 40, bottom: 56, containLabel: false },
    xAxis: x === "time"
      ? { type: "time", name: "time" }
      : { type: "value", name: "step", minInterval: 1 },
    yAxis: { type: log ? "log" : "value", scale: true },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
    series: series.map(s => ({
      name: s.key,
      type: "line",
      showSymbol: s.points.length < 50,
      // A log axis cannot show zero or negative values; they are left out rather than breaking the scale.
      data: s.points
        .filter(p => !log || p.value > 0)
        .map(p => [x === "time" ? Number(p.timestamp) : Number(p.step), p.value]),
    })),
  });
  const resize = (): void => chart.resize();
  window.addEventListener("resize", resize);
  return () => {
    window.removeEventListener("resize", resize);
    chart.dispose();
  };
}
