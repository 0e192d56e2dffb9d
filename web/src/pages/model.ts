import { api, ApiError, type Run } from "../api";
import { registryApi, type HistoryPage, type ModelVersion, type ModelVersionPage, type RegisteredModel, type RegistryEvent } from "../api-models";
import { append, clear, errorBox, formatNumber, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import { quote } from "./experiments";
import { aliasChips } from "./models";
import { currentSession } from "../auth";
import { savedUserName, saveUserName } from "../user";
import type { View } from "../view";

// One registered model: description, tags, versions with their source run's metrics and a link to try each one,
// aliases with an audited "Move alias" (compare-and-set against the version the page showed, confirmed in a modal
// dialog), the alias/stage history and the champion/challenger evaluations. URL parameters: pages (versions page
// tokens), hpages (history page tokens), alias and to (the move form's choices).

interface Data { model: RegisteredModel; versions: ModelVersionPage; history: HistoryPage; runs: Map<string, Run>; evaluations: Evaluations }

/** The latest evaluation runs of this model (experiment `<model>-evaluations`), or why there are none. */
type Evaluations = { runs: Run[]; experimentId: string } | { missing: string };

const EVALUATIONS_SHOWN = 20;
/** Metrics that are better when larger (as promotion decides); every other one is better when smaller. */
const HIGHER_IS_BETTER = new Set(["r2", "accuracy"]);
interface Notice { kind: "ok" | "error"; text: string }

const HISTORY_PAGE = 50;

export async function modelPage(name: string, params: URLSearchParams): Promise<View> {
  const section = h("section", { class: "model" });
  const data = await load(name, params);
  draw(section, name, params, data);
  return { title: name, element: section };
}

async function load(name: string, params: URLSearchParams): Promise<Data> {
  const [model, versions, history, evaluations] = await Promise.all([
    registryApi.getRegisteredModel(name),
    registryApi.searchModelVersions({
      filter: `name = ${quote(name)}`, max_results: pageSize(params, 50), order_by: "version_number DESC", page_token: tokenStack(params).at(-1),
    }),
    registryApi.history(name, HISTORY_PAGE, historyStack(params).at(-1)),
    loadEvaluations(name),
  ]);
  return { model: model.registered_model, versions, history, runs: await sourceRuns(versions.model_versions ?? []), evaluations };
}

/** The source runs of the versions shown (their metrics fill the versions table); a run that cannot be read is left out. */
async function sourceRuns(versions: ModelVersion[]): Promise<Map<string, Run>> {
  const ids = [...new Set(versions.map(v => v.run_id).filter((id): id is string => !!id))];
  const runs = await Promise.all(ids.map(id => api.getRun(id).then(r => r.run, () => undefined)));
  return new Map(runs.filter((r): r is Run => r !== undefined).map(r => [r.info.run_id, r]));
}

async function loadEvaluations(name: string): Promise<Evaluations> {
  let experimentId: string;
  try {
    // A search, not get-by-name: a model never evaluated has no such experiment, and that is not an error (nor a 404 in the console).
    const found = (await api.searchExperiments({ filter: `name = ${quote(`${name}-evaluations`)}`, max_results: 1 })).experiments ?? [];
    if (found.length === 0) return { missing: "none" };
    experimentId = found[0]!.experiment_id;
  } catch (e) {
    return { missing: e instanceof Error ? e.message : String(e) };
  }
  const page = await api.searchRuns({
    experiment_ids: [experimentId], max_results: EVALUATIONS_SHOWN, order_by: ["attributes.start_time DESC"],
    filter: `tags.\`argus.evaluation.model\` = ${quote(name)}`,
  });
  return { runs: page.runs ?? [], experimentId };
}

function draw(section: HTMLElement, name: string, params: URLSearchParams, data: Data, notice?: Notice): void {
  const { model } = data;
  const versions = data.versions.model_versions ?? [];
  const aliases = (model.aliases ?? []).slice().sort((a, b) => a.alias.localeCompare(b.alias));
  const tags = (model.tags ?? []).filter(t => !t.key.startsWith("mlflow."));

  clear(section);
  append(section, [
    h("p", { class: "crumbs" }, h("a", { href: href(["models"]) }, "Models"), " / "),
    h("h1", { tabindex: -1 }, model.name),
    h("dl", { class: "facts" },
      h("dt", null, "Description"), h("dd", { "data-testid": "description" }, model.description?.trim() ? model.description : h("span", { class: "muted" }, "No description.")),
      h("dt", null, "Created"), h("dd", null, formatTime(model.creation_timestamp)),
      h("dt", null, "Last update"), h("dd", null, formatTime(model.last_updated_timestamp))),
    h("h2", null, "Tags"),
    tags.length === 0 ? h("p", { class: "empty" }, "No tags.")
      : h("table", { class: "grid kv", "data-testid": "model-tags" }, h("caption", { class: "sr-only" }, "Tags"),
        h("tbody", null, tags.map(t => h("tr", null, h("th", { scope: "row" }, t.key), h("td", null, t.value))))),
    h("h2", null, "Versions"),
    versions.length === 0 ? h("p", { class: "empty" }, "No versions yet.") : versionsTable(name, versions, data.runs),
    pager(params, data.versions.next_page_token, "Version pages"),
    h("h2", { id: "aliases-heading" }, "Aliases"),
    h("div", { "data-testid": "aliases" }, aliasChips(aliases)),
    aliases.some(a => a.alias === "champion")
      ? h("p", null, h("a", { href: href(["predict", name], { alias: "champion" }), "data-testid": "predict-champion" }, "Try @champion in the Predict form →"))
      : null,
    moveAliasControl(section, name, params, data, notice),
    h("h2", null, "History"),
    historyTable(data.history.events ?? []),
    historyPager(params, data.history.next_page_token),
    h("h2", { id: "evaluations-heading" }, "Evaluations"),
    evaluationsTable(name, data.evaluations)]);
}

/**
 * The versions, each with the latest values of its source run's held-out metrics (the keys every shown run has,
 * test_/validation_ ones first, at most four) and a link to the Predict page for that version.
 */
function versionsTable(name: string, versions: ModelVersion[], runs: Map<string, Run>): HTMLElement {
  const metricsOf = (v: ModelVersion): Map<string, number> =>
    new Map((runs.get(v.run_id ?? "")?.data.metrics ?? []).map(m => [m.key, m.value]));
  const withRuns = versions.filter(v => runs.has(v.run_id ?? ""));
  const shared = withRuns.length === 0 ? [] : [...metricsOf(withRuns[0]!).keys()].filter(k => withRuns.every(v => metricsOf(v).has(k)));
  const rank = (k: string): number => /^(test|validation)_/.test(k) ? 0 : k === "best_iteration" || k.startsWith("train") ? 2 : 1;
  const metricKeys = shared.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, 4);
  return h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "versions" },
    h("caption", { class: "sr-only" }, "Model versions"),
    h("thead", null, h("tr", null, ["Version", "Created", "Stage", "Aliases", "Source run", ...metricKeys, "Status", ""].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, versions.map(v => h("tr", null,
      h("td", null, `v${v.version}`),
      h("td", { class: "nowrap" }, formatTime(v.creation_timestamp)),
      h("td", null, v.current_stage ?? "None"),
      h("td", null, (v.aliases ?? []).length === 0 ? "—" : h("ul", { class: "aliases" }, (v.aliases ?? []).slice().sort().map(a => h("li", { class: "alias" }, `@${a}`)))),
      h("td", { class: "mono wrap" }, v.run_id ? h("a", { href: href(["runs", v.run_id]) }, v.run_id) : (v.source ?? "—")),
      metricKeys.map(k => { const m = metricsOf(v).get(k); return h("td", { class: "num" }, m === undefined ? "—" : formatNumber(m)); }),
      h("td", null, h("span", { class: `status status-${(v.status ?? "").toLowerCase()}` }, v.status ?? "—")),
      h("td", null, h("a", { href: href(["predict", name], { version: v.version }), "aria-label": `Predict with v${v.version}` }, "Predict")))))));
}

