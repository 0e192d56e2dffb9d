import { ApiError } from "../api";
import { registryApi, type HistoryPage, type ModelVersion, type ModelVersionPage, type RegisteredModel, type RegistryEvent } from "../api-models";
import { append, clear, errorBox, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import { quote } from "./experiments";
import { aliasChips } from "./models";
import type { View } from "../view";

// One registered model: description, tags, versions, aliases with an audited "Move alias" (compare-and-set against the
// version the page showed, confirmed in a modal dialog) and the alias/stage history. URL parameters: pages (versions
// page tokens), hpages (history page tokens), alias and to (the move form's choices).

interface Data { model: RegisteredModel; versions: ModelVersionPage; history: HistoryPage }
interface Notice { kind: "ok" | "error"; text: string }

const HISTORY_PAGE = 50;

export async function modelPage(name: string, params: URLSearchParams): Promise<View> {
  const section = h("section", { class: "model" });
  const data = await load(name, params);
  draw(section, name, params, data);
  return { title: name, element: section };
}

async function load(name: string, params: URLSearchParams): Promise<Data> {
  const [model, versions, history] = await Promise.all([
    registryApi.getRegisteredModel(name),
    registryApi.searchModelVersions({
      filter: `name = ${quote(name)}`, max_results: pageSize(params, 50), order_by: "version_number DESC", page_token: tokenStack(params).at(-1),
    }),
    registryApi.history(name, HISTORY_PAGE, historyStack(params).at(-1)),
  ]);
  return { model: model.registered_model, versions, history };
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
    versions.length === 0 ? h("p", { class: "empty" }, "No versions yet.") : versionsTable(versions),
    pager(params, data.versions.next_page_token, "Version pages"),
    h("h2", { id: "aliases-heading" }, "Aliases"),
    h("div", { "data-testid": "aliases" }, aliasChips(aliases)),
    moveAliasControl(section, name, params, data, notice),
    h("h2", null, "History"),
    historyTable(data.history.events ?? []),
    historyPager(params, data.history.next_page_token)]);
}

function versionsTable(versions: ModelVersion[]): HTMLElement {
  return h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "versions" },
    h("caption", { class: "sr-only" }, "Model versions"),
    h("thead", null, h("tr", null, ["Version", "Created", "Stage", "Aliases", "Source run", "Status"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, versions.map(v => h("tr", null,
      h("td", null, `v${v.version}`),
      h("td", { class: "nowrap" }, formatTime(v.creation_timestamp)),
      h("td", null, v.current_stage ?? "None"),
      h("td", null, (v.aliases ?? []).length === 0 ? "—" : h("ul", { class: "aliases" }, (v.aliases ?? []).slice().sort().map(a => h("li", { class: "alias" }, `@${a}`)))),
      h("td", { class: "mono wrap" }, v.run_id ? h("a", { href: href(["runs", v.run_id]) }, v.run_id) : (v.source ?? "—")),
      h("td", null, h("span", { class: `status status-${(v.status ?? "").toLowerCase()}` }, v.status ?? "—")))))));
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

  let pending: { alias: string; from: string; to: string; reason: string } | undefined;
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

  const perform = async (move: { alias: string; from: string; to: string; reason: string }): Promise<void> => {
    for (const c of [alias, target, reason, submit]) c.disabled = true;
    status.replaceChildren(h("p", { class: "muted" }, `Moving @${move.alias}…`));
    let result: Notice;
    try {
      await registryApi.moveAliases({ name, moves: [{ alias: move.alias, version: move.to }], expected: [{ alias: move.alias, version: move.from }], reason: move.reason });
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
    pending = { alias: alias.value, from, to: target.value, reason: reasonText };
    question.textContent = `Move @${pending.alias} from v${pending.from} to v${pending.to}?`;
    why.textContent = `Reason: ${pending.reason}`;
    dialog.showModal();
    cancel.focus();
  } },
  h("div", { class: "field" }, h("label", { for: "move-alias" }, "Alias"), alias),
  h("div", { class: "field" }, h("label", { for: "move-to" }, "Target version"), target),
  h("div", { class: "field grow" }, h("label", { for: "move-reason" }, "Reason"), reason),
  h("div", { class: "field" }, submit));
  form.noValidate = true;

  return h("div", { class: "move" }, h("h3", null, "Move alias"), form, status, error, dialog);
}
