import "./styles.css";
import { ApiError, send, whenUnauthenticated } from "./api";
import { currentSession, loadSession, LOGOUT, onSessionChange, requireLogin, setSession } from "./auth";
import { errorBox, h } from "./dom";
import { currentRoute, href, navigate } from "./router";
import { alertsPage } from "./pages/alerts";
import { comparePage } from "./pages/compare";
import { experimentsPage } from "./pages/experiments";
import { loginHref, loginPage } from "./pages/login";
import { modelPage } from "./pages/model";
import { modelsPage } from "./pages/models";
import { monitoringModelPage, monitoringPage } from "./pages/monitoring";
import { pipelineRunPage } from "./pages/pipeline-run";
import { pipelinesPage } from "./pages/pipelines";
import { predictPage } from "./pages/predict";
import { runPage } from "./pages/run";
import { runsPage } from "./pages/runs";
import type { View } from "./view";

const main = document.getElementById("main") as HTMLElement;
let current: View | undefined;
let renderSeq = 0;
let lastPath = "";

async function render(): Promise<void> {
  const seq = ++renderSeq;
  const route = currentRoute();
  const [first, second] = route.segments;
  const path = route.segments.join("/");
  let view: View;
  try {
    if (first === "login") {
      view = loginPage(route.params);
    } else if (currentSession().authEnabled && !currentSession().user) {
      // Every page needs a signed-in user: sign in first, then come back here.
      requireLogin();
      return;
    } else if (first === undefined) {
      navigate(href(["experiments"]), true);
      return;
    } else if (first === "experiments" && second === undefined) {
      view = await experimentsPage(route.params);
    } else if (first === "experiments" && second !== undefined) {
      view = await runsPage(second, route.params);
    } else if (first === "compare" && second === undefined) {
      view = await comparePage(route.params);
    } else if (first === "runs" && second !== undefined) {
      view = await runPage(second, route.params);
    } else if (first === "models" && second === undefined) {
      view = await modelsPage(route.params);
    } else if (first === "models" && second !== undefined) {
      view = await modelPage(second, route.params);
    } else if (first === "monitoring") {
      // A model name may hold "/", so the rest of the path is the model.
      view = second === undefined ? await monitoringPage() : await monitoringModelPage(route.segments.slice(1).join("/"), route.params);
    } else if (first === "predict" && second !== undefined) {
      // As for monitoring, the rest of the path is the model.
      view = await predictPage(route.segments.slice(1).join("/"), route.params);
    } else if (first === "pipelines" && second === undefined) {
      view = await pipelinesPage(route.params);
    } else if (first === "pipelines" && second === "runs" && route.segments[2] !== undefined && route.segments.length === 3) {
      view = await pipelineRunPage(route.segments[2], route.params);
    } else if (first === "alerts") {
      view = await alertsPage(route.params);
    } else {
      view = { title: "Not found", element: h("section", null, h("h1", { tabindex: -1 }, "Page not found"),
        h("p", null, h("a", { href: href(["experiments"]) }, "Go to experiments"))) };
    }
  } catch (e) {
    view = { title: "Error", element: h("section", null, h("h1", { tabindex: -1 }, "Could not load this page"),
      errorBox(e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e)),
      h("p", null, h("a", { href: href(["experiments"]) }, "Go to experiments"))) };
  }
  if (seq !== renderSeq) {
    view.dispose?.();
    return;
  }

  // Keep keyboard focus on the same control when only the parameters changed (sorting, filtering, paging).
  const focusedId = document.activeElement instanceof HTMLElement && main.contains(document.activeElement) ? document.activeElement.id : "";
  const focusedSort = document.activeElement instanceof HTMLElement ? document.activeElement.dataset["sort"] : undefined;
  current?.dispose?.();
  current = view;
  main.replaceChildren(view.element);
  main.setAttribute("aria-busy", "false");
  document.title = `${view.title} · Argus`;
  if (path !== lastPath) {
    lastPath = path;
    main.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true });
  } else if (focusedSort) {
    main.querySelector<HTMLElement>(`[data-sort="${CSS.escape(focusedSort)}"]`)?.focus();
  } else if (focusedId) {
    document.getElementById(focusedId)?.focus();
  }
  view.mounted?.();
}

// Who is signed in, with a way out, in the top bar (nothing when the server does not require sign-in).
const sessionBox = document.getElementById("session") as HTMLElement;

function renderSession(): void {
  const session = currentSession();
  if (!session.authEnabled) {
    sessionBox.replaceChildren();
  } else if (!session.user) {
    sessionBox.replaceChildren(h("a", { href: loginHref() }, "Sign in"));
  } else {
    sessionBox.replaceChildren(
      h("span", { "data-testid": "signed-in" }, "Signed in as ", h("strong", null, session.user.username)),
      h("button", { type: "button", class: "link", onclick: () => { void signOut(); } }, "Sign out"));
  }
}

async function signOut(): Promise<void> {
  try {
    await send("POST", LOGOUT, "{}", { "Content-Type": "application/json" });
  } catch {
    // The session is gone either way.
  }
  setSession({ authEnabled: true });
  navigate(href(["login"]), true);
}

whenUnauthenticated(requireLogin);
onSessionChange(renderSession);
window.addEventListener("hashchange", () => { void render(); });
void loadSession().then(() => render());
