import { ApiError } from "../api";
import { listSchedules, RUN_STATES, searchPipelineRuns, type PipelineRun, type PipelineSchedule } from "../api-pipelines";
import { errorBox, formatDuration, formatTime, h } from "../dom";
import { href, updateParams } from "../router";
import { pager, pageSize, tokenStack } from "../paging";
import type { View } from "../view";

// How many of the newest runs name the pipelines that have no schedule.
const RECENT = 100;

/** The pipelines known (scheduled or run lately) with their schedule and last run; below, all runs filtered and paged. */
export async function pipelinesPage(params: URLSearchParams): Promise<View> {
  const pipeline = params.get("pipeline") ?? "";
  const state = params.get("state") ?? "";

  const [schedules, recent] = await Promise.all([listSchedules(), searchPipelineRuns({ max_results: RECENT })]);
  const recentRuns = recent.runs ?? [];
  const names = [...new Set([...schedules.map(s => s.pipeline), ...recentRuns.map(r => r.pipeline)])].sort((a, b) => a.localeCompare(b));
  // A scheduled pipeline not among the newest runs is asked for its own last run.
  const lastRuns = new Map<string, PipelineRun>();
  for (const r of recentRuns) if (!lastRuns.has(r.pipeline)) lastRuns.set(r.pipeline, r);
  await Promise.all(names.filter(n => !lastRuns.has(n) && recent.next_page_token).map(async n => {
    const last = (await searchPipelineRuns({ pipeline: n, max_results: 1 })).runs?.[0];
    if (last) lastRuns.set(n, last);
  }));

  let runs: PipelineRun[] = [];
  let nextToken: string | undefined;
  let searchError: string | undefined;
  try {
    const reply = await searchPipelineRuns({ pipeline: pipeline || undefined, state: state || undefined, max_results: pageSize(params, 25), page_token: tokenStack(params).at(-1) });
    runs = reply.runs ?? [];
    nextToken = reply.next_page_token;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    searchError = e.message;
  }

  const byName = new Map(schedules.map(s => [s.pipeline, s]));
  const pipelineTable = names.length === 0
    ? h("p", { class: "empty" }, "No pipeline has a schedule or a run yet.")
    : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "pipelines" },
      h("caption", { class: "sr-only" }, "Pipelines, their schedules and last runs"),
      h("thead", null, h("tr", null, ["Pipeline", "Schedule", "Last tick", "Last run", "Runs"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", null, names.map(n => pipelineRow(n, byName.get(n), lastRuns.get(n))))));

  const pipelineSelect = h("select", { id: "run-pipeline", name: "pipeline", onchange: () => updateParams({ pipeline: pipelineSelect.value, pages: undefined }) },
    h("option", { value: "", selected: pipeline === "" }, "All pipelines"),
    // A pipeline named in the URL but not known here stays choosable, so the filter shown is the filter applied.
    [...new Set([...names, ...(pipeline ? [pipeline] : [])])].map(n => h("option", { value: n, selected: n === pipeline }, n)));
  const stateSelect = h("select", { id: "run-state", name: "state", "aria-describedby": "runs-error", "aria-invalid": searchError ? "true" : undefined,
    onchange: () => updateParams({ state: stateSelect.value, pages: undefined }) },
  h("option", { value: "", selected: state === "" }, "Any state"),
  [...new Set([...RUN_STATES, ...(state ? [state] : [])])].map(s => h("option", { value: s, selected: s === state }, s)));
  const filters = h("div", { class: "toolbar filters" },
    h("span", { class: "field" }, h("label", { for: "run-pipeline" }, "Pipeline"), pipelineSelect),
    h("span", { class: "field" }, h("label", { for: "run-state" }, "State"), stateSelect),
    pipeline || state ? h("button", { type: "button", class: "secondary", onclick: () => updateParams({ pipeline: undefined, state: undefined, pages: undefined }) }, "Clear filters") : null);

  const runsTable = runs.length === 0
    ? h("p", { class: "empty", "data-testid": "no-runs" }, pipeline || state ? "No run matches these filters." : "No pipeline run yet.")
    : h("div", { class: "scroll" }, h("table", { class: "grid", "data-testid": "pipeline-runs" },
      h("caption", { class: "sr-only" }, "Pipeline runs, newest first"),
      h("thead", null, h("tr", null, ["Run", "Pipeline", "State", "Trigger", "Started", "Duration", "Message"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", null, runs.map(runRow))));

  return {
    title: "Pipelines",
    element: h("section", { class: "pipelines" },
      h("h1", { tabindex: -1 }, "Pipelines"),
      h("p", { class: "muted" }, "Each run executes the steps of its pipeline's definition in dependency order."),
      pipelineTable,
      h("h2", { id: "runs-heading" }, "Runs"),
      filters,
      h("div", { id: "runs-error" }, searchError ? errorBox(searchError) : null),
      runsTable,
      pager(params, nextToken, "Pipeline run pages")),
  };
}

function pipelineRow(name: string, schedule: PipelineSchedule | undefined, last: PipelineRun | undefined): HTMLElement {
  return h("tr", { "data-pipeline": name },
    h("th", { scope: "row", class: "wrap" }, name),
    h("td", null, schedule
      ? h("span", { "data-testid": "schedule" }, h("code", null, schedule.cron), " ", h("span", { class: "muted" }, schedule.time_zone),
        schedule.enabled ? null : [" ", h("span", { class: "status" }, "disabled")])
      : h("span", { class: "muted" }, "not scheduled")),
    h("td", { class: "nowrap" }, schedule ? formatTime(schedule.last_tick) : "—"),
    h("td", null, last
      ? h("span", { class: "nowrap" }, stateBadge(last.state), " ", h("a", { href: href(["pipelines", "runs", last.run_id]) }, formatTime(last.start_time)))
      : h("span", { class: "muted" }, "never run")),
    h("td", null, h("a", { href: href(["pipelines"], { pipeline: name }), "aria-label": `Runs of ${name}` }, "Runs")));
}

function runRow(run: PipelineRun): HTMLElement {
  return h("tr", { "data-run-id": run.run_id, "data-pipeline": run.pipeline, "data-state": run.state },
    h("td", null, runLink(run.run_id)),
    h("td", { class: "wrap" }, run.pipeline),
    h("td", null, stateBadge(run.state)),
    h("td", null, triggerText(run)),
    h("td", { class: "nowrap" }, formatTime(run.start_time)),
    h("td", { class: "nowrap" }, run.end_time ? formatDuration(run.start_time, run.end_time) : h("span", { class: "muted" }, "running")),
    h("td", { class: "wrap" }, run.message ?? ""));
}

/** A link to a run, showing the start of its id (the whole id is its title and accessible name). */
export function runLink(runId: string): HTMLElement {
  return h("a", { href: href(["pipelines", "runs", runId]), class: "mono", title: runId, "aria-label": `Run ${runId}` }, runId.slice(0, 12));
}

export function stateBadge(state: string): HTMLElement {
  return h("span", { class: `status pstate pstate-${state}`, "data-state": state }, state);
}

export function triggerText(run: PipelineRun): Node | string {
  if (run.trigger === "retry" && run.retry_of) return h("span", null, "retry of ", runLink(run.retry_of));
  if (run.trigger === "schedule" && run.scheduled_for) return h("span", { title: `Scheduled for ${formatTime(run.scheduled_for)}` }, "schedule");
  return run.trigger;
}
