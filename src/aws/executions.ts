/**
 * Reading executions back: one execution with its steps (DescribePipelineExecution +
 * ListPipelineExecutionSteps), and the executions of a pipeline (ListPipelineExecutions).
 */
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineExecutionsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { awsCall, isUnsupportedOperation, toAwsError } from '../store/aws-errors.js';

/** Execution statuses after which nothing changes any more. */
export const TERMINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped'] as const;

export function isTerminal(status: string | undefined): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status ?? '');
}

export interface StepReport {
  name: string;
  status: string;
  startTime?: string;
  endTime?: string;
  failureReason?: string;
}

export interface ExecutionReport {
  arn: string;
  pipelineArn?: string;
  displayName?: string;
  status: string;
  failureReason?: string;
  startTime?: string;
  lastModifiedTime?: string;
  /** In start order. `undefined` when the endpoint cannot list steps (see `stepsUnavailable`). */
  steps?: StepReport[];
  /** Why steps are missing: the endpoint does not implement ListPipelineExecutionSteps. */
  stepsUnavailable?: string;
}

export interface ExecutionSummary {
  arn: string;
  status: string;
  displayName?: string;
  startTime?: string;
  failureReason?: string;
}

const iso = (d: Date | undefined) => (d instanceof Date ? d.toISOString() : undefined);
const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== 'None')) as T;

/** Every step of an execution, oldest first. Throws the AwsError of the call. */
export async function listExecutionSteps(client: SageMakerClient, arn: string): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  let token: string | undefined;
  do {
    const res = await client.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending', NextToken: token }),
    );
    for (const s of res.PipelineExecutionSteps ?? []) {
      steps.push(
        clean({
          name: s.StepName ?? '?',
          status: s.StepStatus ?? 'Unknown',
          startTime: iso(s.StartTime),
          endTime: iso(s.EndTime),
          failureReason: s.FailureReason,
        }),
      );
    }
    token = res.NextToken;
  } while (token);
  return steps;
}

/**
 * One execution and its steps. When the endpoint does not implement the step listing (moto
 * does not), the report says so in `stepsUnavailable` instead of failing: the execution
 * status is what decides success.
 */
export async function describeExecution(client: SageMakerClient, arn: string): Promise<ExecutionReport> {
  const res = await awsCall(`describe execution ${arn}`, () =>
    client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })),
  );
  const report: ExecutionReport = clean({
    arn: res.PipelineExecutionArn ?? arn,
    pipelineArn: res.PipelineArn,
    displayName: res.PipelineExecutionDisplayName,
    status: res.PipelineExecutionStatus ?? 'Unknown',
    failureReason: res.FailureReason,
    startTime: iso(res.CreationTime),
    lastModifiedTime: iso(res.LastModifiedTime),
  });
  try {
    report.steps = await listExecutionSteps(client, arn);
  } catch (err) {
    if (!isUnsupportedOperation(err)) throw toAwsError(err, `list the steps of execution ${arn}`);
    report.stepsUnavailable = 'the endpoint does not implement ListPipelineExecutionSteps';
  }
  return report;
}

/** The executions of a pipeline, newest first, at most `max` (default 50). */
export async function listExecutions(
  client: SageMakerClient,
  pipelineName: string,
  opts: { max?: number } = {},
): Promise<ExecutionSummary[]> {
  const max = opts.max ?? 50;
  const out: ExecutionSummary[] = [];
  let token: string | undefined;
  do {
    const res = await awsCall(`list the executions of pipeline ${pipelineName}`, () =>
      client.send(
        new ListPipelineExecutionsCommand({
          PipelineName: pipelineName,
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          MaxResults: Math.min(100, max - out.length),
          NextToken: token,
        }),
      ),
    );
    for (const e of res.PipelineExecutionSummaries ?? []) {
      out.push(
        clean({
          arn: e.PipelineExecutionArn ?? '?',
          status: e.PipelineExecutionStatus ?? 'Unknown',
          displayName: e.PipelineExecutionDisplayName,
          startTime: iso(e.StartTime),
          failureReason: e.PipelineExecutionFailureReason,
        }),
      );
    }
    token = res.NextToken;
  } while (token && out.length < max);
  return out.slice(0, max);
}
