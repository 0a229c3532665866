/** Deploying to and driving SageMaker Pipelines with the AWS SDK v3. */
export { checkRoleArn, parseExecutionArn, type ExecutionArnParts } from './arns.js';
export { verifyAssetFiles } from './asset-files.js';
export { awsCall, isUnsupportedOperation, toAwsError } from '../store/aws-errors.js';
export { bucketsOf, checkBucket } from './buckets.js';
export { checkCodeReferences, hashedCodeUris } from './code-references.js';
export { createS3Client, createSageMakerClient, DEFAULT_MAX_ATTEMPTS, resolveCallerSetup, resolveEndpoint, type AwsOptions } from './clients.js';
export { deployPipeline, type DeployOptions, type DeployResult } from './deploy.js';
export { readDeployDefinition, type LoadedDefinition } from './definition-file.js';
export { definitionUri, INLINE_DEFINITION_LIMIT, needsS3Location, putDefinition } from './definition-location.js';
export {
  describeExecution,
  isTerminal,
  listExecutions,
  listExecutionSteps,
  TERMINAL_STATUSES,
  type ExecutionReport,
  type ExecutionSummary,
  type StepReport,
} from './executions.js';
export { checkNetworkParameters, definitionParameters, parseParameterOverrides, type DefinitionParameter, type ParameterOverride } from './parameters.js';
export { renderDeploy } from './render-deploy.js';
export { renderExecution } from './render-execution.js';
export { choosePipelineName, isValidPipelineName, PIPELINE_NAME_RULE, sanitizePipelineName } from './pipeline-name.js';
export { startExecution, type StartOptions } from './start.js';
export { upsertPipeline, type UpsertInput, type UpsertResult } from './upsert.js';
export { describeChanges, waitForExecution, type WaitOptions, type WaitResult } from './wait.js';
