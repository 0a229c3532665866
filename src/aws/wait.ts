/**
 * Polls an execution until it reaches a terminal status, with a growing delay between polls,
 * and reports each status change of the execution and of its steps as it sees it.
 */
import { isTerminal, type ExecutionReport } from './executions.js';

export interface WaitOptions {
  /** First delay between polls. Default 2 s. */
  initialDelayMs?: number;
  /** Largest delay between polls. Default 30 s. */
  maxDelayMs?: number;
  /** Delay growth per poll. Default 1.5. */
  factor?: number;
  /** Give up after this long (the execution keeps running). Default: never. */
  timeoutMs?: number;
  /** Called once per change: "execution Executing", "step Package: Executing -> Succeeded". */
  onChange?: (line: string) => void;
  /** Injected in tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface WaitResult {
  report: ExecutionReport;
  /** False when `timeoutMs` ran out first. */
  finished: boolean;
  polls: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Lines describing what changed between two observations of one execution. */
export function describeChanges(prev: ExecutionReport | undefined, next: ExecutionReport): string[] {
  const lines: string[] = [];
  if (prev?.status !== next.status) {
    lines.push(`execution ${next.status}${next.failureReason && isTerminal(next.status) ? `: ${next.failureReason}` : ''}`);
  }
  const before = new Map((prev?.steps ?? []).map((s) => [s.name, s.status]));
  for (const step of next.steps ?? []) {
    const was = before.get(step.name);
    if (was === step.status) continue;
    const reason = step.failureReason && step.status === 'Failed' ? `: ${step.failureReason}` : '';
    lines.push(`step ${step.name}: ${was ? `${was} -> ` : ''}${step.status}${reason}`);
  }
  if (next.stepsUnavailable && !prev?.stepsUnavailable) lines.push(`step statuses unavailable: ${next.stepsUnavailable}`);
  return lines;
}

export async function waitForExecution(poll: () => Promise<ExecutionReport>, opts: WaitOptions = {}): Promise<WaitResult> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const factor = opts.factor ?? 1.5;
  let delay = opts.initialDelayMs ?? 2_000;
  let waited = 0;
  let polls = 0;
  let prev: ExecutionReport | undefined;
  for (;;) {
    const report = await poll();
    polls += 1;
    for (const line of describeChanges(prev, report)) opts.onChange?.(line);
    prev = report;
    if (isTerminal(report.status)) return { report, finished: true, polls };
    if (opts.timeoutMs !== undefined && waited >= opts.timeoutMs) return { report, finished: false, polls };
    await sleep(delay);
    waited += delay;
    delay = Math.min(maxDelay, Math.round(delay * factor));
  }
}
