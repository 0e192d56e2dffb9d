// Typed fetch wrappers for the MLflow-compatible REST API. Every failure becomes an ApiError whose message is the
// server's own (MLflow's {"error_code","message"} body) so pages can show it as is.

import { csrfHeaders, LOGIN } from "./auth";

export interface KeyValue { key: string; value: string }
export interface Metric { key: string; value: number; timestamp: number; step: number }

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: KeyValue[];
}

export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  status: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
  user_id?: string;
}

export interface Dataset { name?: string; digest?: string; source_type?: string; source?: string; schema?: string; profile?: string }
export interface DatasetInput { tags?: KeyValue[]; dataset?: Dataset }

export interface Run {
  info: RunInfo;
  data: { metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: DatasetInput[] };
}

export interface FileInfo { path: string; is_dir?: boolean; file_size?: number }

export class ApiError extends Error {
  public constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

const API = "/api/2.0/mlflow";

/**
 * Runs when the server answers 401 to anything but the sign-in itself: the session ended (or there never was one), so
 * the app goes to its login page. Set by main.ts.
 */
let onUnauthenticated: () => void = () => { /* until main.ts sets it */ };

export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<T>(method: "GET" | "POST", path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  const { json } = await send(method, path, body === undefined ? null : JSON.stringify(body),
    { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...extraHeaders });
  return (json ?? {}) as T;
}

/**
 * Sends a request and reads the answer as JSON when it parses; a failed request (no server, or an error status) becomes an
 * ApiError carrying the server's own message.
 */
export async function send(method: "GET" | "POST", path: string, body: string | null, headers: Record<string, string>): Promise<{ response: Response; json: unknown }> {
  let response: Response;
  try {
    // X-Requested-With keeps the server from challenging with WWW-Authenticate, which would open the browser's own
    // password prompt; changes carry the session's CSRF token.
    response = await fetch(path, { method, headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", ...csrfHeaders(method), ...headers }, body });
  } catch (e) {
    throw new ApiError(0, "NETWORK_ERROR", `Cannot reach the Argus server (${e instanceof Error ? e.message : String(e)}).`);
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (response.status === 401 && !path.startsWith(LOGIN)) onUnauthenticated();
  if (!response.ok) {
    const error = (json ?? {}) as { error_code?: string; message?: string };
    throw new ApiError(response.status, error.error_code ?? `HTTP_${response.status}`,
      error.message ?? (text.trim() || `${response.status} ${response.statusText}`));
  }
  return { response, json };
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  return q.toString();
}

export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
export interface ExperimentPage { experiments?: Experiment[]; next_page_token?: string }
export interface RunPage { runs?: Run[]; next_page_token?: string }

export const api = {
  searchExperiments(body: { filter?: string; max_results: number; order_by?: string[]; page_token?: string; view_type?: ViewType }): Promise<ExperimentPage> {
    return request("POST", `${API}/experiments/search`, body);
  },
  getExperiment(id: string): Promise<{ experiment: Experiment }> {
    return request("GET", `${API}/experiments/get?${query({ experiment_id: id })}`);
  },
  createExperiment(name: string): Promise<{ experiment_id: string }> {
    return request("POST", `${API}/experiments/create`, { name });
  },
  renameExperiment(id: string, newName: string): Promise<unknown> {
    return request("POST", `${API}/experiments/update`, { experiment_id: id, new_name: newName });
  },
  deleteExperiment(id: string): Promise<unknown> {
    return request("POST", `${API}/experiments/delete`, { experiment_id: id });
  },
  restoreExperiment(id: string): Promise<unknown> {
    return request("POST", `${API}/experiments/restore`, { experiment_id: id });
  },
  searchRuns(body: { experiment_ids: string[]; filter?: string; max_results: number; order_by?: string[]; page_token?: string }): Promise<RunPage> {
    return request("POST", `${API}/runs/search`, body);
  },
  getRun(id: string): Promise<{ run: Run }> {
    return request("GET", `${API}/runs/get?${query({ run_id: id })}`);
  },
  listArtifacts(runId: string, path?: string): Promise<{ root_uri?: string; files?: FileInfo[] }> {
    return request("GET", `${API}/artifacts/list?${query({ run_id: runId, path })}`);
  },
  artifactUrl(runId: string, path: string): string {
    return `/get-artifact?${query({ run_id: runId, path })}`;
  },
  async artifactText(runId: string, path: string, limit: number): Promise<{ text: string; truncated: boolean }> {
    const response = await fetch(api.artifactUrl(runId, path), { headers: { "X-Requested-With": "XMLHttpRequest" } });
    if (response.status === 401) onUnauthenticated();
    if (!response.ok) {
      const body = await response.text();
      let message = body;
      try { message = (JSON.parse(body) as { message?: string }).message ?? body; } catch { /* not JSON: the text itself */ }
      throw new ApiError(response.status, `HTTP_${response.status}`, message);
    }
    const text = await response.text();
    return text.length > limit ? { text: text.slice(0, limit), truncated: true } : { text, truncated: false };
  },
};

// The downsampled history endpoint is newer than the MLflow one; once a 404 shows this server lacks it, stop asking.
let downsampledMissing = false;

/** A metric's history, at most about maxPoints points when the server can downsample. */
export async function metricHistory(runId: string, key: string, maxPoints: number): Promise<Metric[]> {
  if (!downsampledMissing) {
    try {
      const reply = await request<{ metrics?: Metric[] }>("GET",
        `/api/2.0/argus/metrics/get-history-downsampled?${query({ run_id: runId, metric_key: key, max_points: maxPoints })}`);
      return reply.metrics ?? [];
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404 || e.code === "RESOURCE_DOES_NOT_EXIST") throw e;
      downsampledMissing = true;
    }
  }
  const points: Metric[] = [];
  let token: string | undefined;
  do {
    const reply = await request<{ metrics?: Metric[]; next_page_token?: string }>("GET",
      `${API}/metrics/get-history?${query({ run_id: runId, metric_key: key, max_results: 25000, page_token: token })}`);
    points.push(...(reply.metrics ?? []));
    token = reply.next_page_token;
  } while (token);
  return points;
}
