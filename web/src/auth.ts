// Sign-in, when the server requires it (argus server --auth). The session itself is an HttpOnly cookie the page never
// sees; what the page keeps is who is signed in and the session's CSRF token, which every request that changes
// something carries in the X-Argus-CSRF header. Without --auth the server says so and none of this shows.

import { href, navigate } from "./router";

export interface SessionUser { username: string; is_admin?: boolean }

export interface Session {
  /** Whether the server requires sign-in. */
  authEnabled: boolean;
  user?: SessionUser;
  csrf?: string;
}

export const ME = "/api/2.0/argus/auth/me";
export const LOGIN = "/api/2.0/argus/auth/login";
export const LOGOUT = "/api/2.0/argus/auth/logout";

let session: Session = { authEnabled: false };
const listeners: (() => void)[] = [];

export function currentSession(): Session {
  return session;
}

export function setSession(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): void {
  listeners.push(listener);
}

/** Asks the server whether sign-in is required and who is signed in (nobody: no user in the answer). */
export async function loadSession(): Promise<Session> {
  try {
    const response = await fetch(ME, { headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" } });
    if (response.status === 401) {
      setSession({ authEnabled: true });
    } else if (response.ok) {
      const json = await response.json() as { auth_enabled?: boolean; user?: SessionUser; csrf_token?: string };
      setSession({ authEnabled: json.auth_enabled === true, user: json.user, csrf: json.csrf_token });
    }
  } catch {
    // No server: pages show their own errors.
  }
  return session;
}

/** The CSRF header for a request that changes something, when signed in with a session. */
export function csrfHeaders(method: string): Record<string, string> {
  return method !== "GET" && method !== "HEAD" && session.csrf ? { "X-Argus-CSRF": session.csrf } : {};
}

/** Where to go after signing in: a page of this app, never the login page itself. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("#/") && !next.startsWith("#/login") ? next : href(["experiments"]);
}

/** The session ended or never was: forget it and go to the login page, coming back here afterwards. */
export function requireLogin(): void {
  setSession({ authEnabled: true });
  if (location.hash.startsWith("#/login")) return;
  navigate(href(["login"], { next: location.hash || undefined }), true);
}
