import { ApiError } from "../api";
import { registryApi, type ModelAlias } from "../api-models";
import { predictApi, type Prediction, type Selector, type Signature, type SignatureInput } from "../api-predict";
import { errorBox, h } from "../dom";
import { href, updateParams } from "../router";
import { quote } from "./experiments";
import type { View } from "../view";

// Try a registered model version with values typed into a form generated from its signature (one field per input: a
// number box, or the training categories), or with rows pasted as CSV. The page calls the tracking server's predict
// endpoint, which takes MLflow's scoring protocol like argus serve's /invocations; predictions made here are not
// written to the inference log, so monitoring never sees them.
//
// URL parameters: version=N or alias=A (neither: @champion if the model has it, else the latest version); tab=rows
// for the CSV tab; in.<input>=<value> for each filled field; csv=<text> for the pasted rows while they are short
// enough for a link (MAX_CSV_IN_URL). Opening a link that carries values predicts once at once: a shared link is meant
// to show its answer, and a prediction here changes nothing and is not logged.

const IN = "in.";
const MAX_CSV_IN_URL = 4000;
const MAX_ROWS_SHOWN = 500;
const SERVE_PORT = 5001;

type Tab = "row" | "rows";

export async function predictPage(name: string, params: URLSearchParams): Promise<View> {
  const [model, versions] = await Promise.all([
    registryApi.getRegisteredModel(name),
    registryApi.searchModelVersions({ filter: `name = ${quote(name)}`, max_results: 200, order_by: "version_number DESC" }),
  ]);
  const numbers = (versions.model_versions ?? []).map(v => v.version);
  const aliases = (model.registered_model.aliases ?? []).slice().sort((a, b) => a.alias.localeCompare(b.alias));
  const selector = chosen(params, aliases, numbers);
  const section = h("section", { class: "predict" },
    h("p", { class: "crumbs" }, h("a", { href: href(["models"]) }, "Models"), " / ", h("a", { href: href(["models", name]) }, name), " / "),
    h("h1", { tabindex: -1 }, `Predict with ${name}`),
    h("p", { class: "muted note" }, "Try a version with values you choose. Predictions made on this page are not written to the inference log, so they never count in monitoring."));
  if (!selector) {
    section.append(h("p", { class: "empty" }, "This model has no versions yet."));
    return { title: `Predict · ${name}`, element: section };
  }
  // Once shown, the default choice goes into the URL, so a copied link keeps meaning the same version.
  const pinChoice = (): void => {
    if (!params.has("version") && !params.has("alias")) {
      updateParams(selector.alias !== undefined ? { alias: selector.alias } : { version: selector.version }, "silent");
    }
  };
  const view: View = { title: `Predict · ${name}`, element: section, mounted: pinChoice };
  section.append(chooser(selector, aliases, numbers));

  let signature: Signature;
  try {
    signature = await predictApi.signature(name, selector);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    section.append(h("div", { id: "signature-error" }, errorBox(e.message)));
    return view;
  }

  const form = new PredictForm(name, selector, signature, params);
  section.append(form.element);
  return { ...view, mounted: () => { pinChoice(); form.mounted(); } };
}

/** The version asked for in the URL, else @champion, else the latest version; undefined when there is none. */
function chosen(params: URLSearchParams, aliases: ModelAlias[], numbers: string[]): Selector | undefined {
  const version = params.get("version");
  const alias = params.get("alias");
  if (version) return { version };
  if (alias) return { alias };
  if (aliases.some(a => a.alias === "champion")) return { alias: "champion" };
  return numbers[0] === undefined ? undefined : { version: numbers[0] };
}

