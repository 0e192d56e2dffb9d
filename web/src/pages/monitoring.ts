import { api, ApiError } from "../api";
import { modelOf, monitoredModels, monitoringExperiment, reportTests, searchAlerts, windows, type MonitorWindow, type SuiteResult } from "../api-monitoring";
import { errorBox, formatNumber, h } from "../dom";
import { href, updateParams } from "../router";
import type { View } from "../view";
import { alertsTable } from "./alerts";
import { isoText, RMSE, SHARE } from "../monitoring-format";


/** The monitored models (experiments monitoring/<model>), each with its latest window. */
export async function monitoringPage(): Promise<View> {
  const experiments = await monitoredModels();
  const latest = await Promise.all(experiments.map(async e => (await windows(e.experiment_id, 1000)).at(-1)));
  const table = h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "monitored-models" },
    h("caption", { class: "sr-only" }, "Monitored models and their latest window"),
    h("thead", null, h("tr", null, ["Model", "Latest window", "Rows", "Dataset drift", "Share of drifted columns"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, experiments.map((e, i) => {
      const w = latest[i];
      return h("tr", { "data-model": modelOf(e) },
        h("td", null, h("a", { href: href(["monitoring", modelOf(e)]) }, modelOf(e))),
        h("td", { class: "nowrap" }, w ? windowText(w) : h("span", { class: "muted" }, "no finished window")),
        h("td", null, w ? metricText(w, "window.rows") : ""),
        h("td", null, w ? driftBadge(w) : ""),
        h("td", null, w ? metricText(w, SHARE) : ""));
    }))));
  return {
    title: "Monitoring",
    element: h("section", null,
      h("h1", { tabindex: -1 }, "Monitoring"),
      h("p", { class: "muted" }, "Models watched by ", h("code", null, "argus monitor"), ": each window of traffic is a run of the experiment ", h("code", null, "monitoring/<model>"), "."),
      experiments.length === 0 ? h("p", { class: "empty" }, "No monitored model yet. Run argus monitor against a served model's inference log.") : table),
  };
}

/** One model's windows over time: drift heatmap, share/rmse lines, windows table, a window's report and tests, alerts. */
export async function monitoringModelPage(model: string, params: URLSearchParams): Promise<View> {
  const experiment = await monitoringExperiment(model);
  if (!experiment) {
    return { title: model, element: h("section", null, crumbs(), h("h1", { tabindex: -1 }, model),
      errorBox(`No experiment monitoring/${model}: this model is not monitored.`)) };
  }
  const all = await windows(experiment.experiment_id);
  const chosenId = params.get("window") ?? "";
  const chosen = all.find(w => w.run.info.run_id === chosenId) ?? all.at(-1);

  const [tests, alerts] = await Promise.all([
    chosen ? reportTests(chosen.run.info.run_id).catch((e: unknown) => e instanceof ApiError ? e : Promise.reject(e)) : Promise.resolve(undefined),
    searchAlerts({ labels: [`model=${model}`], max_results: 50 }),
  ]);

  const features = featureNames(all);
  const heatmapBox = h("div", { class: "chart heatmap", "data-testid": "drift-heatmap", role: "img",
    "aria-label": `Drift score per feature and window, coloured where drift was detected: ${features.length} features, ${all.length} windows. The windows table below holds the same data.` });
  const hasRmse = all.some(w => w.metrics.has(RMSE));
  const linesBox = h("div", { class: "chart", "data-testid": "drift-lines", role: "img",
    "aria-label": `Share of drifted columns${hasRmse ? " and regression RMSE" : ""} per window.` });

  const disposers: (() => void)[] = [];
  let disposed = false;
  return {
    title: `${model} · monitoring`,
    element: h("section", null,
      crumbs(),
      h("h1", { tabindex: -1 }, model),
      all.length === 0 ? h("p", { class: "empty" }, "No finished window yet.") : [
        h("h2", null, "Drift over time"),
        features.length > 0 ? heatmapBox : h("p", { class: "muted" }, "No drift scores recorded."),
        linesBox,
        h("h2", { id: "windows-heading" }, `Windows (${all.length})`),
        windowsTable(all, chosen, experiment.experiment_id),
        chosen ? reportSection(chosen, tests) : null,
      ],
      h("h2", null, "Alerts for this model"),
      (alerts.alerts ?? []).length === 0
        ? h("p", { class: "empty", "data-testid": "model-alerts-empty" }, `No alert labelled model=${model}.`)
        : [alertsTable(alerts.alerts ?? [], `Alerts labelled model=${model}`),
          h("p", null, h("a", { href: href(["alerts"]) }, "All alerts"))]),
    mounted: () => {
      if (all.length === 0) return;
      void import("../chart-monitoring").then(c => {
        if (disposed) return;
        if (features.length > 0) disposers.push(c.drawHeatmap(heatmapBox, all, features));
        disposers.push(c.drawLines(linesBox, all, hasRmse));
      });
    },
    dispose: () => { disposed = true; for (const d of disposers) d(); },
  };
}

