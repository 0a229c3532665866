/** Names, ARNs and failure messages shared by the step executors. */
import { LocalRunError } from '../../errors.js';
import type { StepContext, ExecutionInfo } from '../step-context.js';
import type { ProcessOutcome } from '../spawn-step.js';

/** A SageMaker-like job name: `pipelines-<execution id>-<step>`, at most 63 characters. */
export function jobName(exec: ExecutionInfo, step: string): string {
  return `pipelines-${exec.id}-${step}`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63);
}

/** An ARN in the pseudo-account the local runner uses. */
export function localArn(resource: string, name: string): string {
  return `arn:aws:sagemaker:local:000000000000:${resource}/${name.toLowerCase()}`;
}

export function processFailure(ctx: StepContext, r: ProcessOutcome, maxSeconds?: number): LocalRunError {
  const why = r.overBound
    ? `wrote more than /opt/ml may hold (${r.overBound.usedBytes} bytes used, the bound is ${r.overBound.limitBytes}: limits.mlBytes) and was stopped`
    : r.timedOut
    ? `ran longer than its MaxRuntimeInSeconds (${maxSeconds} s) and was stopped`
    : r.signal
      ? `was killed by ${r.signal}`
      : `exited with code ${r.exitCode}`;
  return new LocalRunError(`step ${ctx.step.name}: the command ${why}; its log is ${ctx.logPath}`);
}
