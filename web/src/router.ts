// Hash routing: every page state (search text, sort, chosen columns, page tokens, chart options) lives in the URL,
// so a reload or a shared link reopens the same view.

export interface Route {
  /** Path segments after "#/", decoded. */
  segments: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", search = ""] = splitOnce(hash, "?");
  const segments = path.split("/").filter(s => s.length > 0).map(decodeURIComponent);
  return { segments, params: new URLSearchParams(search) };
}

export function href(segments: string[], params?: Record<string, string | undefined> | URLSearchParams): string {
  const path = segments.map(encodeURIComponent).join("/");
  const q = new URLSearchParams();
  if (params instanceof URLSearchParams) {
    params.forEach((v, k) => { if (v !== "") q.set(k, v); });
  } else if (params) {
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, v);
  }
  const search = q.toString();
  return `#/${path}${search ? `?${search}` : ""}`;
}

/** Navigates to the current path with some parameters changed (undefined or "" removes one). */
export function updateParams(changes: Record<string, string | undefined>, mode: "push" | "replace" | "silent" = "push"): void {
  const route = currentRoute();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === "") route.params.delete(k); else route.params.set(k, v);
  }
  const target = href(route.segments, route.params);
  if (mode === "silent") {
    // The page already shows this state (a checkbox the user ticked); only the URL follows.
    history.replaceState(null, "", target);
  } else {
    navigate(target, mode === "replace");
  }
}

export function navigate(target: string, replace = false): void {
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = target;
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}
