// A pipeline run's steps as a DAG: ECharts' graph series with positions computed here (no force layout), so the same
// run always draws the same picture. Layer = longest path from a root; within a layer, steps keep their run order.
import { GraphChart } from "echarts/charts";
import { LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { STEP_STATES, type StepRun, type StepState } from "./api-pipelines";
import { layout, type Placed } from "./dag-layout";
import { formatDuration } from "./dom";

echarts.use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export const STATE_COLORS: Record<StepState, string> = {
  pending: "#9aa3b2",
  running: "#1f5fbf",
  succeeded: "#2e8b57",
  failed: "#c0392b",
  skipped: "#d5d9e0",
};

const NODE = 30;

export interface DagChart {
  update(steps: StepRun[], selected: string | undefined): void;
  dispose(): void;
}

/** Draws the DAG into the element (sized here by the graph's shape); clicking a step calls onSelect with its name. */
export function drawDag(element: HTMLElement, steps: StepRun[], selected: string | undefined, onSelect: (step: string) => void): DagChart {
  let chart: echarts.ECharts | undefined;
  let last: { steps: StepRun[]; selected: string | undefined } = { steps, selected };

  const render = (): void => {
    const { placed, layers, rows } = layout(last.steps);
    // Narrow screens draw the layers top to bottom, so the chain reads down the page instead of being squeezed.
    const vertical = element.clientWidth < 560 && layers > 2;
    const height = vertical ? Math.max(220, layers * 64 + 56) : Math.max(200, rows * 84 + 90);
    if (element.style.height !== `${height}px`) {
      element.style.height = `${height}px`;
      chart?.resize();
    }
    if (!chart) {
      chart = echarts.init(element, undefined, { renderer: "canvas" });
      chart.on("click", (p: { dataType?: string; name?: string }) => { if (p.dataType === "node" && p.name) onSelect(p.name); });
    }
    // Positions in pixels of this box, and the series laid exactly over their bounding box, so the view neither
    // stretches nor scales the nodes (it would, unevenly, when a graph is one row or one column). Nodes are squares, so
    // ECharts ends each arrow at the node's edge; the name and state are written beside them.
    const width = element.clientWidth;
    const top = 44;
    const labelWidth = vertical ? Math.max(60, Math.min(180, width / rows - 56)) : Math.max(60, Math.min(150, width / layers - 12));
    const nodeWidth = vertical ? labelWidth + 48 : 0;
    const perLayer = new Map<number, number>();
    for (const p of placed) perLayer.set(p.layer, (perLayer.get(p.layer) ?? 0) + 1);
    const margin = labelWidth / 2 + 6;
    const along = (layer: number): number => vertical
      ? top + 26 + layer * 64
      : layers === 1 ? width / 2 : margin + layer * (width - 2 * margin) / (layers - 1);
    const across = (p: Placed): number => {
      const offset = p.row - ((perLayer.get(p.layer) ?? 1) - 1) / 2;
      return vertical ? width / 2 - labelWidth / 2 + offset * nodeWidth : top + (height - top - 28) / 2 + offset * 84;
    };
    const nodes = placed.map(p => {
      const isSelected = p.step.step === last.selected;
      return {
        name: p.step.step,
        x: vertical ? across(p) : along(p.layer),
        y: vertical ? along(p.layer) : across(p),
        category: STEP_STATES.indexOf(p.step.state),
        value: p.step.state,
        symbolSize: NODE,
        itemStyle: {
          borderColor: isSelected ? "#f5a623" : "#1d2330",
          borderWidth: isSelected ? 4 : 1,
          borderType: p.step.state === "skipped" ? "dashed" : "solid",
        },
      };
    });
    const box = bounds(nodes.map(n => n.x), nodes.map(n => n.y));
    // An edge that skips a layer bends, so it is not drawn through the steps between.
    const layerOf = new Map(placed.map(p => [p.step.step, p.layer]));
    const links = last.steps.flatMap(s => (s.needs ?? []).filter(n => layerOf.has(n)).map(n => ({
      source: n, target: s.step,
      lineStyle: { curveness: (layerOf.get(s.step) ?? 0) - (layerOf.get(n) ?? 0) > 1 ? 0.3 : 0 },
    })));
    const byName = new Map(last.steps.map(s => [s.step, s]));
    chart.setOption({
      animation: false,
      legend: { data: STEP_STATES, top: 0, selectedMode: false },
      tooltip: {
        formatter: (p: { dataType?: string; name?: string; data?: { source?: string; target?: string } }) => {
          if (p.dataType === "edge") return `${escapeHtml(p.data?.target ?? "")} needs ${escapeHtml(p.data?.source ?? "")}`;
          const s = byName.get(p.name ?? "");
          if (!s) return "";
          return `<b>${escapeHtml(s.step)}</b> (${escapeHtml(s.kind)})<br>${escapeHtml(s.state)}` +
            `${s.attempts ? ` · ${s.attempts} attempt${s.attempts === 1 ? "" : "s"}` : ""}` +
            `${s.start_time && s.end_time ? ` · ${formatDuration(s.start_time, s.end_time)}` : ""}`;
        },
      },
      series: [{
        type: "graph",
        layout: "none",
        left: box.left, top: box.top, width: box.width, height: box.height,
        nodeScaleRatio: 0,
        symbol: "roundRect",
        categories: STEP_STATES.map(s => ({ name: s, itemStyle: { color: STATE_COLORS[s] } })),
        data: nodes,
        links,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 9,
        lineStyle: { color: "#5b6475", width: 1.5, curveness: 0, opacity: 0.9 },
        // The state is written under the name, so colour is never the only cue.
        label: { show: true, position: vertical ? "right" : "bottom", distance: 6, formatter: "{b}\n{c}", fontSize: 12, lineHeight: 15,
          color: "#1d2330", width: labelWidth, overflow: "truncate", align: vertical ? "left" : "center" },
        emphasis: { focus: "adjacency" },
      }],
    }, { replaceMerge: ["series"] });
  };

  render();
  const resize = (): void => { chart?.resize(); render(); };
  window.addEventListener("resize", resize);
  return {
    update: (next, sel) => { last = { steps: next, selected: sel }; render(); },
    dispose: () => { window.removeEventListener("resize", resize); chart?.dispose(); chart = undefined; },
  };
}

// As ECharts widens a zero extent by 1 on each side, so the box given is the box it fits the points into.
function bounds(xs: number[], ys: number[]): { left: number; top: number; width: number; height: number } {
  let [left, right, up, down] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (right === left) { left -= 1; right += 1; }
  if (down === up) { up -= 1; down += 1; }
  return { left, top: up, width: right - left, height: down - up };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
