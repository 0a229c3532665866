/**
 * The parts every Processing builder shares: image, instance, outputs under the execution
 * prefix, KMS key and network from the pipeline parameters, cache from the config.
 */
import type { ProcessingStepConfigBase } from '../../config/processing-config.js';
import { getInstanceType } from '../../config/processing-fields.js';
import type { WithDerived } from '../../config/base-config.js';
import { executionVariable, join, type Value } from '../../dsl/expressions.js';
import type { NetworkProps } from '../../dsl/network.js';
import type { CacheProps } from '../../dsl/step.js';
import { ProcessingStep, type ProcessingInputProps, type ProcessingOutputProps } from '../../dsl/steps/processing-step.js';
import { sklearnImageUri } from '../../images/image-uri.js';
import { NODE_STEP_SKLEARN_VERSION, SKLEARN_TOO_OLD_FOR_NODE } from '../../images/table.js';
import { ConfigError } from '../../errors.js';
import type { ScriptContract } from '../../spec/contract.js';
import type { BuildContext } from './build-context.js';
import type { PipelineParameters } from './parameters.js';

/** sagewire's own steps leave `processing_framework_version` unset unless the file sets it. */
type ProcessingConfig = WithDerived<Omit<ProcessingStepConfigBase, 'processing_framework_version'>> & {
  processing_framework_version?: string | undefined;
};

/** What user scripts get when the field is unset (seed default). */
const USER_SCRIPT_SKLEARN_VERSION = '1.0-1';

/** The cache policy of a config: 30 days when `enable_caching`, none otherwise. */
export function cacheOf(config: { enable_caching: boolean }): CacheProps | undefined {
  return config.enable_caching ? { enabled: true, expireAfter: 'P30D' } : undefined;
}

/** The jobs' VPC settings, from the pipeline parameters; none for a pipeline compiled without a VPC. */
export function networkOf(p: PipelineParameters): { network: NetworkProps } | Record<string, never> {
  return p.vpc ? { network: { subnets: [p.subnet.ref], securityGroupIds: [p.securityGroup.ref] } } : {};
}

/**
 * `<EXECUTION_S3_PREFIX>/<execution id>/<step>/<output>`: two executions never write to the
 * same place. Output locations are not part of SageMaker's cache key (see docs/compile.md).
 */
export function outputDestination(ctx: Pick<BuildContext, 'parameters' | 'stepName'>, outputName: string): Value {
  return join('/', [ctx.parameters.executionPrefix.ref, executionVariable('PipelineExecutionId'), ctx.stepName, outputName]);
}

/** The contract's outputs, each uploaded to its default destination. */
export function contractOutputs(ctx: Pick<BuildContext, 'parameters' | 'stepName'>, contract: ScriptContract): ProcessingOutputProps[] {
  return Object.entries(contract.outputs).map(([name, path]) => ({ outputName: name, source: path, destination: outputDestination(ctx, name) }));
}

/**
 * `processing_image_uri` when set; else the SKLearn image of `processing_framework_version`.
 * A step that runs Node defaults to SKLearn 1.2-1 (the carried runtime needs glibc >= 2.28),
 * and one set explicitly to an older image is refused.
 */
export function processingImage(stepName: string, config: ProcessingConfig, runsNode = false): string {
  if (config.processing_image_uri) return config.processing_image_uri;
  const field = `${stepName}.processing_framework_version`;
  const given = config.processing_framework_version;
  if (runsNode && given !== undefined && SKLEARN_TOO_OLD_FOR_NODE[given]) {
    throw new ConfigError(`${field}: the SKLearn ${given} image cannot run this step`, [
      {
        path: field,
        message: `got ${JSON.stringify(given)}: the step runs the official Node binary, which needs glibc >= 2.28, and ${SKLEARN_TOO_OLD_FOR_NODE[given]}; remove the field (default ${NODE_STEP_SKLEARN_VERSION}) or set ${NODE_STEP_SKLEARN_VERSION} or later`,
      },
    ]);
  }
  const version = given ?? (runsNode ? NODE_STEP_SKLEARN_VERSION : USER_SCRIPT_SKLEARN_VERSION);
  return sklearnImageUri({ region: config.aws_region, version, field });
}

export interface ProcessingParts {
  entrypoint: Value[];
  /** The step runs a Node script (picks the image; see {@link processingImage}). */
  runsNode?: boolean;
  containerArguments?: Value[];
  inputs: ProcessingInputProps[];
  outputs: ProcessingOutputProps[];
  environment?: Record<string, Value>;
}

/** A ProcessingStep with the shared parts filled in from the context. */
export function processingStep(ctx: BuildContext & { config: ProcessingConfig }, parts: ProcessingParts): ProcessingStep {
  const c = ctx.config;
  const args = [...(parts.containerArguments ?? []), ...(c.processing_script_arguments ?? [])];
  return new ProcessingStep({
    name: ctx.stepName,
    roleArn: c.role,
    imageUri: processingImage(ctx.stepName, c, parts.runsNode ?? false),
    entrypoint: parts.entrypoint,
    ...(args.length > 0 ? { containerArguments: args } : {}),
    instanceType: getInstanceType(c),
    instanceCount: c.processing_instance_count,
    volumeSizeInGb: c.processing_volume_size,
    inputs: parts.inputs,
    outputs: parts.outputs,
    outputKmsKeyId: ctx.parameters.kmsKey.ref,
    ...(parts.environment ? { environment: parts.environment } : {}),
    maxRuntimeInSeconds: c.max_runtime_seconds,
    ...networkOf(ctx.parameters),
    ...(cacheOf(c) ? { cache: cacheOf(c)! } : {}),
  });
}
