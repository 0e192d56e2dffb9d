import { api, ApiError, metricHistory, type DatasetInput, type FileInfo } from "../api";
import { registryApi, type ModelVersion } from "../api-models";
import type { Series } from "../chart";
import { errorBox, formatDuration, formatNumber, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import type { View } from "../view";

const TEXT = /\.(txt|log|csv|tsv|md|py|yaml|yml|toml|ini|cfg|xml|sql|sh|r|ipynb)$|(^|\/)(MLmodel|requirements\.txt|conda\.yaml|python_env\.yaml)$/i;
const IMAGE = /\.(png|jpe?g|gif|svg|webp)$/i;
const PREVIEW_LIMIT = 200_000;

/** A run: params, latest metrics, tags, the metric chart and its artifacts. */
export async function runPage(runId: string, params: URLSearchParams): Promise<View> {
  const run = (await api.getRun(runId)).run;
  const info = run.info;
  const metrics = [...(run.data.metrics ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  // By default the metrics that have a history (latest step above 0: per-round losses), else the first ones.
  const withHistory = metrics.filter(m => Number(m.step) > 0);
  const chartKeys = params.has("metrics")
    ? (params.get("metrics") ?? "").split(",").filter(k => metrics.some(m => m.key === k))
    : (withHistory.length > 0 ? withHistory : metrics).slice(0, 3).map(m => m.key);
  const x = params.get("x") === "time" ? "time" : "step";
  const log = params.get("log") === "1";
  const dir = params.get("dir") ?? "";
  const selectedArtifact = params.get("artifact") ?? "";

  // The chart's data and code (ECharts) are asked for now, before the rest of the page is built.
  const histories = Promise.all(chartKeys.map(async key => {
    const points = await metricHistory(runId, key, 1000);
    points.sort((a, b) => x === "time" ? a.timestamp - b.timestamp : a.step - b.step || a.timestamp - b.timestamp);
    return { key, points } satisfies Series;
  }));
  histories.catch(() => undefined); // loadChart reports the error; this keeps it from being unhandled meanwhile.
  const chartCode = chartKeys.length > 0 ? import("../chart") : undefined;

  const experiment = await api.getExperiment(info.experiment_id).then(r => r.experiment, () => undefined);
  const chartBox = h("div", { class: "chart", role: "img", "aria-label": `Chart of ${chartKeys.join(", ") || "no metrics"} by ${x}`, "data-testid": "chart" });
  const chartStatus = h("p", { class: "muted", "aria-live": "polite" });

  const artifacts = h("div", { "data-testid": "artifacts" }, h("p", { class: "muted" }, "Loading artifacts…"));
  const manifestBox = h("div", { "data-testid": "manifest" }, h("p", { class: "muted" }, "Looking for a model…"));
  const preview = h("div", { class: "preview", "data-testid": "preview" });

  let release: (() => void) | undefined;
  let disposed = false;

  const chartControls = h("form", { class: "toolbar chart-controls", onsubmit: (e: Event) => e.preventDefault() },
    h("fieldset", null, h("legend", null, "Metrics"),
      metrics.map(m => h("label", { class: "check" }, h("input", {
        type: "checkbox", name: "metric", value: m.key, checked: chartKeys.includes(m.key),
        onchange: (e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          const next = on ? [...chartKeys, m.key] : chartKeys.filter(k => k !== m.key);
          updateParams({ metrics: next.join(",") || "," }, "replace");
        },
      }), m.key))),
    h("fieldset", null, h("legend", null, "X axis"),
      (["step", "time"] as const).map(v => h("label", { class: "check" }, h("input", {
        type: "radio", name: "x", value: v, checked: x === v, onchange: () => updateParams({ x: v === "step" ? undefined : v }, "replace"),
      }), v === "step" ? "Step" : "Time"))),
    h("label", { class: "check" }, h("input", {
      type: "checkbox", id: "log-scale", checked: log, onchange: (e: Event) => updateParams({ log: (e.target as HTMLInputElement).checked ? "1" : undefined }, "replace"),
    }), "Log scale"));

  const mounted = (): void => {
    void loadChart();
    void loadArtifacts();
    void loadManifest();
  };

  async function loadManifest(): Promise<void> {
    const shown = await modelManifest(runId);
    if (!disposed) manifestBox.replaceChildren(shown);
  }

  async function loadChart(): Promise<void> {
    if (chartKeys.length === 0) {
      chartBox.replaceChildren();
      chartStatus.textContent = metrics.length === 0 ? "This run has no metrics." : "Choose a metric to chart.";
      chartBox.hidden = true;
      return;
    }
    try {
      const [series, chart] = await Promise.all([histories, chartCode ?? import("../chart")]);
      if (disposed) return;
      release = chart.drawMetricChart(chartBox, series, x, log);
    } catch (e) {
      chartStatus.replaceChildren(errorBox(message(e)));
    }
  }

  async function loadArtifacts(): Promise<void> {
    try {
      const files = (await api.listArtifacts(runId, dir || undefined)).files ?? [];
      if (disposed) return;
      artifacts.replaceChildren(artifactList(runId, dir, files, selectedArtifact));
    } catch (e) {
      artifacts.replaceChildren(errorBox(message(e)));
    }
    if (selectedArtifact) await showPreview(runId, selectedArtifact, preview);
  }

  const tags = (run.data.tags ?? []).filter(t => t.key !== "mlflow.runName").sort((a, b) => a.key.localeCompare(b.key));
  const parent = tags.find(t => t.key === "mlflow.parentRunId")?.value;

  return {
    title: `${info.run_name || info.run_id} · run`,
    element: h("section", null,
      h("p", { class: "crumbs" }, h("a", { href: href(["experiments"]) }, "Experiments"), " / ",
        h("a", { href: href(["experiments", info.experiment_id]) }, experiment?.name ?? `experiment ${info.experiment_id}`), " / "),
      h("h1", { tabindex: -1 }, info.run_name || info.run_id),
      h("dl", { class: "facts" },
        fact("Run ID", h("span", { class: "mono" }, info.run_id)),
        fact("Status", h("span", { class: `status status-${info.status.toLowerCase()}` }, info.status)),
        fact("Started", formatTime(info.start_time)),
        fact("Duration", formatDuration(info.start_time, info.end_time)),
        parent ? fact("Parent run", h("a", { href: href(["runs", parent]) }, parent)) : null),
      h("div", { class: "columns" },
        h("section", { "aria-labelledby": "params-h" }, h("h2", { id: "params-h" }, "Parameters"),
          keyValueTable((run.data.params ?? []).map(p => [p.key, p.value]), "Parameters", "params")),
        h("section", { "aria-labelledby": "metrics-h" }, h("h2", { id: "metrics-h" }, "Metrics (latest)"),
          keyValueTable(metrics.map(m => [m.key, formatNumber(m.value)]), "Latest metrics", "metrics"))),
      h("section", { "aria-labelledby": "chart-h" }, h("h2", { id: "chart-h" }, "Metric chart"),
        metrics.length > 0 ? chartControls : null, chartStatus, chartBox),
      h("section", { "aria-labelledby": "model-h" }, h("h2", { id: "model-h" }, "Model"), manifestBox),
      h("section", { "aria-labelledby": "artifacts-h" }, h("h2", { id: "artifacts-h" }, "Artifacts"),
        h("div", { class: "columns artifacts" }, artifacts, preview)),
      h("section", { "aria-labelledby": "tags-h" }, h("h2", { id: "tags-h" }, "Tags"),
        keyValueTable(tags.map(t => [t.key, t.value]), "Tags", "tags")),
      h("section", { "aria-labelledby": "inputs-h" }, h("h2", { id: "inputs-h" }, "Dataset inputs"),
        datasetInputs(run.inputs?.dataset_inputs ?? []))),
    mounted,
    dispose: () => {
      disposed = true;
      release?.();
    },
  };
}

/** What `model/argus-model.json` holds (snake_case, as Argus writes it); every field may be absent in a foreign file. */
interface Manifest {
  format?: number;
  flavor?: string;
  task?: string;
  target?: string;
  inputs?: { name?: string; type?: string }[];
  output?: { type?: string; classes?: string[] | null };
  ignored_text_features?: string[];
  dataset_digest?: string;
  best_iteration?: number;
  metrics?: Record<string, number>;
  created_timestamp?: number;
  library_versions?: { xg_boost?: string; argus?: string };
}

export const MANIFEST_PATH = "model/argus-model.json";

/**
 * The model the run logged, read from its manifest: task, target, the input signature, the output, the training data's
 * digest, held-out metrics, the library versions, and the registered versions made from it (each with a Predict link).
 */
async function modelManifest(runId: string): Promise<HTMLElement> {
  let manifest: Manifest;
  try {
    // Listing first: a missing folder lists empty, where fetching a missing file would be a 404 in the console.
    const folder = (await api.listArtifacts(runId, MANIFEST_PATH.slice(0, MANIFEST_PATH.lastIndexOf("/")))).files ?? [];
    if (!folder.some(f => f.path === MANIFEST_PATH && !f.is_dir)) return h("p", { class: "empty" }, "This run logged no model.");
    const { text } = await api.artifactText(runId, MANIFEST_PATH, 1_000_000);
    manifest = JSON.parse(text) as Manifest;
  } catch (e) {
    return errorBox(`Could not read ${MANIFEST_PATH}: ${message(e)}`);
  }
  let versions: ModelVersion[] = [];
  let versionsError: string | undefined;
  try {
    versions = (await registryApi.searchModelVersions({ filter: `run_id = '${runId}'`, max_results: 100, order_by: "version_number DESC" })).model_versions ?? [];
  } catch (e) {
    versionsError = message(e);
  }
  const inputs = manifest.inputs ?? [];
  const classes = manifest.output?.classes ?? [];
  const metrics = Object.entries(manifest.metrics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const digest = manifest.dataset_digest ?? "";
  return h("div", null,
    h("dl", { class: "facts" },
      fact("Task", manifest.task ?? "—"),
      fact("Target", h("span", { class: "mono" }, manifest.target ?? "—")),
      fact("Output", classes.length > 0 ? `class label, one of ${classes.join(", ")}` : (manifest.output?.type ?? "—")),
      fact("Training data", digest ? h("span", { class: "mono", title: digest }, digest.slice(0, 12)) : "—"),
      fact("Best iteration", manifest.best_iteration === undefined ? "—" : String(manifest.best_iteration)),
      fact("Libraries", `XGBoost ${manifest.library_versions?.xg_boost ?? "?"}, Argus ${manifest.library_versions?.argus ?? "?"}`),
      fact("Manifest", h("a", { href: api.artifactUrl(runId, MANIFEST_PATH), download: "argus-model.json" }, `${MANIFEST_PATH} (${manifest.flavor ?? "?"}, format ${manifest.format ?? "?"})`)),
      fact("Registered as", versionsError ? errorBox(versionsError) : versions.length === 0 ? h("span", { class: "muted" }, "not registered")
        : h("ul", { class: "columns-list", "data-testid": "manifest-versions" }, versions.map(v => h("li", null,
          h("a", { href: href(["models", v.name]) }, `${v.name} v${v.version}`),
          (v.aliases ?? []).length > 0 ? ` (${(v.aliases ?? []).map(a => `@${a}`).join(", ")})` : "",
          " · ", h("a", { href: href(["predict", v.name], { version: v.version }) }, "Predict")))))),
    h("div", { class: "manifest-grid" },
      h("div", null, h("h3", null, `Signature (${inputs.length} inputs)`),
        inputs.length === 0 ? h("p", { class: "empty" }, "None.") : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "signature" },
          h("caption", { class: "sr-only" }, "Model inputs, in the order the model reads them"),
          h("thead", null, h("tr", null, ["Input", "Type"].map(c => h("th", { scope: "col" }, c)))),
          h("tbody", null, inputs.map(i => h("tr", null, h("td", { class: "mono" }, i.name ?? "?"), h("td", null, i.type ?? "?")))))),
        (manifest.ignored_text_features ?? []).length > 0
          ? h("p", { class: "muted" }, `Text columns accepted but not used: ${(manifest.ignored_text_features ?? []).join(", ")}.`) : null),
      h("div", null, h("h3", null, "Held-out metrics"),
        keyValueTable(metrics.map(([k, v]) => [k, formatNumber(v)]), "Held-out metrics of the model", "manifest-metrics"))));
}

/** The run's dataset inputs: name, digest, source type, context tag and the schema's columns when the schema parses. */
function datasetInputs(inputs: DatasetInput[]): HTMLElement {
  if (inputs.length === 0) return h("p", { class: "empty" }, "No dataset inputs.");
  return h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "dataset-inputs" },
    h("caption", { class: "sr-only" }, "Dataset inputs"),
    h("thead", null, h("tr", null, ["Name", "Digest", "Source type", "Context", "Schema columns"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, inputs.map(input => {
      const d = input.dataset ?? {};
      const context = (input.tags ?? []).find(t => t.key === "mlflow.data.context")?.value;
      const columns = schemaColumns(d.schema);
      return h("tr", null,
        h("td", null, d.name || "—"),
        h("td", { class: "mono" }, d.digest || "—"),
        h("td", null, d.source_type || "—"),
        h("td", null, context || "—"),
        h("td", null, columns === undefined ? "—"
          : h("ul", { class: "columns-list" }, columns.map(c => h("li", null, h("span", { class: "mono" }, c.name), c.type ? ` (${c.type})` : "")))));
    }))));
}

