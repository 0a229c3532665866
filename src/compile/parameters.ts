/**
 * The pipeline parameters every compiled pipeline declares, and which the step builders use:
 * the output prefix, the KMS key for outputs, and the VPC network settings.
 */
import { stringParameter, type Parameter } from '../dsl/parameters.js';

export interface PipelineParameters {
  /** Outputs go to `<EXECUTION_S3_PREFIX>/<step>/<output>`. */
  executionPrefix: Parameter;
  /** KMS key for job outputs (`ProcessingOutputConfig.KmsKeyId`, `OutputDataConfig.KmsKeyId`). */
  kmsKey: Parameter;
  /** Subnet of the jobs' `VpcConfig`. */
  subnet: Parameter;
  /** Security group of the jobs' `VpcConfig`. */
  securityGroup: Parameter;
}

/** The four parameters; `defaultPrefix` is the base config's `pipeline_s3_loc`. */
export function pipelineParameters(defaultPrefix: string): PipelineParameters {
  return {
    executionPrefix: stringParameter({ name: 'EXECUTION_S3_PREFIX', defaultValue: defaultPrefix }),
    kmsKey: stringParameter({ name: 'KMS_ENCRYPTION_KEY_PARAM', defaultValue: '' }),
    subnet: stringParameter({ name: 'VPC_SUBNET', defaultValue: '' }),
    securityGroup: stringParameter({ name: 'SECURITY_GROUP_ID', defaultValue: '' }),
  };
}

export function parameterList(p: PipelineParameters): Parameter[] {
  return [p.executionPrefix, p.kmsKey, p.subnet, p.securityGroup];
}