/**
 * Champion/challenger evaluations (`argus models evaluate`, or promotion with --data): both versions scored on the same
 * data; for each metric the candidate's and baseline's values, the better one marked.
 */
function evaluationsTable(name: string, evaluations: Evaluations): HTMLElement {
  if ("missing" in evaluations) {
    return evaluations.missing === "none"
      ? h("p", { class: "empty", "data-testid": "evaluations" }, "No evaluations yet. ",
        h("code", null, `argus models evaluate ${name} --candidate N --baseline @champion --data FILE`), " compares two versions on the same data.")
      : errorBox(`Could not load the evaluations: ${evaluations.missing}`);
  }
  if (evaluations.runs.length === 0) return h("p", { class: "empty", "data-testid": "evaluations" }, "No evaluations yet.");
  const tag = (r: Run, key: string): string | undefined => (r.data.tags ?? []).find(t => t.key === key)?.value;
  const metric = (r: Run, key: string): number | undefined => (r.data.metrics ?? []).find(m => m.key === key)?.value;
  const keys = [...new Set(evaluations.runs.flatMap(r => (r.data.metrics ?? []).map(m => m.key))
    .filter(k => k.startsWith("candidate_")).map(k => k.slice("candidate_".length)))].sort();
  const cell = (r: Run, key: string): HTMLElement => {
    const candidate = metric(r, `candidate_${key}`);
    const baseline = metric(r, `baseline_${key}`);
    if (candidate === undefined) return h("td", { class: "num" }, "—");
    if (baseline === undefined) return h("td", { class: "num" }, formatNumber(candidate));
    const higher = HIGHER_IS_BETTER.has(key);
    const winner = candidate === baseline ? "tie" : (candidate > baseline) === higher ? "candidate" : "baseline";
    return h("td", { class: "num nowrap", "data-winner": winner },
      h("span", { class: winner === "candidate" ? "best" : undefined }, formatNumber(candidate)), " / ",
      h("span", { class: winner === "baseline" ? "best" : undefined }, formatNumber(baseline)));
  };
  return h("div", null,
    h("p", { class: "muted" }, `Each metric shows candidate / baseline on the same data; the better value is bold (${[...HIGHER_IS_BETTER].join(", ")}: higher is better; others: lower). Latest ${EVALUATIONS_SHOWN} shown, newest first.`),
    h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "evaluations" },
      h("caption", { class: "sr-only" }, "Champion/challenger evaluations, newest first"),
      h("thead", null, h("tr", null, ["When", "Candidate", "Baseline", "Rows", ...keys, "Run"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", null, evaluations.runs.map(r => {
        const baseline = tag(r, "argus.evaluation.baseline_version");
        return h("tr", null,
          h("td", { class: "nowrap" }, formatTime(r.info.start_time)),
          h("td", null, `v${tag(r, "argus.evaluation.candidate_version") ?? "?"}`),
          h("td", null, !baseline || baseline === "none" ? "—" : `v${baseline}`),
          h("td", { class: "num" }, (r.data.params ?? []).find(p => p.key === "rows")?.value ?? "—"),
          keys.map(k => cell(r, k)),
          h("td", null, h("a", { href: href(["runs", r.info.run_id]) }, r.info.run_name || r.info.run_id)));
      })))));
}

