import { ApiError, type Run } from "../api";
import { getRuns, metricHistories } from "../api-compare";
import { RUN_COLORS } from "../colors";
import type { Axis } from "../compare-axis";
import { errorBox, formatDuration, formatNumber, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import type { View } from "../view";

export const MIN_RUNS = 2;
export const MAX_RUNS = 10;

// Which way a metric improves. Lower is better (losses, errors, rmse, mae, log loss…) unless one of the key's words —
// the key split on anything but letters and digits, case ignored — names a score: acc/accuracy, auc, r2, f1,
// precision or recall (so "val_accuracy", "roc_auc", "f1_score", "R2" are higher-is-better; "rmse" and "loss" lower).
const HIGHER_IS_BETTER = new Set(["acc", "accuracy", "auc", "r2", "f1", "precision", "recall"]);

export function higherIsBetter(key: string): boolean {
  return key.toLowerCase().split(/[^a-z0-9]+/).some(word => HIGHER_IS_BETTER.has(word));
}

/**
 * Compares 2–10 runs (#/compare?runs=a,b,c): params side by side with differences marked, latest metrics with the
 * best per metric marked, one metric's history per run, parallel coordinates and a param-against-metric scatter.
 * Choices live in the URL: diff=1 (only differing params), metric (overlay), pmetric (parallel), sx/sy (scatter).
 */
export async function comparePage(params: URLSearchParams): Promise<View> {
  const ids = [...new Set((params.get("runs") ?? "").split(",").map(s => s.trim()).filter(s => s.length > 0))];
  if (ids.length < MIN_RUNS || ids.length > MAX_RUNS) {
    return {
      title: "Compare runs",
      element: h("section", null, h("h1", { tabindex: -1 }, "Compare runs"),
        errorBox(`Choose between ${MIN_RUNS} and ${MAX_RUNS} runs to compare (this link names ${ids.length}).`),
        h("p", null, "Select runs in an experiment's runs table, then press Compare. ", h("a", { href: href(["experiments"]) }, "Go to experiments"))),
    };
  }

  const runs = await getRuns(ids);
  const names = displayNames(runs);
  const paramKeys = keysOf(runs, r => r.data.params);
  const metricKeys = keysOf(runs, r => r.data.metrics);
  const paramOf = (r: Run, k: string): string | null => r.data.params?.find(p => p.key === k)?.value ?? null;
  const metricOf = (r: Run, k: string): number | null => r.data.metrics?.find(m => m.key === k)?.value ?? null;

  const onlyDiff = params.get("diff") === "1";
  const differs = new Set(paramKeys.filter(k => new Set(runs.map(r => paramOf(r, k))).size > 1));
  const numericParams = paramKeys.filter(k => {
    const values = runs.map(r => paramOf(r, k)).filter((v): v is string => v !== null);
    return values.length > 0 && values.every(v => v.trim() !== "" && Number.isFinite(Number(v)));
  });
  const pick = (name: string, options: string[], fallback: string | undefined): string | undefined => {
    const v = params.get(name);
    return v !== null && options.includes(v) ? v : fallback;
  };
  const overlayMetric = pick("metric", metricKeys, metricKeys[0]);
  const parallelMetric = pick("pmetric", metricKeys, overlayMetric);
  const scatterParam = pick("sx", paramKeys, paramKeys.find(k => differs.has(k) && numericParams.includes(k)) ?? paramKeys.find(k => differs.has(k)) ?? paramKeys[0]);
  const scatterMetric = pick("sy", metricKeys, overlayMetric);

  const experimentIds = [...new Set(runs.map(r => r.info.experiment_id))];
  const crumbs = h("p", { class: "crumbs" }, h("a", { href: href(["experiments"]) }, "Experiments"), " / ",
    experimentIds.length === 1
      ? [h("a", { href: href(["experiments", experimentIds[0] ?? ""], { sel: ids.join(",") }) }, "Runs"), " / "]
      : null);

  const runHead = (r: Run, i: number): HTMLElement => h("th", { scope: "col", class: "run-col", "data-run-id": r.info.run_id },
    h("span", { class: "swatch", style: `background:${RUN_COLORS[i % RUN_COLORS.length]}`, "aria-hidden": "true" }),
    h("a", { href: href(["runs", r.info.run_id]) }, names[i]), " ",
    h("span", { class: `status status-${r.info.status.toLowerCase()}` }, r.info.status));

  const runsTable = h("div", { class: "scroll" }, h("table", { class: "grid compare-table", "data-testid": "compare-runs" },
    h("caption", { class: "sr-only" }, "Compared runs"),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Run"), h("th", { scope: "col" }, "Status"),
      h("th", { scope: "col" }, "Started"), h("th", { scope: "col" }, "Duration"), h("th", { scope: "col" }, "Run ID"))),
    h("tbody", null, runs.map((r, i) => h("tr", { "data-run-id": r.info.run_id },
      h("th", { scope: "row" }, h("span", { class: "swatch", style: `background:${RUN_COLORS[i % RUN_COLORS.length]}`, "aria-hidden": "true" }),
        h("a", { href: href(["runs", r.info.run_id]) }, names[i])),
      h("td", null, h("span", { class: `status status-${r.info.status.toLowerCase()}` }, r.info.status)),
      h("td", null, formatTime(r.info.start_time)),
      h("td", null, formatDuration(r.info.start_time, r.info.end_time)),
      h("td", { class: "mono" }, r.info.run_id))))));

  // Params: one row per key, one column per run; a row whose values are not all the same (a missing value counts) differs.
  const shownParams = onlyDiff ? paramKeys.filter(k => differs.has(k)) : paramKeys;
  const diffToggle = h("label", { class: "check" }, h("input", {
    type: "checkbox", id: "only-diff", checked: onlyDiff,
    onchange: (e: Event) => updateParams({ diff: (e.target as HTMLInputElement).checked ? "1" : undefined }, "replace"),
  }), "Only differences");
  const paramsTable = paramKeys.length === 0 ? h("p", { class: "empty" }, "No run has params.") :
    shownParams.length === 0 ? h("p", { class: "empty" }, "All params are the same in every run.") :
      h("div", { class: "scroll" }, h("table", { class: "grid compare-table", "data-testid": "compare-params" },
        h("caption", { class: "sr-only" }, "Parameters by run; rows marked “differs” are not the same in every run"),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Parameter"), runs.map(runHead))),
        h("tbody", null, shownParams.map(k => h("tr", { class: differs.has(k) ? "diff" : undefined, "data-key": k },
          h("th", { scope: "row" }, k, differs.has(k) ? h("span", { class: "diff-mark" }, " ≠", h("span", { class: "sr-only" }, " differs")) : null),
          runs.map(r => {
            const v = paramOf(r, k);
            return h("td", null, v ?? missing());
          }))))));

  // Metrics: the latest value of each key per run; the best (ties all marked) when two or more runs have it.
  const metricsTable = metricKeys.length === 0 ? h("p", { class: "empty" }, "No run has metrics.") :
    h("div", { class: "scroll" }, h("table", { class: "grid compare-table", "data-testid": "compare-metrics" },
      h("caption", { class: "sr-only" }, "Latest metrics by run; the best value per metric is marked"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Metric"), runs.map(runHead))),
      h("tbody", null, metricKeys.map(k => {
        const values = runs.map(r => metricOf(r, k));
        const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
        const up = higherIsBetter(k);
        const best = finite.length >= 2 ? (up ? Math.max(...finite) : Math.min(...finite)) : undefined;
        return h("tr", { "data-key": k },
          h("th", { scope: "row" }, k, " ", h("span", { class: "muted direction", title: up ? "higher is better" : "lower is better" },
            up ? "↑" : "↓", h("span", { class: "sr-only" }, up ? " higher is better" : " lower is better"))),
          values.map(v => v === null ? h("td", null, missing()) : v === best
            ? h("td", { class: "best" }, "★ ", formatNumber(v), h("span", { class: "sr-only" }, " (best)"))
            : h("td", null, formatNumber(v))));
      }))));

  const select = (id: string, label: string, options: string[], value: string | undefined, param: string): HTMLElement =>
    h("span", { class: "field" }, h("label", { for: id }, label),
      h("select", { id, onchange: (e: Event) => updateParams({ [param]: (e.target as HTMLSelectElement).value }, "replace") },
        options.map(o => h("option", { value: o, selected: o === value }, o))));

  const overlayBox = h("div", { class: "chart", role: "img", "data-testid": "overlay-chart",
    "aria-label": `History of ${overlayMetric ?? "no metric"} by step, one line per run` });
  const overlayStatus = h("p", { class: "muted", "aria-live": "polite" });
  const parallelAxes: Axis[] = [
    ...numericParams.map(k => ({ name: k, values: runs.map(r => { const v = paramOf(r, k); return v === null ? null : Number(v); }) })),
    ...(parallelMetric ? [{ name: parallelMetric, values: runs.map(r => metricOf(r, parallelMetric)) }] : []),
  ];
  const parallelBox = h("div", { class: "chart", role: "img", "data-testid": "parallel-chart",
    "aria-label": `Parallel coordinates of ${parallelAxes.map(a => a.name).join(", ") || "nothing"}, one line per run` });
  const scatterBox = h("div", { class: "chart", role: "img", "data-testid": "scatter-chart",
    "aria-label": `${scatterMetric ?? "no metric"} against ${scatterParam ?? "no param"}, one point per run` });
  const skipped = paramKeys.filter(k => !numericParams.includes(k));

  // The charts' code (ECharts) is fetched while the page is built, not with the app.
  const charts = import("../chart-compare");
  const releases: (() => void)[] = [];
  let disposed = false;

  async function loadOverlay(): Promise<void> {
    if (!overlayMetric) return;
    try {
      const [c, histories] = await Promise.all([charts, metricHistories(runs, overlayMetric, 1000)]);
      if (disposed) return;
      releases.push(c.drawOverlay(overlayBox, names, histories, overlayMetric));
    } catch (e) {
      overlayStatus.replaceChildren(errorBox(e instanceof ApiError || e instanceof Error ? e.message : String(e)));
    }
  }

  return {
    title: `Compare ${runs.length} runs`,
    element: h("section", { class: "compare" },
      crumbs,
      h("h1", { tabindex: -1 }, `Compare ${runs.length} runs`),
      h("section", { "aria-labelledby": "cmp-runs-h" }, h("h2", { id: "cmp-runs-h" }, "Runs"), runsTable),
      h("section", { "aria-labelledby": "cmp-params-h" }, h("h2", { id: "cmp-params-h" }, "Parameters"),
        h("div", { class: "toolbar" }, diffToggle,
          h("span", { class: "muted", "data-testid": "diff-count" }, `${differs.size} of ${paramKeys.length} differ`)),
        paramsTable),
      h("section", { "aria-labelledby": "cmp-metrics-h" }, h("h2", { id: "cmp-metrics-h" }, "Metrics (latest)"),
        metricsTable,
        metricKeys.length > 0 ? h("p", { class: "muted note" }, "★ marks the best value of each metric: the lowest, unless the metric's name has a word ",
          "acc, accuracy, auc, r2, f1, precision or recall (↑), then the highest.") : null),
      h("section", { "aria-labelledby": "cmp-overlay-h" }, h("h2", { id: "cmp-overlay-h" }, "Metric history"),
        metricKeys.length === 0 ? h("p", { class: "empty" }, "No run has metrics.") : [
          h("div", { class: "toolbar" }, select("overlay-metric", "Metric", metricKeys, overlayMetric, "metric")),
          overlayStatus, overlayBox]),
      h("section", { "aria-labelledby": "cmp-parallel-h" }, h("h2", { id: "cmp-parallel-h" }, "Parallel coordinates"),
        parallelAxes.length === 0 ? h("p", { class: "empty" }, "No numeric params or metrics to draw.") : [
          h("div", { class: "toolbar" }, metricKeys.length > 0 ? select("parallel-metric", "Metric axis", metricKeys, parallelMetric, "pmetric") : null),
          skipped.length > 0 ? h("p", { class: "muted note" }, `Not numeric, left out: ${skipped.join(", ")}.`) : null,
          parallelBox]),
      h("section", { "aria-labelledby": "cmp-scatter-h" }, h("h2", { id: "cmp-scatter-h" }, "Param against metric"),
        paramKeys.length === 0 || metricKeys.length === 0 ? h("p", { class: "empty" }, "The runs need a param and a metric for this chart.") : [
          h("div", { class: "toolbar" }, select("scatter-param", "Param (x)", paramKeys, scatterParam, "sx"),
            select("scatter-metric", "Metric (y)", metricKeys, scatterMetric, "sy")),
          scatterBox])),
    mounted: () => {
      void charts.then(c => {
        if (disposed) return;
        if (parallelAxes.length > 0) releases.push(c.drawParallel(parallelBox, names, parallelAxes));
        if (scatterParam && scatterMetric) {
          releases.push(c.drawScatter(scatterBox, names, scatterParam, runs.map(r => paramOf(r, scatterParam)), scatterMetric, runs.map(r => metricOf(r, scatterMetric))));
        }
      });
      void loadOverlay();
    },
    dispose: () => {
      disposed = true;
      for (const release of releases) release();
    },
  };
}

function missing(): HTMLElement {
  return h("span", { class: "muted" }, "—", h("span", { class: "sr-only" }, " not logged"));
}

/** Run names, with the start of the run id added where two runs share a name, so legends tell them apart. */
function displayNames(runs: Run[]): string[] {
  const base = runs.map(r => r.info.run_name || r.info.run_id);
  return base.map((n, i) => base.filter(b => b === n).length > 1 ? `${n} (${runs[i]?.info.run_id.slice(0, 8)})` : n);
}

function keysOf(runs: Run[], pick: (r: Run) => { key: string }[] | undefined): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const x of pick(r) ?? []) keys.add(x.key);
  return [...keys].sort();
}
