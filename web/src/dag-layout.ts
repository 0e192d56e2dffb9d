// Where each step of a pipeline run sits in its graph: layer = longest path from a root; within a layer, steps keep
// their run order. Used by the graph (chart-dag) and by the text list of it that screen readers get.
import type { StepRun } from "./api-pipelines";

export interface Placed { step: StepRun; layer: number; row: number }

/**
 * Each step's layer (the longest chain of needs above it; needs naming no step of the run are ignored, and a cycle —
 * which a validated definition cannot have — stops growing after as many rounds as there are steps) and its row in
 * that layer.
 */
export function layout(steps: StepRun[]): { placed: Placed[]; layers: number; rows: number } {
  const known = new Set(steps.map(s => s.step));
  const layer = new Map(steps.map(s => [s.step, 0]));
  for (let round = 0; round < steps.length; round++) {
    let changed = false;
    for (const s of steps) {
      for (const need of s.needs ?? []) {
        if (!known.has(need) || need === s.step) continue;
        const next = (layer.get(need) ?? 0) + 1;
        if (next > (layer.get(s.step) ?? 0)) { layer.set(s.step, next); changed = true; }
      }
    }
    if (!changed) break;
  }
  const counts = new Map<number, number>();
  const placed = steps.map(step => {
    const l = layer.get(step.step) ?? 0;
    const row = counts.get(l) ?? 0;
    counts.set(l, row + 1);
    return { step, layer: l, row };
  });
  return { placed, layers: Math.max(0, ...counts.keys()) + 1, rows: Math.max(1, ...counts.values()) };
}