/**
 * The columns of a dataset schema: MLflow's (`{"mlflow_colspec":[{"name","type"}]}`, or a bare list of such objects) or
 * Argus's (`[["name","type"], …]`); undefined if it does not parse.
 */
export function schemaColumns(schema: string | undefined): { name: string; type?: string }[] | undefined {
  if (!schema) return undefined;
  let parsed: unknown;
  try { parsed = JSON.parse(schema); } catch { return undefined; }
  const list = Array.isArray(parsed) ? parsed
    : parsed && typeof parsed === "object" && Array.isArray((parsed as { mlflow_colspec?: unknown }).mlflow_colspec)
      ? (parsed as { mlflow_colspec: unknown[] }).mlflow_colspec : undefined;
  if (!list) return undefined;
  const columns = list.filter((c): c is { name?: unknown; type?: unknown } | unknown[] => !!c && typeof c === "object")
    .map((c, i) => {
      const [name, type] = Array.isArray(c) ? [c[0], c[1]] : [c.name, c.type];
      return { name: typeof name === "string" ? name : `column ${i + 1}`, type: typeof type === "string" ? type : undefined };
    });
  return columns.length > 0 ? columns : undefined;
}

function fact(term: string, value: Node | string): HTMLElement[] {
  return [h("dt", null, term), h("dd", null, value)];
}

