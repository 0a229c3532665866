/**
 * The parts every Processing builder shares: image, instance, outputs under the execution
 * prefix, KMS key and network from the pipeline parameters, cache from the config.
 */
import type { ProcessingStepConfigBase } from '../../config/processing-config.js';
import { getInstanceType } from '../../config/processing-fields.js';
import type { WithDerived } from '../../config/base-config.js';
import { join, type Value } from '../../dsl/expressions.js';
import type { NetworkProps } from '../../dsl/network.js';
import type { CacheProps } from '../../dsl/step.js';
import { ProcessingStep, type ProcessingInputProps, type ProcessingOutputProps } from '../../dsl/steps/processing-step.js';
import { sklearnImageUri } from '../../images/image-uri.js';
import type { ScriptContract } from '../../spec/contract.js';
import type { BuildContext } from './build-context.js';
import type { PipelineParameters } from './parameters.js';

type ProcessingConfig = WithDerived<ProcessingStepConfigBase>;

/** The cache policy of a config: 30 days when `enable_caching`, none otherwise. */
export function cacheOf(config: { enable_caching: boolean }): CacheProps | undefined {
  return config.enable_caching ? { enabled: true, expireAfter: 'P30D' } : undefined;
}

/** The jobs' VPC settings, from the pipeline parameters. */
export function networkOf(p: PipelineParameters): NetworkProps {
  return { subnets: [p.subnet.ref], securityGroupIds: [p.securityGroup.ref] };
}

/** `<EXECUTION_S3_PREFIX>/<step>/<output>`. */
export function outputDestination(ctx: Pick<BuildContext, 'parameters' | 'stepName'>, outputName: string): Value {
  return join('/', [ctx.parameters.executionPrefix.ref, ctx.stepName, outputName]);
}

/** The contract's outputs, each uploaded to its default destination. */
export function contractOutputs(ctx: Pick<BuildContext, 'parameters' | 'stepName'>, contract: ScriptContract): ProcessingOutputProps[] {
  return Object.entries(contract.outputs).map(([name, path]) => ({ outputName: name, source: path, destination: outputDestination(ctx, name) }));
}

/** `processing_image_uri` when set, else the SKLearn image of `processing_framework_version`. */
export function processingImage(stepName: string, config: ProcessingConfig): string {
  return (
    config.processing_image_uri ??
    sklearnImageUri({ region: config.aws_region, version: config.processing_framework_version, field: `${stepName}.processing_framework_version` })
  );
}

export interface ProcessingParts {
  entrypoint: Value[];
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
    imageUri: processingImage(ctx.stepName, c),
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
    network: networkOf(ctx.parameters),
    ...(cacheOf(c) ? { cache: cacheOf(c)! } : {}),
  });
}
