// The monitoring page's charts (ECharts, tree-shaken, loaded with the page's data rather than with the app): drift
// scores per feature and window as a heatmap, and the share of drifted columns (and RMSE) over time as lines.
import { HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { formatNumber } from "./dom";
import type { MonitorWindow } from "./api-monitoring";
import { escapeHtml, isoText, RMSE, SHARE, shortIso } from "./monitoring-format";

echarts.use([HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export function drawHeatmap(element: HTMLElement, all: MonitorWindow[], features: string[]): () => void {
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  const data: [number, number, number | "-", number][] = [];
  all.forEach((w, x) => features.forEach((f, y) => {
    const score = w.metrics.get(`drift.columns.${f}.score`);
    data.push([x, y, score === undefined ? "-" : score, w.metrics.get(`drift.columns.${f}.drift_detected`) ?? 0]);
  }));
  chart.setOption({
    animation: false,
    tooltip: { formatter: (p: { data: [number, number, number | "-", number] }) => {
      const [x, y, v, detected] = p.data;
      return `${escapeHtml(features[y] ?? "")}<br>${escapeHtml(isoText(all[x]?.start ?? ""))}<br>score ${v === "-" ? "—" : formatNumber(v)}${detected ? " · drift detected" : ""}`;
    } },
    grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
    xAxis: { type: "category", data: all.map(w => shortIso(w.start)), splitArea: { show: true } },
    yAxis: { type: "category", data: features, splitArea: { show: true } },
    // Scores are not comparable across stat tests (p-values fall, distances rise with drift), so the colour is each
    // test's own verdict against its threshold and the cell's label is the score.
    visualMap: { type: "piecewise", dimension: 3, orient: "horizontal", left: "center", bottom: 0,
      pieces: [{ value: 0, label: "no drift", color: "#e3f4e8" }, { value: 1, label: "drift detected", color: "#c0392b" }] },
    series: [{ type: "heatmap", data, label: { show: all.length <= 12, formatter: (p: { data: [number, number, number | "-", number] }) =>
      p.data[2] === "-" ? "" : `${Number(p.data[2]).toPrecision(2)}${p.data[3] ? " ⚠" : ""}` },
    itemStyle: { borderColor: "#fff", borderWidth: 1 } }],
  });
  return resizing(chart);
}

export function drawLines(element: HTMLElement, all: MonitorWindow[], hasRmse: boolean): () => void {
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  const point = (w: MonitorWindow, key: string): [number, number] | null => {
    const v = w.metrics.get(key);
    return v === undefined ? null : [Date.parse(w.start), v];
  };
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 56, right: hasRmse ? 56 : 24, top: 40, bottom: 32 },
    xAxis: { type: "time" },
    yAxis: [{ type: "value", name: "share", min: 0, max: 1 }, ...(hasRmse ? [{ type: "value", name: "rmse", scale: true }] : [])],
    series: [
      { name: "share of drifted columns", type: "line", showSymbol: true, data: all.map(w => point(w, SHARE)).filter(p => p !== null) },
      ...(hasRmse ? [{ name: "regression.rmse", type: "line", yAxisIndex: 1, showSymbol: true, data: all.map(w => point(w, RMSE)).filter(p => p !== null) }] : []),
    ],
  });
  return resizing(chart);
}

function resizing(chart: echarts.ECharts): () => void {
  const resize = (): void => chart.resize();
  window.addEventListener("resize", resize);
  return () => { window.removeEventListener("resize", resize); chart.dispose(); };
}
