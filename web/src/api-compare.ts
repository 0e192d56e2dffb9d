// API calls of the Compare runs page, built on the shared helpers in api.ts (errors arrive as ApiError).
import { api, metricHistory, type Metric, type Run } from "./api";

/** Runs, in the order of the ids; the first failure (a missing run, say) rejects with the server's message. */
export function getRuns(ids: string[]): Promise<Run[]> {
  return Promise.all(ids.map(id => api.getRun(id).then(r => r.run)));
}

/** One metric's (downsampled) history for each run; a run without the metric gets an empty list. */
export function metricHistories(runs: Run[], key: string, maxPoints: number): Promise<Metric[][]> {
  return Promise.all(runs.map(async run => {
    if (!(run.data.metrics ?? []).some(m => m.key === key)) return [];
    const points = await metricHistory(run.info.run_id, key, maxPoints);
    return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }));
}
