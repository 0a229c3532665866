/** StartPipelineExecution with parameter overrides. */
import { StartPipelineExecutionCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AwsError } from '../errors.js';
import { awsCall } from '../store/aws-errors.js';
import type { ParameterOverride } from './parameters.js';

export interface StartOptions {
  parameters?: ParameterOverride[];
  displayName?: string;
  description?: string;
}

/** Starts one execution of `pipelineName` and returns its ARN. */
export async function startExecution(
  client: SageMakerClient,
  pipelineName: string,
  opts: StartOptions = {},
): Promise<string> {
  const res = await awsCall(`start an execution of pipeline ${pipelineName}`, () =>
    client.send(
      new StartPipelineExecutionCommand({
        PipelineName: pipelineName,
        ...(opts.parameters && opts.parameters.length > 0 ? { PipelineParameters: opts.parameters } : {}),
        ...(opts.displayName ? { PipelineExecutionDisplayName: opts.displayName } : {}),
        ...(opts.description ? { PipelineExecutionDescription: opts.description } : {}),
      }),
    ),
  );
  if (!res.PipelineExecutionArn) {
    throw new AwsError(`StartPipelineExecution for ${pipelineName} answered without an execution ARN: check --endpoint-url / AWS_ENDPOINT_URL`);
  }
  return res.PipelineExecutionArn;
}
