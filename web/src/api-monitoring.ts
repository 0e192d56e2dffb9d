// Monitoring and alert calls: monitored models are the experiments named monitoring/<model> that `argus monitor`
// writes (one run per window), alerts come from Argus's Alertmanager receiver under /api/v1/alerts.
import { api, query, request, type Experiment, type Run } from "./api";

export const MONITORING_PREFIX = "monitoring/";
export const WINDOW_START_TAG = "argus.monitor.window_start";
export const WINDOW_END_TAG = "argus.monitor.window_end";
export const MODEL_VERSION_TAG = "argus.monitor.model_version";

export interface Alert {
  id: number;
  fingerprint: string;
  status: "firing" | "resolved" | string;
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: string;
  ends_at?: string;
  generator_url?: string;
  receiver?: string;
  received_at: string;
}

export interface AlertPage { alerts?: Alert[]; next_page_token?: string }

/** One window run, with what the pages show already picked out of its tags and metrics. */
export interface MonitorWindow {
  run: Run;
  start: string;
  end: string;
  metrics: Map<string, number>;
}

export interface SuiteTest { name: string; metric: string; status: string; value?: number | null; threshold?: number | null; description?: string }
export interface SuiteResult { tests?: SuiteTest[]; summary?: { total: number; success: number; fail: number; warning: number; error: number } }

/** Every experiment named monitoring/<model> (LIKE's "_" and "%" are not in the prefix, so the filter is exact). */
export async function monitoredModels(): Promise<Experiment[]> {
  const all: Experiment[] = [];
  let token: string | undefined;
  do {
    const page = await api.searchExperiments({ filter: `name LIKE '${MONITORING_PREFIX}%'`, max_results: 1000, order_by: ["name ASC"], page_token: token });
    all.push(...(page.experiments ?? []).filter(e => e.name.startsWith(MONITORING_PREFIX)));
    token = page.next_page_token;
  } while (token && all.length < 5000);
  return all;
}

export function modelOf(experiment: Experiment): string {
  return experiment.name.slice(MONITORING_PREFIX.length);
}

export async function monitoringExperiment(model: string): Promise<Experiment | undefined> {
  const page = await api.searchExperiments({ filter: `name = '${(MONITORING_PREFIX + model).replace(/'/g, "''")}'`, max_results: 1 });
  return page.experiments?.find(e => e.name === MONITORING_PREFIX + model);
}

/**
 * The finished window runs of an experiment, oldest window first (by the window_start tag, not the run's start: one
 * monitor pass records many windows within a second). A window recomputed after a crash leaves a FAILED run behind;
 * only FINISHED runs are windows.
 */
export async function windows(experimentId: string, limit = 2000): Promise<MonitorWindow[]> {
  const runs: Run[] = [];
  let token: string | undefined;
  do {
    const page = await api.searchRuns({ experiment_ids: [experimentId], max_results: 1000, order_by: ["attributes.start_time DESC"], page_token: token });
    runs.push(...(page.runs ?? []));
    token = page.next_page_token;
  } while (token && runs.length < limit);
  return runs
    .filter(r => r.info.status === "FINISHED")
    .map(run => {
      const tag = (k: string): string => run.data.tags?.find(t => t.key === k)?.value ?? "";
      return { run, start: tag(WINDOW_START_TAG), end: tag(WINDOW_END_TAG), metrics: new Map((run.data.metrics ?? []).map(m => [m.key, Number(m.value)])) };
    })
    .filter(w => w.start !== "")
    .sort((a, b) => a.start.localeCompare(b.start));
}

export async function reportTests(runId: string): Promise<SuiteResult | undefined> {
  const { text } = await api.artifactText(runId, "report.json", 20_000_000);
  const report = JSON.parse(text) as { tests?: SuiteResult };
  return report.tests;
}

export function searchAlerts(params: { status?: string; alertname?: string; labels?: string[]; max_results: number; page_token?: string }): Promise<AlertPage> {
  const q = new URLSearchParams(query({ status: params.status, alertname: params.alertname, max_results: params.max_results, page_token: params.page_token }));
  for (const label of params.labels ?? []) q.append("label", label);
  return request("GET", `/api/v1/alerts?${q.toString()}`);
}