function historyTable(events: RegistryEvent[]): HTMLElement {
  if (events.length === 0) return h("p", { class: "empty" }, "No alias moves or stage transitions yet.");
  const side = (e: RegistryEvent, v: string | undefined): string => v === undefined || v === null || v === ""
    ? (e.kind === "alias" ? "(unset)" : "None") : e.kind === "alias" ? `v${v}` : v;
  return h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "history" },
    h("caption", { class: "sr-only" }, "Alias and stage history, newest first"),
    h("thead", null, h("tr", null, ["When", "Who", "What", "From → to", "Why"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, events.map(e => h("tr", null,
      h("td", { class: "nowrap" }, formatTime(e.timestamp)),
      h("td", null, e.user_id ?? h("span", { class: "muted" }, "unknown")),
      h("td", null, e.kind === "alias" ? `@${e.subject}` : `v${e.subject} stage`),
      h("td", { class: "nowrap" }, `${side(e, e.from)} → ${side(e, e.to)}`),
      h("td", { class: "wrap" }, e.reason ?? h("span", { class: "muted" }, "—")))))));
}

function historyStack(params: URLSearchParams): string[] {
  return (params.get("hpages") ?? "").split(",").filter(t => t.length > 0);
}

function historyPager(params: URLSearchParams, nextToken: string | undefined): HTMLElement | null {
  const stack = historyStack(params);
  if (stack.length === 0 && !nextToken) return null;
  return h("nav", { class: "pager", "aria-label": "History pages" },
    h("button", { type: "button", disabled: stack.length === 0, onclick: () => updateParams({ hpages: stack.slice(0, -1).join(",") }) }, "← Newer"),
    h("span", { class: "muted", "aria-live": "polite" }, `History page ${stack.length + 1}`),
    h("button", { type: "button", disabled: !nextToken, onclick: () => { if (nextToken) updateParams({ hpages: [...stack, nextToken].join(",") }); } }, "Older →"));
}

