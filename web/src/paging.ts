import { h } from "./dom";
import { updateParams } from "./router";

// Server-side paging with MLflow page tokens: the URL holds the stack of tokens that led to the current page
// ("pages", comma-separated; page tokens are base64 and have no commas), so Previous pops and Next pushes.

export function tokenStack(params: URLSearchParams): string[] {
  return (params.get("pages") ?? "").split(",").filter(t => t.length > 0);
}

export function pager(params: URLSearchParams, nextToken: string | undefined, label: string): HTMLElement {
  const stack = tokenStack(params);
  const page = stack.length + 1;
  return h("nav", { class: "pager", "aria-label": label },
    h("button", {
      type: "button", disabled: stack.length === 0, "data-testid": "prev-page",
      onclick: () => updateParams({ pages: stack.slice(0, -1).join(",") }),
    }, "← Previous"),
    h("span", { class: "muted", "aria-live": "polite" }, `Page ${page}`),
    h("button", {
      type: "button", disabled: !nextToken, "data-testid": "next-page",
      onclick: () => { if (nextToken) updateParams({ pages: [...stack, nextToken].join(",") }); },
    }, "Next →"));
}

export function pageSize(params: URLSearchParams, fallback: number): number {
  const n = Number(params.get("n"));
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : fallback;
}
