/**
 * What the renderers draw: steps (with their run status when there was a run) and the
 * edges between them. Built from a run plan (`sagewire graph`) or a run summary (`--html`).
 */
import type { RunPlan } from '../local/plan.js';
import { formatDuration } from '../local/progress.js';
import type { RunSummary, StepIo, StepStatus } from '../local/run-types.js';

export interface GraphNode {
  id: string;
  type: string;
  /** Absent for a definition that has not run. */
  status?: StepStatus;
  durationMs?: number;
  /** `durationMs` as the CLI prints it ("931ms", "2.2s", "1m05s"). */
  duration?: string;
  message?: string;
  inputs: StepIo[];
  outputs: StepIo[];
  logPath?: string;
  logTail?: string;
  /** What the step's script printed as its result (e.g. the registered model id), when the log tail does not already show it. */
  result?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'data' | 'depends-on' | 'branch';
}

export interface GraphModel {
  title: string;
  /** A line under the title: execution id, status, duration. */
  subtitle?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The graph of a definition that has not run. */
export function graphFromPlan(plan: RunPlan, title: string): GraphModel {
  return {
    title,
    nodes: plan.steps.map((s) => ({ id: s.name, type: s.type, inputs: [], outputs: [] })),
    edges: plan.edges,
  };
}

/** The graph of a finished run, every step with its status, duration, data and log tail. */
export function graphFromSummary(summary: RunSummary): GraphModel {
  return {
    title: summary.pipelineName,
    subtitle: `execution ${summary.executionId} · ${summary.status} · ${formatDuration(summary.durationMs)} · ${summary.startedAt}`,
    nodes: summary.steps.map((s) => ({
      id: s.name,
      type: s.type,
      status: s.status,
      ...(s.durationMs !== undefined ? { durationMs: s.durationMs, duration: formatDuration(s.durationMs) } : {}),
      ...(s.message ? { message: s.message } : {}),
      inputs: s.inputs,
      outputs: s.outputs,
      ...(s.logPath ? { logPath: s.logPath } : {}),
      ...(s.logTail ? { logTail: s.logTail } : {}),
      // The log holds the script's stdout too: show the result apart only when the tail lacks it.
      ...(s.result && !(s.logTail ?? '').includes(s.result.trim()) ? { result: s.result } : {}),
    })),
    edges: summary.edges,
  };
}