function keyValueTable(rows: [string, string][], caption: string, testId: string): HTMLElement {
  if (rows.length === 0) return h("p", { class: "empty" }, "None.");
  return h("div", { class: "scroll" }, h("table", { class: "grid kv", "data-testid": testId },
    h("caption", { class: "sr-only" }, caption),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Key"), h("th", { scope: "col" }, "Value"))),
    h("tbody", null, rows.map(([k, v]) => h("tr", null, h("th", { scope: "row" }, k), h("td", null, v))))));
}

function artifactList(runId: string, dir: string, files: FileInfo[], selected: string): HTMLElement {
  const up = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
  return h("div", null,
    dir ? h("p", null, h("button", { type: "button", class: "link", onclick: () => updateParams({ dir: up || undefined, artifact: undefined }) }, "↑ up"),
      " ", h("span", { class: "mono" }, dir)) : null,
    files.length === 0 ? h("p", { class: "empty" }, "No artifacts.") :
      h("ul", { class: "files" }, files.map(f => {
        const name = f.path.slice(f.path.lastIndexOf("/") + 1);
        return h("li", null, f.is_dir
          ? h("button", { type: "button", class: "link", onclick: () => updateParams({ dir: f.path, artifact: undefined }) }, `${name}/`)
          : h("button", { type: "button", class: "link", "aria-current": f.path === selected ? "true" : undefined,
            onclick: () => updateParams({ artifact: f.path }) }, name),
        f.is_dir ? null : h("span", { class: "muted" }, ` ${size(f.file_size)}`),
        f.is_dir ? null : [" ", h("a", { href: api.artifactUrl(runId, f.path), download: name, "aria-label": `Download ${name}` }, "⤓")]);
      })));
}

