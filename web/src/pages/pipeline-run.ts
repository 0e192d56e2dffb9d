import { ApiError } from "../api";
import { getPipelineRun, stepLog, type PipelineRun, type StepRun } from "../api-pipelines";
import type { DagChart } from "../chart-dag";
import { layout } from "../dag-layout";
import { errorBox, formatDuration, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import type { View } from "../view";
import { stateBadge, triggerText } from "./pipelines";

const POLL_MS = 2000;

/**
 * One pipeline run: its facts, the DAG coloured by step state (a list of the same steps for screen readers), the steps
 * table, and the chosen step's log (?step=NAME). While the run is running the page asks again every two seconds.
 */
export async function pipelineRunPage(runId: string, params: URLSearchParams): Promise<View> {
  let run = await getPipelineRun(runId);
  const steps = (): StepRun[] => run.steps ?? [];
  // Chosen once: a running run's default step moves on, the log shown does not.
  const chosen = params.get("step") || defaultStep(steps());
  const selected = (): string | undefined => chosen;

  const factsBox = h("div", { "data-testid": "run-facts" });
  const dagBox = h("div", { class: "chart dag", "data-testid": "dag", role: "img" });
  const nodesList = h("ul", { class: "sr-only", "data-testid": "dag-nodes", "aria-label": "Steps of the graph and their states" });
  const stepsBox = h("div", { class: "scroll" });
  const logPre = h("pre", { class: "log", "data-testid": "step-log", tabindex: 0, "aria-label": "Step log" });
  const logStatus = h("p", { class: "muted", "data-testid": "log-status", "aria-live": "polite" });
  const logError = h("div", { id: "log-error" });
  const pollStatus = h("p", { class: "muted", "aria-live": "polite", "data-testid": "poll-status" });
  const pollError = h("div");

  let dag: DagChart | undefined;
  let timer: number | undefined;
  let disposed = false;
  let lastLog: string | undefined;

  const renderRun = (): void => {
    factsBox.replaceChildren(facts(run));
    const { placed } = layout(steps());
    dagBox.setAttribute("aria-label", `The steps as a graph, ${steps().length} steps coloured by state; the list below and the steps table hold the same.`);
    nodesList.replaceChildren(...placed.map(p => h("li", { "data-step": p.step.step, "data-state": p.step.state },
      `${p.step.step}: ${p.step.state}${(p.step.needs ?? []).length ? ` (needs ${(p.step.needs ?? []).join(", ")})` : ""}`)));
    // The steps table is rebuilt; the step button that had focus gets it back.
    const focused = document.activeElement instanceof HTMLElement && stepsBox.contains(document.activeElement) ? document.activeElement.id : "";
    stepsBox.replaceChildren(stepsTable(steps(), selected()));
    if (focused) document.getElementById(focused)?.focus();
    dag?.update(steps(), selected());
    pollStatus.textContent = run.state === "running" ? `Running: updated every ${POLL_MS / 1000} s.` : "";
  };

  const loadLog = async (): Promise<void> => {
    const step = selected();
    if (!step) return;
    if (!steps().some(s => s.step === step)) {
      logError.replaceChildren(errorBox(`This run has no step named “${step}”.`));
      return;
    }
    try {
      const text = await stepLog(run.run_id, step);
      if (disposed) return;
      logError.replaceChildren();
      if (text === lastLog) return;
      // Keep the tail in view, unless the reader scrolled up to read something.
      const atEnd = lastLog === undefined || logPre.scrollTop + logPre.clientHeight >= logPre.scrollHeight - 24;
      lastLog = text;
      logPre.textContent = text;
      logStatus.textContent = text.length === 0 ? "This step has written nothing yet." : `${text.split("\n").length} lines.`;
      if (atEnd) logPre.scrollTop = logPre.scrollHeight;
    } catch (e) {
      if (!disposed) logError.replaceChildren(errorBox(e instanceof Error ? e.message : String(e)));
    }
  };

  const refresh = async (): Promise<void> => {
    try {
      const next = await getPipelineRun(run.run_id);
      if (disposed) return;
      pollError.replaceChildren();
      run = next;
      renderRun();
    } catch (e) {
      if (!disposed) pollError.replaceChildren(errorBox(e instanceof ApiError ? e.message : String(e)));
    }
    await loadLog();
  };

  const poll = (): void => {
    timer = window.setTimeout(() => {
      void refresh().then(() => {
        if (!disposed && run.state === "running") poll(); else timer = undefined;
      });
    }, POLL_MS);
  };

  const selectedStep = chosen;
  const element = h("section", { class: "pipeline-run" },
    h("p", { class: "crumbs" }, h("a", { href: href(["pipelines"]) }, "Pipelines"), " / ",
      h("a", { href: href(["pipelines"], { pipeline: run.pipeline }) }, run.pipeline), " / "),
    h("h1", { tabindex: -1 }, `Run ${run.run_id}`),
    pollStatus, pollError,
    factsBox,
    h("h2", { id: "dag-heading" }, "Steps"),
    steps().length === 0 ? h("p", { class: "empty" }, "This run records no steps.") : [
      dagBox, nodesList,
      h("p", { class: "muted note" }, "Select a step in the graph or in the table to see its log."),
      stepsBox,
    ],
    h("section", { "aria-labelledby": "log-heading" },
      h("div", { class: "toolbar" },
        h("h2", { id: "log-heading" }, selectedStep ? `Log of ${selectedStep}` : "Log"),
        selectedStep ? h("button", { type: "button", class: "secondary", "data-testid": "refresh-log", onclick: () => { void refresh(); } }, "Refresh") : null),
      selectedStep ? [logError, logStatus, logPre] : h("p", { class: "empty" }, "No step to show.")),
    h("details", { class: "definition" },
      h("summary", null, "Definition"),
      h("pre", { class: "log", "data-testid": "definition", tabindex: 0, "aria-label": "Pipeline definition (YAML)" }, run.definition)));
  renderRun();

  return {
    title: `${run.pipeline} · run ${run.run_id.slice(0, 12)}`,
    element,
    mounted: () => {
      if (steps().length > 0) {
        void import("../chart-dag").then(c => {
          if (!disposed) dag = c.drawDag(dagBox, steps(), selected(), step => updateParams({ step }));
        });
      }
      void loadLog();
      if (run.state === "running") poll();
    },
    dispose: () => {
      disposed = true;
      if (timer !== undefined) window.clearTimeout(timer);
      dag?.dispose();
    },
  };
}

/** With no step chosen: the failed one, else the running one, else the last that started, else the first. */
function defaultStep(steps: StepRun[]): string | undefined {
  return (steps.find(s => s.state === "failed") ?? steps.find(s => s.state === "running")
    ?? [...steps].reverse().find(s => s.start_time) ?? steps[0])?.step;
}

function facts(run: PipelineRun): HTMLElement {
  const params = Object.entries(run.parameters ?? {});
  const row = (label: string, value: Node | string, testId?: string): HTMLElement[] =>
    [h("dt", null, label), h("dd", testId ? { "data-testid": testId } : null, value)];
  return h("dl", { class: "facts" },
    row("Pipeline", h("a", { href: href(["pipelines"], { pipeline: run.pipeline }) }, run.pipeline)),
    row("State", stateBadge(run.state), "run-state"),
    row("Trigger", run.trigger === "schedule" && run.scheduled_for
      ? h("span", null, "schedule, for ", formatTime(run.scheduled_for)) : triggerText(run)),
    row("Owner", run.owner),
    row("Started", formatTime(run.start_time)),
    run.end_time
      ? row("Ended", `${formatTime(run.end_time)} (${formatDuration(run.start_time, run.end_time)})`)
      : row("Heartbeat", `${formatTime(run.heartbeat)}`),
    run.message ? row("Message", h("span", { class: "wrap" }, run.message), "run-message") : [],
    params.length === 0 ? [] : row("Parameters", h("ul", { class: "chips" }, params.map(([k, v]) => h("li", { class: "chip" }, `${k}=${v}`)))));
}

function stepsTable(steps: StepRun[], selected: string | undefined): HTMLElement {
  return h("table", { class: "grid", "data-testid": "steps" },
    h("caption", { class: "sr-only" }, "Steps of this run, in run order"),
    h("thead", null, h("tr", null, ["Step", "Kind", "State", "Attempts", "Started", "Duration", "Outputs", "Error"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", null, steps.map(s => {
      const current = s.step === selected;
      return h("tr", { "data-step": s.step, "data-state": s.state, class: `${current ? "current" : ""} step-${s.state}`.trim() },
        h("th", { scope: "row" }, h("button", {
          type: "button", class: "link", id: `step-${s.step}`, "aria-current": current ? "true" : undefined,
          "aria-label": `${s.step}: show its log`, onclick: () => updateParams({ step: s.step }),
        }, s.step)),
        h("td", null, s.kind),
        h("td", null, stateBadge(s.state)),
        h("td", { class: "num" }, String(s.attempts ?? 0)),
        h("td", { class: "nowrap" }, formatTime(s.start_time)),
        h("td", { class: "nowrap" }, s.start_time && !s.end_time && s.state === "running" ? h("span", { class: "muted" }, "running") : formatDuration(s.start_time, s.end_time)),
        h("td", { class: "outputs-cell" }, outputs(s.outputs)),
        h("td", { class: "wrap" }, s.error ? h("span", { class: "step-error", "data-testid": "step-error" }, s.error) : ""));
    })));
}

function outputs(values: Record<string, string> | undefined): Node | string {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return "";
  return h("dl", { class: "facts small outputs" }, entries.flatMap(([k, v]) => [h("dt", null, k), h("dd", { class: "mono" }, v)]));
}
