import { api, ApiError, type KeyValue, type Metric, type Run } from "../api";
import { errorBox, formatDuration, formatNumber, formatTime, h } from "../dom";
import { href, navigate, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import { COLUMN_WIDTH, VIRTUAL_FROM, VirtualGrid } from "../virtual-grid";
import type { View } from "../view";
import { MAX_RUNS, MIN_RUNS } from "./compare";

const PARENT_TAG = "mlflow.parentRunId";

/** Widths (CSS pixels) of the selection, run, status, start and duration columns when the table is virtualised. */
const FIXED_WIDTHS = [40, 240, 110, 170, 100];

interface Column {
  /** "attributes.run_name", "metrics.rmse", "params.lr"; what order_by takes (keys quoted when needed). */
  id: string;
  label: string;
  sortable: boolean;
  cell: (run: Run) => Node | string;
}

/** An experiment's runs: filter, sort by any column, chosen metric and param columns, paging, selection, nesting. */
export async function runsPage(experimentId: string, params: URLSearchParams): Promise<View> {
  const filter = params.get("filter") ?? "";
  const order = params.get("order") ?? "attributes.start_time DESC";
  const selected = new Set((params.get("sel") ?? "").split(",").filter(s => s.length > 0));
  const experiment = (await api.getExperiment(experimentId)).experiment;

  let runs: Run[] = [];
  let nextToken: string | undefined;
  let searchError: string | undefined;
  try {
    const reply = await api.searchRuns({
      experiment_ids: [experimentId],
      filter: filter || undefined,
      max_results: pageSize(params, 25),
      order_by: [order],
      page_token: tokenStack(params).at(-1),
    });
    runs = reply.runs ?? [];
    nextToken = reply.next_page_token;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    searchError = e.message;
  }

  const metricKeys = keysOf(runs, r => r.data.metrics);
  const paramKeys = keysOf(runs, r => r.data.params);
  const available = [...metricKeys.map(k => `metrics.${k}`), ...paramKeys.map(k => `params.${k}`)];
  const chosen = params.has("cols")
    ? (params.get("cols") ?? "").split(",").filter(c => c.length > 0)
    : [...metricKeys.slice(0, 4).map(k => `metrics.${k}`), ...paramKeys.slice(0, 3).map(k => `params.${k}`)];

  const chosenSet = new Set(chosen);
  const data = chosen.map(c => dataColumn(c));
  const columns: Column[] = [
    { id: "attributes.run_name", label: "Run", sortable: true, cell: r => h("a", { href: href(["runs", r.info.run_id]) }, r.info.run_name || r.info.run_id) },
    { id: "attributes.status", label: "Status", sortable: true, cell: r => h("span", { class: `status status-${r.info.status.toLowerCase()}` }, r.info.status) },
    { id: "attributes.start_time", label: "Started", sortable: true, cell: r => formatTime(r.info.start_time) },
    // MLflow's order_by has no duration; it is shown, not sorted.
    { id: "duration", label: "Duration", sortable: false, cell: r => formatDuration(r.info.start_time, r.info.end_time) },
    ...data,
  ];

  const filterInput = h("input", {
    id: "run-filter", type: "search", name: "filter", value: filter, autocomplete: "off", spellcheck: "false",
    placeholder: "metrics.rmse < 1 and params.model = 'xgb'", "aria-describedby": "filter-error", "aria-invalid": searchError ? "true" : undefined,
  });
  const filterForm = h("form", { class: "toolbar", role: "search", onsubmit: (e: Event) => {
    e.preventDefault();
    updateParams({ filter: filterInput.value.trim(), pages: undefined });
  } },
  h("label", { for: "run-filter" }, "Filter runs"), filterInput, h("button", { type: "submit" }, "Apply"),
  filter ? h("button", { type: "button", onclick: () => updateParams({ filter: undefined, pages: undefined }) }, "Clear") : null);

  const chooser = h("details", { class: "chooser" },
    h("summary", null, `Columns (${chosen.length})`),
    available.length === 0 ? h("p", { class: "muted" }, "No params or metrics on this page.") :
      h("fieldset", null, h("legend", { class: "sr-only" }, "Param and metric columns"),
        available.map(id => {
          const box = h("input", { type: "checkbox", id: `col-${id}`, value: id, checked: chosenSet.has(id), onchange: () => {
            const next = box.checked ? [...chosen, id] : chosen.filter(c => c !== id);
            updateParams({ cols: next.join(",") || "," }, "replace");
          } });
          return h("label", { class: "check" }, box, id);
        })));

  const rows = nest(runs);
  const selectCell = (run: Run): HTMLElement => h("td", { class: "select" }, h("input", {
    type: "checkbox", "aria-label": `Select ${run.info.run_name || run.info.run_id}`, checked: selected.has(run.info.run_id),
    onchange: (e: Event) => toggle(selected, run.info.run_id, (e.target as HTMLInputElement).checked),
  }));
  const bodyCell = (c: Column, run: Run, depth: number, first: boolean): HTMLElement =>
    h("td", { class: first && depth > 0 ? "nested" : undefined }, first && depth > 0 ? ["↳ ", c.cell(run)] : c.cell(run));
  const caption = h("caption", { class: "sr-only" }, `Runs of ${experiment.name}`);
  let grid: VirtualGrid | undefined;
  let table: HTMLElement;
  if (chosen.length < VIRTUAL_FROM) {
    table = h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "runs" },
      caption,
      h("thead", null, h("tr", null,
        h("th", { scope: "col", class: "select" }, selectAll(runs, selected)),
        columns.map(c => header(c, order)))),
      h("tbody", null, rows.map(({ run, depth }) => h("tr", { "data-run-id": run.info.run_id, class: depth > 0 ? "child" : undefined },
        selectCell(run),
        columns.map((c, i) => bodyCell(c, run, depth, i === 0)))))));
  } else {
    // Many columns (up to thousands): only those in view are in the document (see VirtualGrid).
    const fixed = columns.slice(0, columns.length - data.length);
    const headers = [h("th", { scope: "col", class: "select" }, selectAll(runs, selected)), ...fixed.map(c => header(c, order))];
    grid = new VirtualGrid(data.length, headers.map((cell, i) => ({ cell, width: FIXED_WIDTHS[i] ?? COLUMN_WIDTH })),
      i => {
        const th = header(data[i]!, order);
        th.title = data[i]!.label; // the label may be cut to the column's width
        return th;
      },
      rows.map(({ run, depth }) => ({
        row: h("tr", { "data-run-id": run.info.run_id, class: depth > 0 ? "child" : undefined }),
        fixed: [selectCell(run), ...fixed.map((c, i) => bodyCell(c, run, depth, i === 0))],
        text: (i: number) => data[i]!.text(run),
      })));
    grid.table.prepend(caption);
    table = grid.scroller;
  }

  return {
    title: `${experiment.name} · runs`,
    element: h("section", null,
      h("p", { class: "crumbs" }, h("a", { href: href(["experiments"]) }, "Experiments"), " / "),
      h("h1", { tabindex: -1 }, experiment.name),
      filterForm,
      h("div", { id: "filter-error", "aria-live": "polite" }, searchError ? errorBox(searchError) : null),
      h("div", { class: "toolbar" }, chooser, h("span", { class: "muted", "data-testid": "selection" }, `${selected.size} selected`),
        compareButton(selected)),
      runs.length === 0 && !searchError ? h("p", { class: "empty" }, filter ? "No run matches the filter." : "No runs yet.") : table,
      pager(params, nextToken, "Run pages")),
    mounted: () => grid?.mount(),
    dispose: () => grid?.dispose(),
  };
}

