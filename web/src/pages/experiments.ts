import { api, ApiError, type Experiment } from "../api";
import { errorBox, formatTime, h } from "../dom";
import { href, navigate, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import type { View } from "../view";

/** The experiments list: server-side name search, last update time, create, links to each experiment's runs. */
export async function experimentsPage(params: URLSearchParams): Promise<View> {
  const q = params.get("q") ?? "";
  const stack = tokenStack(params);
  const reply = await api.searchExperiments({
    max_results: pageSize(params, 50),
    filter: q ? `name LIKE ${quote(`%${q}%`)}` : undefined,
    order_by: ["last_update_time DESC"],
    page_token: stack.at(-1),
  });
  const experiments = reply.experiments ?? [];

  const search = h("input", { id: "experiment-search", type: "search", name: "q", value: q, placeholder: "Name contains…", autocomplete: "off" });
  const searchForm = h("form", { class: "toolbar", role: "search", onsubmit: (e: Event) => {
    e.preventDefault();
    updateParams({ q: search.value.trim(), pages: undefined });
  } },
  h("label", { for: "experiment-search" }, "Search experiments"), search, h("button", { type: "submit" }, "Search"));

  const createError = h("div", { id: "create-error", "aria-live": "polite" });
  const newName = h("input", { id: "new-experiment", type: "text", name: "name", required: true, autocomplete: "off", "aria-describedby": "create-error" });
  const createForm = h("form", { class: "toolbar", onsubmit: async (e: Event) => {
    e.preventDefault();
    createError.replaceChildren();
    try {
      const created = await api.createExperiment(newName.value.trim());
      navigate(href(["experiments", created.experiment_id]));
    } catch (err) {
      createError.replaceChildren(errorBox(err instanceof ApiError ? err.message : String(err)));
    }
  } },
  h("label", { for: "new-experiment" }, "New experiment"), newName, h("button", { type: "submit" }, "Create"));

  const table = experiments.length === 0
    ? h("p", { class: "empty" }, q ? `No experiment name contains “${q}”.` : "No experiments yet.")
    : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "experiments" },
      h("caption", { class: "sr-only" }, "Experiments"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "ID"),
        h("th", { scope: "col" }, "Last update"), h("th", { scope: "col" }, "Created"))),
      h("tbody", null, experiments.map(row))));

  return {
    title: "Experiments",
    element: h("section", null,
      h("h1", { tabindex: -1 }, "Experiments"),
      searchForm, table, pager(params, reply.next_page_token, "Experiment pages"),
      h("h2", null, "Create an experiment"), createForm, createError),
  };
}

function row(e: Experiment): HTMLElement {
  return h("tr", null,
    h("td", null, h("a", { href: href(["experiments", e.experiment_id]) }, e.name)),
    h("td", { class: "mono" }, e.experiment_id),
    h("td", null, formatTime(e.last_update_time)),
    h("td", null, formatTime(e.creation_time)));
}

/** An MLflow search string literal. */
export function quote(s: string): string {
  return s.includes("'") ? `"${s.replace(/"/g, "\\\"")}"` : `'${s}'`;
}
