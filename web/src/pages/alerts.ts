import { ApiError } from "../api";
import { searchAlerts, type Alert } from "../api-monitoring";
import { errorBox, h } from "../dom";
import { pager, pageSize, tokenStack } from "../paging";
import { href, updateParams } from "../router";
import type { View } from "../view";

/** Alerts Alertmanager sent to Argus, newest first: filter by status and alert name, paging; all in the URL. */
export async function alertsPage(params: URLSearchParams): Promise<View> {
  const status = params.get("status") ?? "";
  const alertname = params.get("alertname") ?? "";
  let alerts: Alert[] = [];
  let nextToken: string | undefined;
  let searchError: string | undefined;
  try {
    const reply = await searchAlerts({
      status: status || undefined, alertname: alertname || undefined,
      max_results: pageSize(params, 25), page_token: tokenStack(params).at(-1),
    });
    alerts = reply.alerts ?? [];
    nextToken = reply.next_page_token;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    searchError = e.message;
  }

  const statusSelect = h("select", { id: "alert-status", name: "status" },
    [["", "Any"], ["firing", "Firing"], ["resolved", "Resolved"]].map(([v = "", label]) => h("option", { value: v, selected: v === status }, label)));
  const nameInput = h("input", { id: "alert-name", type: "search", name: "alertname", value: alertname, autocomplete: "off", spellcheck: "false", placeholder: "ModelDriftHigh" });
  const form = h("form", { class: "toolbar", role: "search", "aria-label": "Filter alerts", onsubmit: (e: Event) => {
    e.preventDefault();
    updateParams({ status: statusSelect.value, alertname: nameInput.value.trim(), pages: undefined });
  } },
  h("label", { for: "alert-status" }, "Status"), statusSelect,
  h("label", { for: "alert-name" }, "Alert name"), nameInput,
  h("button", { type: "submit" }, "Apply"),
  status || alertname ? h("button", { type: "button", onclick: () => updateParams({ status: undefined, alertname: undefined, pages: undefined }) }, "Clear") : null);
  // Changing the status applies at once; the name waits for Enter or Apply.
  statusSelect.addEventListener("change", () => updateParams({ status: statusSelect.value, alertname: nameInput.value.trim(), pages: undefined }));

  const filtered = status !== "" || alertname !== "";
  return {
    title: "Alerts",
    element: h("section", null,
      h("h1", { tabindex: -1 }, "Alerts"),
      h("p", { class: "muted" }, "Alerts received from Alertmanager's webhook (", h("code", null, "/api/v1/alerts/webhook"), "), newest first."),
      form,
      searchError ? errorBox(searchError) : null,
      alerts.length === 0 && !searchError
        ? h("p", { class: "empty" }, filtered ? "No alert matches the filter." : "No alert received yet.")
        : alertsTable(alerts, "Alerts"),
      pager(params, nextToken, "Alert pages")),
  };
}

/** A table of alerts: state badge, name, labels, annotations and times. */
export function alertsTable(alerts: Alert[], caption: string): HTMLElement {
  return h("div", { class: "scroll" }, h("table", { class: "grid alerts", "data-testid": "alerts" },
    h("caption", { class: "sr-only" }, caption),
    h("thead", null, h("tr", null,
      ["State", "Alert", "Labels", "Annotations", "Started", "Ended", "Received"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, alerts.map(a => h("tr", { "data-alert-id": a.id, "data-status": a.status },
      h("td", null, stateBadge(a.status)),
      h("td", null, h("a", { href: href(["alerts"], { alertname: a.alertname }), class: "alertname" }, a.alertname)),
      h("td", null, labelChips(a.labels)),
      h("td", null, annotations(a.annotations)),
      h("td", { class: "nowrap" }, time(a.starts_at)),
      h("td", { class: "nowrap" }, a.ends_at ? time(a.ends_at) : "—"),
      h("td", { class: "nowrap" }, time(a.received_at)))))));
}

export function stateBadge(status: string): HTMLElement {
  return h("span", { class: `status alert-${status === "firing" ? "firing" : status === "resolved" ? "resolved" : "other"}` }, status);
}

function labelChips(labels: Record<string, string>): HTMLElement {
  return h("ul", { class: "chips", "aria-label": "Labels" },
    Object.entries(labels).filter(([k]) => k !== "alertname").map(([k, v]) => h("li", { class: "chip mono" }, `${k}=${v}`)));
}

function annotations(values: Record<string, string>): HTMLElement | string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "—";
  return h("dl", { class: "facts small" }, entries.flatMap(([k, v]) => [h("dt", null, k),
    h("dd", null, /^https?:\/\//.test(v) ? h("a", { href: v, rel: "noopener noreferrer", target: "_blank" }, v) : v)]));
}

function time(iso: string): HTMLElement {
  const d = new Date(iso);
  const text = Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/Z$/, " UTC");
  return h("time", { datetime: iso }, text);
}
