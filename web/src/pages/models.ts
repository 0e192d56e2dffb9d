import { registryApi, type RegisteredModel } from "../api-models";
import { formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import { quote } from "./experiments";
import type { View } from "../view";

/** The registered models: server-side name search (ILIKE), latest versions per stage, aliases, last update; paging. */
export async function modelsPage(params: URLSearchParams): Promise<View> {
  const q = params.get("q") ?? "";
  const stack = tokenStack(params);
  const reply = await registryApi.searchRegisteredModels({
    max_results: pageSize(params, 50),
    filter: q ? `name ILIKE ${quote(`%${q}%`)}` : undefined,
    order_by: "last_updated_timestamp DESC",
    page_token: stack.at(-1),
  });
  const models = reply.registered_models ?? [];

  const search = h("input", { id: "model-search", type: "search", name: "q", value: q, placeholder: "Name contains…", autocomplete: "off" });
  const searchForm = h("form", { class: "toolbar", role: "search", onsubmit: (e: Event) => {
    e.preventDefault();
    updateParams({ q: search.value.trim(), pages: undefined });
  } },
  h("label", { for: "model-search" }, "Search models"), search, h("button", { type: "submit" }, "Search"));

  const table = models.length === 0
    ? h("p", { class: "empty" }, q ? `No model name contains “${q}”.` : "No registered models yet.")
    : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "models" },
      h("caption", { class: "sr-only" }, "Registered models"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Latest versions"),
        h("th", { scope: "col" }, "Aliases"), h("th", { scope: "col" }, "Last update"))),
      h("tbody", null, models.map(row))));

  return {
    title: "Models",
    element: h("section", null,
      h("h1", { tabindex: -1 }, "Models"),
      searchForm, table, pager(params, reply.next_page_token, "Model pages")),
  };
}

function row(m: RegisteredModel): HTMLElement {
  const latest = (m.latest_versions ?? []).slice().sort((a, b) => Number(b.version) - Number(a.version));
  return h("tr", null,
    h("td", null, h("a", { href: href(["models", m.name]) }, m.name)),
    h("td", null, latest.length === 0 ? "—" : latest.flatMap((v, i) => [i > 0 ? ", " : null,
      h("span", { class: "nowrap" }, `v${v.version}`, v.current_stage && v.current_stage !== "None" ? h("span", { class: "muted" }, ` (${v.current_stage})`) : null)])),
    h("td", null, aliasChips(m.aliases ?? [])),
    h("td", { class: "nowrap" }, formatTime(m.last_updated_timestamp)));
}

/** Alias badges "@champion → v1", sorted by alias name. */
export function aliasChips(aliases: { alias: string; version: string }[]): HTMLElement | string {
  if (aliases.length === 0) return "—";
  return h("ul", { class: "aliases" }, aliases.slice().sort((a, b) => a.alias.localeCompare(b.alias))
    .map(a => h("li", { class: "alias" }, `@${a.alias} → v${a.version}`)));
}