function dataColumn(id: string): Column & { text: (run: Run) => string } {
  const [kind, ...rest] = id.split(".");
  const key = rest.join(".");
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
  const text = (r: Run): string => {
    if (kind === "metrics") {
      const m = byKey(metricsByKey, r, r.data.metrics).get(key);
      return m ? formatNumber(m.value) : "";
    }
    return byKey(paramsByKey, r, r.data.params).get(key)?.value ?? "";
  };
  return { id: `${kind}.${quoted}`, label: id, sortable: true, cell: text, text };
}

// A run's metrics and params by key (the first of a key, as find() would), built once per run: a table of 2,000
// columns would otherwise search each run's 2,000 metrics once per cell.
const metricsByKey = new WeakMap<Run, Map<string, Metric>>();
const paramsByKey = new WeakMap<Run, Map<string, KeyValue>>();

function byKey<T extends { key: string }>(cache: WeakMap<Run, Map<string, T>>, run: Run, items: T[] | undefined): Map<string, T> {
  let index = cache.get(run);
  if (!index) {
    index = new Map();
    for (const x of items ?? []) if (!index.has(x.key)) index.set(x.key, x);
    cache.set(run, index);
  }
  return index;
}

function header(c: Column, order: string): HTMLElement {
  const [field = "", dir = "ASC"] = splitOrder(order);
  const active = field === c.id;
  const ascending = dir.toUpperCase() !== "DESC";
  if (!c.sortable) return h("th", { scope: "col" }, c.label);
  return h("th", { scope: "col", "aria-sort": active ? (ascending ? "ascending" : "descending") : "none" },
    h("button", { type: "button", class: "sort", "data-sort": c.id, onclick: () => {
      updateParams({ order: `${c.id} ${active && ascending ? "DESC" : "ASC"}`, pages: undefined });
    } }, c.label, active ? (ascending ? " ▲" : " ▼") : ""));
}

