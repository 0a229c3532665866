/**
 * The pipeline parameters every compiled pipeline declares, and which the step builders use:
 * the output prefix, the KMS key for outputs, and the VPC network settings.
 */
import { stringParameter, type Parameter } from '../../dsl/parameters.js';

export interface PipelineParameters {
  /** Outputs go to `<EXECUTION_S3_PREFIX>/<step>/<output>`. */
  executionPrefix: Parameter;
  /** KMS key for job outputs (`ProcessingOutputConfig.KmsKeyId`, `OutputDataConfig.KmsKeyId`). */
  kmsKey: Parameter;
  /** Subnet of the jobs' `VpcConfig`. */
  subnet: Parameter;
  /** Security group of the jobs' `VpcConfig`. */
  securityGroup: Parameter;
  /** False: the jobs run without a VPC (no VpcConfig/NetworkConfig, no VPC parameters). */
  vpc: boolean;
}

/** Defaults from the base config (`vpc_subnet`, `security_group_id`, `kms_key_id`). */
export interface ParameterDefaults {
  vpc_subnet?: string | undefined;
  security_group_id?: string | undefined;
  kms_key_id?: string | undefined;
}

/**
 * The four parameters; `defaultPrefix` is the base config's `pipeline_s3_loc`. The network
 * ones default to '' when the config names none: an execution must then pass real values
 * (`deploy --start` refuses to start without them).
 */
export function pipelineParameters(defaultPrefix: string, defaults: ParameterDefaults = {}, vpc = true): PipelineParameters {
  return {
    vpc,
    executionPrefix: stringParameter({ name: 'EXECUTION_S3_PREFIX', defaultValue: defaultPrefix }),
    kmsKey: stringParameter({ name: 'KMS_ENCRYPTION_KEY_PARAM', defaultValue: defaults.kms_key_id ?? '' }),
    subnet: stringParameter({ name: 'VPC_SUBNET', defaultValue: defaults.vpc_subnet ?? '' }),
    securityGroup: stringParameter({ name: 'SECURITY_GROUP_ID', defaultValue: defaults.security_group_id ?? '' }),
  };
}

export function parameterList(p: PipelineParameters): Parameter[] {
  return p.vpc ? [p.executionPrefix, p.kmsKey, p.subnet, p.securityGroup] : [p.executionPrefix, p.kmsKey];
}