async function showPreview(runId: string, path: string, into: HTMLElement): Promise<void> {
  const heading = h("h3", null, path);
  if (IMAGE.test(path)) {
    into.replaceChildren(heading, h("img", { src: api.artifactUrl(runId, path), alt: path }));
    return;
  }
  const isHtml = /\.html?$/i.test(path);
  const isJson = /\.json$/i.test(path);
  if (!isHtml && !isJson && !TEXT.test(path)) {
    into.replaceChildren(heading, h("p", null, "No preview for this file type. ", h("a", { href: api.artifactUrl(runId, path), download: "" }, "Download it")));
    return;
  }
  try {
    const { text, truncated } = await api.artifactText(runId, path, PREVIEW_LIMIT);
    if (isHtml) {
      // No allow-scripts, no allow-same-origin: the report is shown, never run with this page's rights.
      const frame = h("iframe", { sandbox: "", title: `Preview of ${path}`, class: "report", "data-testid": "html-preview" });
      frame.srcdoc = text;
      into.replaceChildren(heading, frame);
      return;
    }
    let shown = text;
    if (isJson && !truncated) {
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it is */ }
    }
    const pre = h("pre", { class: "text", tabindex: 0, "data-testid": "text-preview" }, shown);
    into.replaceChildren(heading, pre);
    if (truncated) into.append(h("p", { class: "muted" }, `Showing the first ${PREVIEW_LIMIT.toLocaleString()} characters.`));
  } catch (e) {
    into.replaceChildren(heading, errorBox(message(e)));
  }
}

function size(bytes: number | undefined): string {
  if (bytes === undefined || bytes === null) return "";
  const n = Number(bytes);
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
}
