// Pipeline runs, step logs and schedules from the server's pipeline store under /api/2.0/argus/pipelines/.
import { ApiError, query, request } from "./api";

const API = "/api/2.0/argus/pipelines";

export type RunState = "running" | "succeeded" | "failed";
export type StepState = "pending" | "running" | "succeeded" | "failed" | "skipped";

export interface StepRun {
  step: string;
  kind: string;
  state: StepState;
  attempts?: number;
  start_time?: number;
  end_time?: number;
  outputs?: Record<string, string>;
  error?: string;
  /** The steps it needs, as the run's definition writes them (omitted when none). */
  needs?: string[];
}

export interface PipelineRun {
  run_id: string;
  pipeline: string;
  state: RunState;
  trigger: "manual" | "schedule" | "retry";
  scheduled_for?: number;
  retry_of?: string;
  start_time: number;
  end_time?: number;
  heartbeat: number;
  owner: string;
  message?: string;
  parameters?: Record<string, string>;
  definition: string;
  steps?: StepRun[];
}

export interface PipelineSchedule {
  pipeline: string;
  cron: string;
  time_zone: string;
  enabled: boolean;
  definition: string;
  parameters?: Record<string, string>;
  created_time?: number;
  last_tick?: number;
}

export const RUN_STATES: RunState[] = ["running", "succeeded", "failed"];
export const STEP_STATES: StepState[] = ["pending", "running", "succeeded", "failed", "skipped"];

export function searchPipelineRuns(params: { pipeline?: string; state?: string; max_results: number; page_token?: string }): Promise<{ runs?: PipelineRun[]; next_page_token?: string }> {
  return request("GET", `${API}/runs/search?${query(params)}`);
}

export async function getPipelineRun(runId: string): Promise<PipelineRun> {
  return (await request<{ run: PipelineRun }>("GET", `${API}/runs/get?${query({ run_id: runId })}`)).run;
}

export async function listSchedules(): Promise<PipelineSchedule[]> {
  return (await request<{ schedules?: PipelineSchedule[] }>("GET", `${API}/schedules/list`)).schedules ?? [];
}

/** A step's whole log (text/plain; empty when it wrote nothing). */
export async function stepLog(runId: string, step: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${API}/runs/log?${query({ run_id: runId, step })}`, { headers: { Accept: "text/plain, application/json", "X-Requested-With": "XMLHttpRequest" } });
  } catch (e) {
    throw new ApiError(0, "NETWORK_ERROR", `Cannot reach the Argus server (${e instanceof Error ? e.message : String(e)}).`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.trim() || `${response.status} ${response.statusText}`;
    let code = `HTTP_${response.status}`;
    try {
      const body = JSON.parse(text) as { error_code?: string; message?: string };
      message = body.message ?? message;
      code = body.error_code ?? code;
    } catch { /* not JSON: the text itself */ }
    throw new ApiError(response.status, code, message);
  }
  return text;
}
