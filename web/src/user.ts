// Who is acting, for the registry's audit history, on a server without sign-in: the UI asks for a name once, keeps it
// in this browser (localStorage) and sends it as X-Argus-User (percent-encoded UTF-8), as Argus's own clients do. With
// sign-in (argus server --auth) the server records the signed-in user instead and ignores the header.

const KEY = "argus.user";

export function savedUserName(): string {
  try { return localStorage.getItem(KEY) ?? ""; } catch { return ""; }
}

export function saveUserName(name: string): void {
  try { localStorage.setItem(KEY, name); } catch { /* private mode: asked again next time */ }
}

/** The header naming the user, or none when no name is given. */
export function userHeader(name: string): Record<string, string> {
  const trimmed = name.trim();
  return trimmed ? { "X-Argus-User": encodeURIComponent(trimmed) } : {};
}
