/** The shapes a local run reports: per-step status and the run's summary. */
import type { Json, JsonObject } from './definition.js';

export type StepStatus = 'waiting' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/** One data location a step read or wrote, for reports. */
export interface StepIo {
  name: string;
  uri: string;
}

export interface StepReport {
  name: string;
  type: string;
  status: StepStatus;
  /** Steps it waited for. */
  after: string[];
  startedAt?: string;
  durationMs?: number;
  /** Why it failed, or why it was skipped. */
  message?: string;
  /** `.sagewire/runs/<execution>/<step>/log.txt`, for steps that ran a process. */
  logPath?: string;
  inputs: StepIo[];
  outputs: StepIo[];
  /** The describe-shaped record other steps' Gets read (absent until the step finished). */
  record?: JsonObject;
  /** What the step's process printed on stdout (a script's result lines). */
  result?: string;
  /** Last lines of the log (kept in the report page). */
  logTail?: string;
}

export interface RunSummary {
  executionId: string;
  executionArn: string;
  pipelineName: string;
  status: 'Succeeded' | 'Failed';
  startedAt: string;
  durationMs: number;
  parameters: Record<string, Json>;
  /** `.sagewire/runs/<execution>`. */
  runDir: string;
  /** Where the objects live: a folder or an endpoint. */
  store: string;
  steps: StepReport[];
  edges: { from: string; to: string; kind: 'data' | 'depends-on' | 'branch' }[];
}

/** A progress event: a step changed status. */
export interface StepEvent {
  step: string;
  type: string;
  status: StepStatus;
  durationMs?: number;
  message?: string;
  logPath?: string;
}