function splitOrder(order: string): [string, string] {
  const m = /^(.*?)(?:\s+(ASC|DESC))?$/i.exec(order.trim());
  return [m?.[1] ?? order, m?.[2] ?? "ASC"];
}

function keysOf(runs: Run[], pick: (r: Run) => { key: string }[] | undefined): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const x of pick(r) ?? []) keys.add(x.key);
  return [...keys].sort();
}

/** Children follow their parent (tag mlflow.parentRunId) when both are on the page; the rest keep the server's order. */
function nest(runs: Run[]): { run: Run; depth: number }[] {
  const ids = new Set(runs.map(r => r.info.run_id));
  const parentOf = (r: Run): string | undefined => r.data.tags?.find(t => t.key === PARENT_TAG)?.value;
  const children = new Map<string, Run[]>();
  for (const r of runs) {
    const p = parentOf(r);
    if (p && ids.has(p) && p !== r.info.run_id) children.set(p, [...(children.get(p) ?? []), r]);
  }
  const out: { run: Run; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (r: Run, depth: number): void => {
    if (seen.has(r.info.run_id)) return;
    seen.add(r.info.run_id);
    out.push({ run: r, depth });
    for (const c of children.get(r.info.run_id) ?? []) visit(c, depth + 1);
  };
  for (const r of runs) {
    const p = parentOf(r);
    if (!p || !ids.has(p)) visit(r, 0);
  }
  for (const r of runs) visit(r, 0); // cycles, if any
  return out;
}

function toggle(selected: Set<string>, id: string, on: boolean): void {
  if (on) selected.add(id); else selected.delete(id);
  saveSelection(selected);
}

function saveSelection(selected: Set<string>): void {
  updateParams({ sel: [...selected].join(",") }, "silent");
  const count = document.querySelector("[data-testid=selection]");
  if (count) count.textContent = `${selected.size} selected`;
  const compare = document.querySelector<HTMLButtonElement>("[data-testid=compare]");
  if (compare) compare.disabled = !canCompare(selected);
}

function canCompare(selected: Set<string>): boolean {
  return selected.size >= MIN_RUNS && selected.size <= MAX_RUNS;
}

/** Opens the Compare page on the selected runs (the selection is read when pressed: ticking does not re-render). */
function compareButton(selected: Set<string>): HTMLElement {
  return h("button", {
    type: "button", "data-testid": "compare", disabled: !canCompare(selected), title: `Compare ${MIN_RUNS} to ${MAX_RUNS} selected runs`,
    onclick: () => { if (canCompare(selected)) navigate(href(["compare"], { runs: [...selected].join(",") })); },
  }, "Compare");
}

function selectAll(runs: Run[], selected: Set<string>): HTMLElement {
  const all = runs.length > 0 && runs.every(r => selected.has(r.info.run_id));
  return h("input", { type: "checkbox", "aria-label": "Select all runs on this page", checked: all, onchange: (e: Event) => {
    const on = (e.target as HTMLInputElement).checked;
    for (const r of runs) if (on) selected.add(r.info.run_id); else selected.delete(r.info.run_id);
    for (const box of document.querySelectorAll<HTMLInputElement>("tbody td.select input")) box.checked = on;
    saveSelection(selected);
  } });
}
