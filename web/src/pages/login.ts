import { ApiError, send } from "../api";
import { currentSession, LOGIN, safeNext, setSession, type SessionUser } from "../auth";
import { errorBox, h } from "../dom";
import { href, navigate } from "../router";
import type { View } from "../view";

/**
 * The sign-in page (#/login?next=…): user name and password, sent once to the server, which answers with an HttpOnly
 * session cookie and the session's CSRF token. Then back to the page that asked (next), or the experiments.
 */
export function loginPage(params: URLSearchParams): View {
  const next = safeNext(params.get("next"));
  if (!currentSession().authEnabled) {
    return { title: "Sign in", element: h("section", { class: "login" }, h("h1", { tabindex: -1 }, "Sign in"),
      h("p", null, "This server does not require signing in."), h("p", null, h("a", { href: next }, "Continue"))) };
  }

  const error = h("div", { id: "login-error", "aria-live": "polite" });
  const username = h("input", { id: "login-username", type: "text", name: "username", required: true, autocomplete: "username", autocapitalize: "off", spellcheck: "false" });
  const password = h("input", { id: "login-password", type: "password", name: "password", required: true, autocomplete: "current-password" });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h("form", { class: "login-form", "aria-describedby": "login-error", onsubmit: async (e: Event) => {
    e.preventDefault();
    error.replaceChildren();
    submit.disabled = true;
    try {
      const { json } = await send("POST", LOGIN, JSON.stringify({ username: username.value.trim(), password: password.value }),
        { "Content-Type": "application/json" });
      const reply = json as { user?: SessionUser; csrf_token?: string };
      password.value = "";
      setSession({ authEnabled: true, user: reply.user, csrf: reply.csrf_token });
      navigate(next, true);
    } catch (err) {
      const message = err instanceof ApiError && err.status === 401 ? "Wrong user name or password." : err instanceof Error ? err.message : String(err);
      error.replaceChildren(errorBox(message));
      password.select();
    } finally {
      submit.disabled = false;
    }
  } },
  h("div", { class: "field" }, h("label", { for: "login-username" }, "User name"), username),
  h("div", { class: "field" }, h("label", { for: "login-password" }, "Password"), password),
  submit);

  const element = h("section", { class: "login" }, h("h1", { tabindex: -1 }, "Sign in to Argus"), form, error,
    h("p", { class: "muted" }, "Scripts and MLflow clients use MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or an API token (",
      h("code", null, "argus tokens create"), ") as MLFLOW_TRACKING_TOKEN."));
  return { title: "Sign in", element, mounted: () => username.focus() };
}

/** A link to the login page that comes back to the current page. */
export function loginHref(): string {
  return href(["login"], { next: location.hash || undefined });
}
