import { api, ApiError, type Experiment, type ExperimentPage, type ViewType } from "../api";
import { errorBox, formatTime, h } from "../dom";
import { href, navigate, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import type { View } from "../view";

/** The experiments list: server-side name search, last update time, create, links to each experiment's runs. */
const VIEWS: Record<string, { type: ViewType; label: string }> = {
  active: { type: "ACTIVE_ONLY", label: "Active" },
  deleted: { type: "DELETED_ONLY", label: "Deleted" },
  all: { type: "ALL", label: "All" },
};

/**
 * The experiments list: server-side name search, a view selector (active / deleted / all, kept in the URL as `view`),
 * last update time, create, rename in place, delete (after a confirmation dialog) and restore, links to each
 * experiment's runs. Errors from the server are shown under the table.
 */
export async function experimentsPage(params: URLSearchParams): Promise<View> {
  const q = params.get("q") ?? "";
  const viewKey = VIEWS[params.get("view") ?? ""] ? params.get("view") ?? "active" : "active";
  const section = h("section", null);
  const load = (): Promise<ExperimentPage> => api.searchExperiments({
    max_results: pageSize(params, 50),
    filter: q ? `name LIKE ${quote(`%${q}%`)}` : undefined,
    order_by: ["last_update_time DESC"],
    page_token: tokenStack(params).at(-1),
    view_type: VIEWS[viewKey]?.type ?? "ACTIVE_ONLY",
  });
  draw(section, params, q, viewKey, await load(), load);
  return { title: "Experiments", element: section };
}

type Notice = { kind: "ok" | "error"; text: string };

function draw(section: HTMLElement, params: URLSearchParams, q: string, viewKey: string, reply: ExperimentPage,
  load: () => Promise<ExperimentPage>, notice?: Notice, focus?: string): void {
  const experiments = reply.experiments ?? [];

  const search = h("input", { id: "experiment-search", type: "search", name: "q", value: q, placeholder: "Name contains…", autocomplete: "off" });
  const viewSelect = h("select", { id: "experiment-view", name: "view" },
    Object.entries(VIEWS).map(([key, v]) => h("option", { value: key, selected: key === viewKey }, v.label)));
  viewSelect.addEventListener("change", () => updateParams({ view: viewSelect.value === "active" ? undefined : viewSelect.value, pages: undefined }));
  const searchForm = h("form", { class: "toolbar", role: "search", onsubmit: (e: Event) => {
    e.preventDefault();
    updateParams({ q: search.value.trim(), pages: undefined });
  } },
  h("label", { for: "experiment-search" }, "Search experiments"), search, h("button", { type: "submit" }, "Search"),
  h("label", { for: "experiment-view" }, "Show"), viewSelect);

  const createError = h("div", { id: "create-error", "aria-live": "polite" });
  const newName = h("input", { id: "new-experiment", type: "text", name: "name", required: true, autocomplete: "off", "aria-describedby": "create-error" });
  const createForm = h("form", { class: "toolbar", onsubmit: async (e: Event) => {
    e.preventDefault();
    createError.replaceChildren();
    try {
      const created = await api.createExperiment(newName.value.trim());
      navigate(href(["experiments", created.experiment_id]));
    } catch (err) {
      createError.replaceChildren(errorBox(message(err)));
    }
  } },
  h("label", { for: "new-experiment" }, "New experiment"), newName, h("button", { type: "submit" }, "Create"));

  const status = h("div", { id: "experiment-status", role: "status", "aria-live": "polite", tabindex: -1 },
    notice?.kind === "ok" ? h("p", { class: "ok" }, notice.text) : null);
  const actionError = h("div", { id: "experiment-error" }, notice?.kind === "error" ? errorBox(notice.text) : null);

  /** Runs one change, then redraws the list (or, if reloading fails, keeps it and says so). */
  const act = async (work: () => Promise<unknown>, ok: string, focusAfter?: string): Promise<void> => {
    let result: Notice;
    try {
      await work();
      result = { kind: "ok", text: ok };
    } catch (e) {
      result = { kind: "error", text: message(e) };
    }
    try {
      draw(section, params, q, viewKey, await load(), load, result, result.kind === "ok" ? focusAfter : undefined);
    } catch (e) {
      draw(section, params, q, viewKey, reply, load, { kind: "error", text: `${result.text} The list could not be refreshed: ${message(e)}` });
    }
  };

  // One confirmation dialog for every delete button; focus goes back to the button that opened it.
  const question = h("p", { id: "delete-dialog-text" });
  const cancel = h("button", { type: "button", class: "secondary", autofocus: true }, "Cancel");
  const confirm = h("button", { type: "button", "data-testid": "confirm-delete" }, "Delete");
  const dialog = h("dialog", { id: "delete-dialog", "aria-labelledby": "delete-dialog-title", "aria-describedby": "delete-dialog-text" },
    h("h2", { id: "delete-dialog-title" }, "Delete experiment?"), question,
    h("div", { class: "dialog-buttons" }, cancel, confirm));
  let pending: { experiment: Experiment; opener: HTMLElement } | undefined;
  cancel.addEventListener("click", () => { if (dialog.open) dialog.close(); });
  dialog.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key !== "Tab") return;
    e.preventDefault();
    (document.activeElement === cancel ? confirm : cancel).focus();
  });
  dialog.addEventListener("close", () => {
    const p = pending;
    pending = undefined;
    if (p && dialog.returnValue !== "confirmed") p.opener.focus();
    dialog.returnValue = "";
  });
  confirm.addEventListener("click", () => {
    const p = pending;
    if (!p) return;
    dialog.close("confirmed");
    void act(() => api.deleteExperiment(p.experiment.experiment_id), `Deleted “${p.experiment.name}”.`, "#experiment-status");
  });

  const row = (e: Experiment): HTMLElement => {
    const deleted = e.lifecycle_stage === "deleted";
    const nameCell = h("td", null, h("a", { href: href(["experiments", e.experiment_id]) }, e.name));
    const renameButton = h("button", { type: "button", class: "secondary", "data-testid": "rename", id: `rename-${e.experiment_id}`, "aria-label": `Rename ${e.name}` }, "Rename");
    // The server renames only active experiments.
    const actions: HTMLElement[] = deleted ? [] : [renameButton];
    if (deleted) {
      actions.push(h("button", { type: "button", class: "secondary", "data-testid": "restore", "aria-label": `Restore ${e.name}`,
        onclick: () => void act(() => api.restoreExperiment(e.experiment_id), `Restored “${e.name}”.`, "#experiment-status") }, "Restore"));
    } else {
      const del = h("button", { type: "button", class: "secondary", "data-testid": "delete", "aria-label": `Delete ${e.name}` }, "Delete");
      del.addEventListener("click", () => {
        pending = { experiment: e, opener: del };
        question.textContent = `Delete the experiment “${e.name}” (ID ${e.experiment_id})? It can be restored from the Deleted view.`;
        dialog.showModal();
      });
      actions.push(del);
    }
    renameButton.addEventListener("click", () => {
      const input = h("input", { type: "text", name: "new_name", required: true, autocomplete: "off", value: e.name,
        id: `rename-input-${e.experiment_id}`, "aria-describedby": "experiment-error" });
      const back = (): void => {
        nameCell.replaceChildren(h("a", { href: href(["experiments", e.experiment_id]) }, e.name));
        renameButton.focus();
      };
      const form = h("form", { class: "inline-form", "data-testid": "rename-form", onsubmit: (ev: Event) => {
        ev.preventDefault();
        const name = input.value.trim();
        if (!name || name === e.name) { back(); return; }
        actionError.replaceChildren();
        void act(() => api.renameExperiment(e.experiment_id, name), `Renamed “${e.name}” to “${name}”.`, `#rename-${CSS.escape(e.experiment_id)}`);
      } },
      h("label", { for: input.id, class: "sr-only" }, `New name for ${e.name}`), input,
      h("button", { type: "submit" }, "Save"),
      h("button", { type: "button", class: "secondary", onclick: back }, "Cancel"));
      input.addEventListener("keydown", (ev: KeyboardEvent) => { if (ev.key === "Escape") { ev.preventDefault(); back(); } });
      nameCell.replaceChildren(form);
      input.focus();
      input.select();
    });
    return h("tr", { class: deleted ? "deleted" : undefined },
      nameCell,
      h("td", { class: "mono" }, e.experiment_id),
      viewKey === "active" ? null : h("td", null, deleted ? "Deleted" : "Active"),
      h("td", null, formatTime(e.last_update_time)),
      h("td", null, formatTime(e.creation_time)),
      h("td", { class: "actions" }, actions));
  };

  const emptyText = q ? `No ${viewKey === "deleted" ? "deleted " : ""}experiment name contains “${q}”.`
    : viewKey === "deleted" ? "No deleted experiments." : "No experiments yet.";
  const table = experiments.length === 0
    ? h("p", { class: "empty" }, emptyText)
    : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "experiments" },
      h("caption", { class: "sr-only" }, "Experiments"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "ID"),
        viewKey === "active" ? null : h("th", { scope: "col" }, "State"),
        h("th", { scope: "col" }, "Last update"), h("th", { scope: "col" }, "Created"), h("th", { scope: "col" }, "Actions"))),
      h("tbody", null, experiments.map(row))));

  section.replaceChildren(
    h("h1", { tabindex: -1 }, "Experiments"),
    searchForm, status, actionError, table, pager(params, reply.next_page_token, "Experiment pages"),
    h("h2", null, "Create an experiment"), createForm, createError, dialog);
  if (focus) section.querySelector<HTMLElement>(focus)?.focus();
}

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
}

/** An MLflow search string literal. */
export function quote(s: string): string {
  return s.includes("'") ? `"${s.replace(/"/g, "\\\"")}"` : `'${s}'`;
}