/**
 * The "Move alias" form and its confirmation dialog. The move is sent with the alias's version as this page showed it,
 * so the server refuses it when someone moved the alias meanwhile; its message is shown under the form.
 */
function moveAliasControl(section: HTMLElement, name: string, params: URLSearchParams, data: Data, notice?: Notice): HTMLElement {
  const aliases = (data.model.aliases ?? []).slice().sort((a, b) => a.alias.localeCompare(b.alias));
  const versions = (data.versions.model_versions ?? []).map(v => v.version);
  const status = h("div", { id: "move-status", role: "status", "aria-live": "polite" },
    notice?.kind === "ok" ? h("p", { class: "ok" }, notice.text) : null);
  const error = h("div", { id: "move-error" }, notice?.kind === "error" ? errorBox(notice.text) : null);

  if (aliases.length === 0 || versions.length === 0) {
    return h("div", { class: "move" }, h("p", { class: "empty" }, "No alias to move."), status, error);
  }

  const wanted = params.get("alias");
  const alias = h("select", { id: "move-alias", name: "alias", "aria-describedby": "move-error" },
    aliases.map(a => h("option", { value: a.alias, selected: a.alias === wanted }, `@${a.alias} (now v${a.version})`)));
  const currentOf = (a: string): string | undefined => aliases.find(x => x.alias === a)?.version;
  const wantedTo = params.get("to");
  const defaultTo = (): string => versions.find(v => v !== currentOf(alias.value)) ?? versions[0] ?? "";
  const target = h("select", { id: "move-to", name: "to", "aria-describedby": "move-error" },
    versions.map(v => h("option", { value: v }, `v${v}`)));
  target.value = wantedTo && versions.includes(wantedTo) ? wantedTo : defaultTo();
  const reason = h("input", { id: "move-reason", type: "text", name: "reason", required: true, autocomplete: "off", maxlength: 1000, "aria-describedby": "move-error" });
  // Signed in, the server records the signed-in user whatever is sent; the field shows who that is.
  const signedIn = currentSession().user?.username;
  const user = h("input", { id: "move-user", type: "text", name: "user", required: true, autocomplete: "name", maxlength: 200,
    value: signedIn ?? savedUserName(), readonly: signedIn !== undefined, "aria-describedby": "move-error" });
  const submit = h("button", { id: "move-submit", type: "submit" }, "Move alias…");

  alias.addEventListener("change", () => {
    if (!wantedTo) target.value = defaultTo();
    updateParams({ alias: alias.value, to: target.value }, "silent");
  });
  target.addEventListener("change", () => updateParams({ alias: alias.value, to: target.value }, "silent"));

  const question = h("p", { id: "move-dialog-text" });
  const why = h("p", { class: "muted wrap" });
  const cancel = h("button", { type: "button", class: "secondary", autofocus: true }, "Cancel");
  const confirm = h("button", { type: "button", "data-testid": "confirm-move" }, "Move alias");
  const dialog = h("dialog", { id: "move-dialog", "aria-labelledby": "move-dialog-title", "aria-describedby": "move-dialog-text" },
    h("h2", { id: "move-dialog-title" }, "Move alias?"), question, why,
    h("div", { class: "dialog-buttons" }, cancel, confirm));

  let pending: { alias: string; from: string; to: string; reason: string; user: string } | undefined;
  const close = (): void => { if (dialog.open) dialog.close(); };
  cancel.addEventListener("click", close);
  // showModal makes the page inert and Escape closes it; keep Tab cycling inside and focus going back to the form.
  dialog.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key !== "Tab") return;
    const focusable = [cancel, confirm];
    const i = focusable.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.shiftKey ? (i <= 0 ? focusable.length - 1 : i - 1) : (i + 1) % focusable.length;
    e.preventDefault();
    focusable[next]?.focus();
  });
  dialog.addEventListener("close", () => {
    if (pending) submit.focus();
    pending = undefined;
  });
  confirm.addEventListener("click", () => {
    const move = pending;
    if (!move) return;
    pending = undefined;
    dialog.close();
    void perform(move);
  });

  const perform = async (move: { alias: string; from: string; to: string; reason: string; user: string }): Promise<void> => {
    for (const c of [alias, target, reason, user, submit]) c.disabled = true;
    status.replaceChildren(h("p", { class: "muted" }, `Moving @${move.alias}…`));
    let result: Notice;
    try {
      await registryApi.moveAliases({ name, moves: [{ alias: move.alias, version: move.to }], expected: [{ alias: move.alias, version: move.from }], reason: move.reason }, move.user);
      result = { kind: "ok", text: `Moved @${move.alias} from v${move.from} to v${move.to}.` };
    } catch (e) {
      result = { kind: "error", text: e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e) };
    }
    try {
      draw(section, name, params, await load(name, params), result);
    } catch (e) {
      draw(section, name, params, data, { kind: "error", text: `${result.text} The page could not be refreshed: ${e instanceof Error ? e.message : String(e)}` });
    }
    section.querySelector<HTMLElement>("#move-submit")?.focus();
  };

  const form = h("form", { class: "move-form", "aria-labelledby": "aliases-heading", onsubmit: (e: Event) => {
    e.preventDefault();
    error.replaceChildren();
    status.replaceChildren();
    const from = currentOf(alias.value);
    const reasonText = reason.value.trim();
    if (from === undefined) return;
    if (target.value === from) {
      error.replaceChildren(errorBox(`@${alias.value} already points at v${from}.`));
      return;
    }
    if (!reasonText) {
      error.replaceChildren(errorBox("Give a reason: it is recorded in the history."));
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    reason.removeAttribute("aria-invalid");
    const userName = user.value.trim();
    if (!userName) {
      error.replaceChildren(errorBox("Give your name: the history records who moved the alias."));
      user.setAttribute("aria-invalid", "true");
      user.focus();
      return;
    }
    user.removeAttribute("aria-invalid");
    saveUserName(userName);
    pending = { alias: alias.value, from, to: target.value, reason: reasonText, user: userName };
    question.textContent = `Move @${pending.alias} from v${pending.from} to v${pending.to}?`;
    why.textContent = `Reason: ${pending.reason} (recorded as ${pending.user})`;
    dialog.showModal();
    cancel.focus();
  } },
  h("div", { class: "field" }, h("label", { for: "move-alias" }, "Alias"), alias),
  h("div", { class: "field" }, h("label", { for: "move-to" }, "Target version"), target),
  h("div", { class: "field grow" }, h("label", { for: "move-reason" }, "Reason"), reason),
  h("div", { class: "field" }, h("label", { for: "move-user" }, "Your name"), user),
  h("div", { class: "field" }, submit));
  form.noValidate = true;

  return h("div", { class: "move" }, h("h3", null, "Move alias"), form, status, error, dialog);
}