function chooser(selector: Selector, aliases: ModelAlias[], numbers: string[]): HTMLElement {
  const current = selector.alias !== undefined ? `alias:${selector.alias}` : `version:${selector.version}`;
  const aliasOptions = aliases.map(a => h("option", { value: `alias:${a.alias}` }, `@${a.alias} (now v${a.version})`));
  const versionOptions = numbers.map(v => h("option", { value: `version:${v}` }, `v${v}`));
  // A version or alias from the URL that the lists do not hold (an alias not set, a version past the first page).
  const known = [...aliases.map(a => `alias:${a.alias}`), ...numbers.map(v => `version:${v}`)];
  const extra = known.includes(current) ? null
    : h("option", { value: current }, selector.alias !== undefined ? `@${selector.alias} (not set)` : `v${selector.version}`);
  const select = h("select", { id: "predict-version", name: "model-version" },
    extra,
    aliasOptions.length > 0 ? h("optgroup", { label: "Aliases" }, aliasOptions) : null,
    h("optgroup", { label: "Versions" }, versionOptions));
  select.value = current;
  select.addEventListener("change", () => {
    const [kind, value] = splitOnce(select.value, ":");
    updateParams(kind === "alias" ? { alias: value, version: undefined } : { version: value, alias: undefined });
  });
  return h("div", { class: "predict-chooser" }, h("label", { for: "predict-version" }, "Model version"), select);
}

/** The two input tabs (one row in a form, several rows as CSV), their answers and the equivalent commands. */
class PredictForm {
  public readonly element: HTMLElement;
  private readonly controls: (HTMLInputElement | HTMLSelectElement)[];
  private readonly rowError = h("div", { id: "predict-error" });
  private readonly rowResult = h("div", { id: "predict-result", role: "status", "aria-live": "polite" });
  private readonly command = h("code", { "data-testid": "curl" });
  private readonly csv: HTMLTextAreaElement;
  private readonly rowsError = h("div", { id: "rows-error" });
  private readonly rowsResult = h("div", { id: "rows-result", role: "status", "aria-live": "polite" });
  private readonly tabs = new Map<Tab, { tab: HTMLButtonElement; panel: HTMLElement }>();
  private tab: Tab;
  private rowSeq = 0;
  private rowsSeq = 0;

  public constructor(private readonly name: string, private readonly selector: Selector, private readonly signature: Signature,
    private readonly params: URLSearchParams) {
    this.tab = params.get("tab") === "rows" ? "rows" : "row";
    this.controls = signature.inputs.map((input, i) => this.control(input, i, params.get(IN + input.name)));
    this.csv = h("textarea", { id: "rows-csv", name: "csv", rows: 8, spellcheck: "false", autocomplete: "off", "aria-describedby": "rows-help rows-error",
      placeholder: this.exampleCsv() });
    this.csv.value = params.get("csv") ?? "";
    this.csv.addEventListener("input", () => updateParams({ csv: this.csv.value.length <= MAX_CSV_IN_URL ? this.csv.value : undefined }, "silent"));
    this.updateCommand();

    const classes = signature.output.classes;
    const what = signature.task === "classification" && classes
      ? `the class of ${signature.target} (${classes.join(", ")})` : signature.target;
    const answering = selector.alias !== undefined ? `version ${signature.version} (@${selector.alias} points at it now)` : `version ${signature.version}`;
    this.element = h("div", null,
      h("p", { "data-testid": "signature" }, "Predicts ", h("b", null, what), ` with ${answering}`,
        signature.run_id ? [", trained by run ", h("a", { href: href(["runs", signature.run_id]) }, signature.run_id)] : null, "."),
      this.tabList(),
      this.panel("row", this.rowPanel()),
      this.panel("rows", this.rowsPanel()));
  }

  /** Predicts once when the link carried values (see the comment at the top). */
  public mounted(): void {
    if (this.tab === "row" && this.signature.inputs.some(i => this.params.has(IN + i.name))) void this.predictRow();
    if (this.tab === "rows" && this.csv.value.trim() !== "") void this.predictRows();
  }

  // ------------------------------------------------------------------ tabs