function crumbs(): HTMLElement {
  return h("p", { class: "crumbs" }, h("a", { href: href(["monitoring"]) }, "Monitoring"), " / ");
}

function windowsTable(all: MonitorWindow[], chosen: MonitorWindow | undefined, experimentId: string): HTMLElement {
  return h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "windows" },
    h("caption", { class: "sr-only" }, "Monitoring windows, newest first"),
    h("thead", null, h("tr", null, ["Start", "End", "Rows", "Drifted columns", "Dataset drift", "Run", "Report"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, [...all].reverse().map(w => {
      const id = w.run.info.run_id;
      const current = w === chosen;
      const drifted = w.metrics.get("drift.number_of_drifted_columns");
      const columns = w.metrics.get("drift.number_of_columns");
      return h("tr", { "data-run-id": id, class: current ? "current" : undefined, "aria-current": current ? "true" : undefined },
        h("td", { class: "nowrap" }, isoText(w.start)),
        h("td", { class: "nowrap" }, isoText(w.end)),
        h("td", null, metricText(w, "window.rows")),
        h("td", null, drifted === undefined ? "—" : `${formatNumber(drifted)}${columns === undefined ? "" : ` of ${formatNumber(columns)}`}`),
        h("td", null, driftBadge(w)),
        h("td", null, h("a", { href: href(["runs", id]), title: `Run of experiment ${experimentId}` }, w.run.info.run_name || id)),
        h("td", null, current ? h("span", { class: "muted" }, "shown") : h("button", { type: "button", class: "link", "data-testid": "show-report",
          "aria-label": `Show the report of the window starting ${isoText(w.start)}`, onclick: () => updateParams({ window: id }) }, "Show")));
    }))));
}

function reportSection(w: MonitorWindow, tests: SuiteResult | ApiError | undefined): HTMLElement {
  const id = w.run.info.run_id;
  return h("section", { "aria-labelledby": "report-heading" },
    h("h2", { id: "report-heading" }, `Report of the window ${isoText(w.start)} – ${isoText(w.end)}`),
    tests instanceof ApiError ? errorBox(`report.json: ${tests.message}`) : tests?.tests ? suiteTable(tests) : null,
    reportFrame(id, `Monitoring report, window ${isoText(w.start)}`),
    h("p", null, h("a", { href: api.artifactUrl(id, "report.html"), target: "_blank", rel: "noopener" }, "Open the report on its own")));
}

// The report's own HTML as the frame's document (the artifact route answers as a download, which a frame would not
// show). No allow-scripts, no allow-same-origin: the report is shown, never run with this page's rights.
function reportFrame(runId: string, title: string): HTMLElement {
  const frame = h("iframe", { sandbox: "", title, class: "report", "data-testid": "report-frame" });
  void api.artifactText(runId, "report.html", REPORT_LIMIT).then(
    ({ text }) => { frame.srcdoc = text; },
    (e: unknown) => { frame.replaceWith(errorBox(`report.html: ${e instanceof Error ? e.message : String(e)}`)); });
  return frame;
}

const REPORT_LIMIT = 32 * 1024 * 1024;

function suiteTable(suite: SuiteResult): HTMLElement {
  const s = suite.summary;
  return h("div", { "data-testid": "test-suite" },
    h("h3", null, "Test suite", s ? `: ${s.success} passed, ${s.fail} failed${s.warning ? `, ${s.warning} warnings` : ""}${s.error ? `, ${s.error} errors` : ""} of ${s.total}` : ""),
    h("div", { class: "scroll" }, h("table", { class: "grid" },
      h("caption", { class: "sr-only" }, "Test-suite results of this window"),
      h("thead", null, h("tr", null, ["Result", "Test", "Metric", "Value", "Condition"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", null, (suite.tests ?? []).map(t => h("tr", null,
        h("td", null, h("span", { class: `status test-${t.status}` }, t.status)),
        h("td", null, t.name),
        h("td", { class: "mono" }, t.metric),
        h("td", null, t.value === null || t.value === undefined ? "—" : formatNumber(t.value)),
        h("td", null, t.description ?? "")))))));
}

function featureNames(all: MonitorWindow[]): string[] {
  const names = new Set<string>();
  for (const w of all) for (const k of w.metrics.keys()) {
    const m = /^drift\.columns\.(.+)\.score$/.exec(k);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}

function driftBadge(w: MonitorWindow): HTMLElement | string {
  const v = w.metrics.get("drift.dataset_drift");
  if (v === undefined) return "—";
  return v >= 1 ? h("span", { class: "status drift-yes" }, "drift") : h("span", { class: "status drift-no" }, "no drift");
}

function metricText(w: MonitorWindow, key: string): string {
  const v = w.metrics.get(key);
  return v === undefined ? "—" : formatNumber(v);
}

function windowText(w: MonitorWindow): HTMLElement {
  return h("span", null, h("time", { datetime: w.start }, isoText(w.start)), " – ", h("time", { datetime: w.end }, isoText(w.end)));
}
