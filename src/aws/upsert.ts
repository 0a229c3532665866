/**
 * Create-or-update of a pipeline, as the Python SDK's `Pipeline.upsert()` does it: try
 * CreatePipeline; when SageMaker answers ValidationException "Pipeline names must be unique
 * within an AWS account and region ... already exists", UpdatePipeline.
 * One call for a new pipeline, two for an existing one, and no race between a describe and
 * a create.
 */
import {
  CreatePipelineCommand,
  UpdatePipelineCommand,
  type PipelineDefinitionS3Location,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { awsCall, isAlreadyExists, toAwsError } from '../store/aws-errors.js';

export interface UpsertInput {
  name: string;
  roleArn: string;
  /** Exactly one of `body` (inline JSON) and `s3Location`. */
  body?: string;
  s3Location?: PipelineDefinitionS3Location;
  description?: string;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  pipelineArn: string;
}


export async function upsertPipeline(client: SageMakerClient, input: UpsertInput): Promise<UpsertResult> {
  const definition = input.s3Location
    ? { PipelineDefinitionS3Location: input.s3Location }
    : { PipelineDefinition: input.body };
  try {
    const res = await client.send(
      new CreatePipelineCommand({
        PipelineName: input.name,
        RoleArn: input.roleArn,
        ...definition,
        ...(input.description ? { PipelineDescription: input.description } : {}),
      }),
    );
    return { action: 'created', pipelineArn: res.PipelineArn ?? '' };
  } catch (err) {
    if (!isAlreadyExists(err)) {
      throw toAwsError(err, `create pipeline ${input.name}`);
    }
  }
  const res = await awsCall(`update pipeline ${input.name}`, () =>
    client.send(
      new UpdatePipelineCommand({
        PipelineName: input.name,
        RoleArn: input.roleArn,
        ...definition,
        ...(input.description ? { PipelineDescription: input.description } : {}),
      }),
    ),
  );
  return { action: 'updated', pipelineArn: res.PipelineArn ?? '' };
}