  private tabList(): HTMLElement {
    const list = h("div", { class: "tabs", role: "tablist", "aria-label": "Input" });
    for (const [id, label] of [["row", "One row"], ["rows", "Several rows"]] as [Tab, string][]) {
      const tab = h("button", { type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}`,
        "aria-selected": String(id === this.tab), tabindex: id === this.tab ? 0 : -1 }, label);
      tab.addEventListener("click", () => this.select(id, false));
      list.append(tab);
      this.tabs.set(id, { tab, panel: h("div") });
    }
    // Arrow keys, Home and End move between tabs, as the ARIA tabs pattern has it.
    list.addEventListener("keydown", (e: KeyboardEvent) => {
      const order: Tab[] = ["row", "rows"];
      const i = order.indexOf(this.tab);
      const next = e.key === "ArrowRight" ? order[(i + 1) % order.length] : e.key === "ArrowLeft" ? order[(i + order.length - 1) % order.length]
        : e.key === "Home" ? order[0] : e.key === "End" ? order[order.length - 1] : undefined;
      if (next === undefined) return;
      e.preventDefault();
      this.select(next, true);
    });
    return list;
  }

  private panel(id: Tab, content: HTMLElement): HTMLElement {
    const panel = h("div", { role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "tab-panel" }, content);
    panel.hidden = id !== this.tab;
    this.tabs.get(id)!.panel = panel;
    return panel;
  }

  private select(id: Tab, focus: boolean): void {
    this.tab = id;
    for (const [key, { tab, panel }] of this.tabs) {
      tab.setAttribute("aria-selected", String(key === id));
      tab.tabIndex = key === id ? 0 : -1;
      panel.hidden = key !== id;
    }
    if (focus) this.tabs.get(id)?.tab.focus();
    updateParams({ tab: id === "rows" ? "rows" : undefined }, "silent");
  }

  // ------------------------------------------------------------------ one row

  private rowPanel(): HTMLElement {
    const form = h("form", { id: "predict-form" },
      h("div", { class: "predict-fields" }, this.signature.inputs.map((input, i) => h("div", { class: "field" },
        h("label", { for: `in-${i}` }, input.name), this.controls[i]!))),
      h("p", { class: "muted hint" }, "Leave a field empty, or choose (missing), for a missing value."),
      h("div", { class: "form-buttons" },
        h("button", { type: "submit", id: "predict-submit" }, "Predict"),
        h("button", { type: "button", class: "secondary", onclick: () => this.clear() }, "Clear")));
    form.noValidate = true;
    form.addEventListener("submit", (e: Event) => {
      e.preventDefault();
      void this.predictRow();
    });
    return h("div", null, form, this.rowError, this.rowResult,
      h("h2", { id: "script-heading" }, "From a script"),
      h("p", { class: "muted" }, "The same row scored by ", h("code", null, "argus serve"),
        " through MLflow's scoring protocol. Unlike this page, argus serve logs every prediction for monitoring."),
      this.commandBlock(this.command));
  }

  private control(input: SignatureInput, i: number, value: string | null): HTMLInputElement | HTMLSelectElement {
    const id = `in-${i}`;
    let control: HTMLInputElement | HTMLSelectElement;
    if (input.type === "categorical") {
      const categories = input.categories ?? [];
      control = h("select", { id, name: input.name, "aria-describedby": "predict-error" },
        h("option", { value: "" }, "(missing)"),
        categories.map(c => h("option", { value: c }, c)),
        // A value from the URL that training never saw: the model takes it as missing, as argus serve does.
        value !== null && value !== "" && !categories.includes(value) ? h("option", { value }, `${value} (not seen in training)`) : null);
      control.value = value ?? "";
    } else {
      control = h("input", { id, name: input.name, type: "number", step: "any", inputmode: "decimal", autocomplete: "off", "aria-describedby": "predict-error" });
      control.value = value ?? "";
    }
    control.addEventListener(control instanceof HTMLSelectElement ? "change" : "input", () => {
      control.removeAttribute("aria-invalid");
      updateParams({ [IN + input.name]: control.value }, "silent");
      this.updateCommand();
    });
    return control;
  }

  /** The form as one dataframe_records row; a number box holding something that is not a number is reported instead. */
  private record(): { row: Record<string, number | string | null>; bad: HTMLInputElement[] } {
    const row: Record<string, number | string | null> = {};
    const bad: HTMLInputElement[] = [];
    this.signature.inputs.forEach((input, i) => {
      const control = this.controls[i]!;
      if (control instanceof HTMLInputElement) {
        if (control.validity.badInput) bad.push(control);
        const text = control.value.trim();
        row[input.name] = text === "" || !Number.isFinite(Number(text)) ? null : Number(text);
      } else {
        row[input.name] = control.value === "" ? null : control.value;
      }
    });
    return { row, bad };
  }

  private async predictRow(): Promise<void> {
    const { row, bad } = this.record();
    this.rowError.replaceChildren();
    if (bad.length > 0) {
      for (const control of bad) control.setAttribute("aria-invalid", "true");
      this.rowError.replaceChildren(errorBox(`Not a number: ${bad.map(c => c.name).join(", ")}. Enter a number, or leave the field empty for a missing value.`));
      this.rowResult.replaceChildren();
      bad[0]?.focus();
      return;
    }
    const seq = ++this.rowSeq;
    this.rowResult.replaceChildren(h("p", { class: "muted" }, "Predicting…"));
    try {
      const answer = await predictApi.predict(this.name, this.selector, JSON.stringify({ dataframe_records: [row] }), "application/json");
      if (seq !== this.rowSeq) return;
      this.rowResult.replaceChildren(this.answer(answer));
    } catch (e) {
      if (seq !== this.rowSeq) return;
      this.rowResult.replaceChildren();
      this.rowError.replaceChildren(errorBox(e instanceof Error ? e.message : String(e)));
    }
  }

  private answer(answer: Prediction): HTMLElement {
    const value = answer.predictions[0];
    return h("div", { class: "answer" },
      h("p", null, `Predicted ${this.signature.target}: `, h("output", { class: "value", "data-testid": "prediction" }, value === undefined ? "—" : String(value))),
      h("p", { class: "muted", "data-testid": "answered-by" }, this.answeredBy(answer.version)));
  }

  private answeredBy(version: string): string {
    return `Answered by version ${version}${this.selector.alias !== undefined ? ` (@${this.selector.alias})` : ""}.`;
  }

  private clear(): void {
    const changes: Record<string, undefined> = {};
    this.signature.inputs.forEach((input, i) => {
      this.controls[i]!.value = "";
      this.controls[i]!.removeAttribute("aria-invalid");
      changes[IN + input.name] = undefined;
    });
    updateParams(changes, "silent");
    this.rowError.replaceChildren();
    this.rowResult.replaceChildren();
    this.updateCommand();
    this.controls[0]?.focus();
  }

  private updateCommand(): void {
    const uri = this.selector.alias !== undefined ? `models:/${this.name}@${this.selector.alias}` : `models:/${this.name}/${this.selector.version}`;
    const body = JSON.stringify({ dataframe_records: [this.record().row] });
    this.command.textContent = [
      "# in one terminal",
      `argus serve --model ${shellWord(uri)} --port ${SERVE_PORT}`,
      "# in another",
      `curl -s http://127.0.0.1:${SERVE_PORT}/invocations -H 'Content-Type: application/json' \\`,
      `  -d ${shellQuote(body)}`,
    ].join("\n");
  }

  private commandBlock(code: HTMLElement): HTMLElement {
    const copied = h("span", { class: "muted", role: "status" });
    const copy = h("button", { type: "button", class: "secondary" }, "Copy");
    copy.addEventListener("click", () => {
      // The clipboard API exists only in secure contexts (https, localhost).
      if (!navigator.clipboard) {
        copied.textContent = "Copying needs https or localhost; select the text instead.";
        return;
      }
      navigator.clipboard.writeText(code.textContent ?? "").then(
        () => { copied.textContent = "Copied."; },
        () => { copied.textContent = "Could not copy; select the text instead."; });
    });
    return h("div", { class: "command" }, h("pre", { class: "command" }, code), h("div", { class: "form-buttons" }, copy, copied));
  }

  // ------------------------------------------------------------------ several rows

  private rowsPanel(): HTMLElement {
    const form = h("form", { id: "rows-form" },
      h("div", { class: "field" },
        h("label", { for: "rows-csv" }, "Rows as CSV"),
        h("p", { id: "rows-help", class: "muted hint" }, `A header row naming the columns (${this.signature.inputs.map(i => i.name).join(", ")}), then one row per line. An empty cell is a missing value.`),
        this.csv),
      h("div", { class: "form-buttons" },
        h("button", { type: "submit", id: "rows-submit" }, "Predict rows"),
        h("button", { type: "button", class: "secondary", onclick: () => this.fromForm() }, "Start from the form's row")));
    form.addEventListener("submit", (e: Event) => {
      e.preventDefault();
      void this.predictRows();
    });
    const uri = this.selector.alias !== undefined ? `models:/${this.name}@${this.selector.alias}` : `models:/${this.name}/${this.selector.version}`;
    return h("div", null, form, this.rowsError, this.rowsResult,
      h("h2", null, "From a script"),
      h("p", { class: "muted" }, "The same file scored by ", h("code", null, "argus serve"), ", which logs every prediction for monitoring:"),
      this.commandBlock(h("code", null, [
        `argus serve --model ${shellWord(uri)} --port ${SERVE_PORT}`,
        `curl -s http://127.0.0.1:${SERVE_PORT}/invocations -H 'Content-Type: text/csv' --data-binary @rows.csv`,
      ].join("\n"))));
  }

  private exampleCsv(): string {
    const names = this.signature.inputs.map(i => csvCell(i.name)).join(",");
    const values = this.signature.inputs.map(i => i.type === "categorical" ? csvCell(i.categories?.[0] ?? "") : "1").join(",");
    return `${names}\n${values}`;
  }

  private fromForm(): void {
    const { row } = this.record();
    const header = this.signature.inputs.map(i => csvCell(i.name)).join(",");
    const line = this.signature.inputs.map(i => { const v = row[i.name]; return v === null || v === undefined ? "" : csvCell(String(v)); }).join(",");
    this.csv.value = `${header}\n${line}\n`;
    updateParams({ csv: this.csv.value }, "silent");
    this.csv.focus();
  }

  private async predictRows(): Promise<void> {
    const text = this.csv.value;
    this.rowsError.replaceChildren();
    this.csv.removeAttribute("aria-invalid");
    if (text.trim() === "") {
      this.rowsError.replaceChildren(errorBox("Paste rows first: a header row, then one row per line."));
      this.csv.setAttribute("aria-invalid", "true");
      this.csv.focus();
      return;
    }
    const seq = ++this.rowsSeq;
    this.rowsResult.replaceChildren(h("p", { class: "muted" }, "Predicting…"));
    try {
      const answer = await predictApi.predict(this.name, this.selector, text, "text/csv");
      if (seq !== this.rowsSeq) return;
      this.rowsResult.replaceChildren(this.rowsTable(text, answer));
    } catch (e) {
      if (seq !== this.rowsSeq) return;
      this.rowsResult.replaceChildren();
      this.csv.setAttribute("aria-invalid", "true");
      this.rowsError.replaceChildren(errorBox(e instanceof Error ? e.message : String(e)));
    }
  }

  private rowsTable(text: string, answer: Prediction): HTMLElement {
    const parsed = parseCsv(text);
    const [header = [], ...rows] = parsed;
    // The server's parser is the judge; when this simple reading disagrees on the rows, show the predictions alone.
    const aligned = rows.length === answer.predictions.length;
    const shown = answer.predictions.slice(0, MAX_ROWS_SHOWN);
    const target = `Predicted ${this.signature.target}`;
    return h("div", null,
      h("p", { "data-testid": "rows-summary" }, `${answer.predictions.length} ${answer.predictions.length === 1 ? "prediction" : "predictions"}. ${this.answeredBy(answer.version)}`,
        answer.predictions.length > shown.length ? ` The first ${shown.length} are shown.` : ""),
      h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "rows-predictions" },
        h("caption", { class: "sr-only" }, "Predictions per row"),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Row"), aligned ? header.map(c => h("th", { scope: "col" }, c)) : null, h("th", { scope: "col" }, target))),
        h("tbody", null, shown.map((p, i) => h("tr", null,
          h("td", null, String(i + 1)),
          aligned ? (rows[i] ?? []).map(c => h("td", null, c)) : null,
          h("td", { class: "prediction" }, String(p))))))));
  }
}

/** A small RFC 4180 reader for showing pasted rows beside their predictions (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c !== "\"") cell += c;
      else if (text.charAt(i + 1) === "\"") { cell += "\""; i++; } else quoted = false;
    } else if (c === "\"") {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text.charAt(i + 1) === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += c;
    }
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter(r => !(r.length === 1 && (r[0] ?? "").trim() === ""));
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, "\"\"")}"` : value;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(text) ? text : shellQuote(text);
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}
