/**
 * BasePipelineConfig: the fields every step config shares, and the fields derived from them.
 */
import { z } from 'zod';
import { bool, nonEmptyString, oneOf, pathOrS3Uri, positiveInt } from './fields.js';

export const REGIONS = ['NA', 'EU', 'FE'] as const;
export type Region = (typeof REGIONS)[number];

/** Region code -> AWS region (the mapping of the seeds and cursus). */
export const AWS_REGION_BY_CODE: Readonly<Record<Region, string>> = {
  NA: 'us-east-1',
  EU: 'eu-west-1',
  FE: 'us-west-2',
};

const bucketName = z
  .string({ error: 'expected an S3 bucket name' })
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 of a-z 0-9 . -)' });

/**
 * The shape of BasePipelineConfig; step configs extend it. Defaults follow cursus.
 * Relative local paths resolve against `project_root`, itself relative to the config file.
 */
/** An id SageMaker's VpcConfig accepts (`[-0-9a-zA-Z]+`). */
function awsId(what: string) {
  return nonEmptyString().refine((v) => /^[-0-9a-zA-Z]+$/.test(v), { message: `expected ${what}` });
}

export const basePipelineShape = {
  /** Author or owner of the pipeline; part of the pipeline name. */
  author: nonEmptyString(),
  /** S3 bucket for pipeline artifacts (code, outputs, payload samples). */
  bucket: bucketName,
  /** IAM role ARN the pipeline and its jobs run as. */
  role: nonEmptyString(),
  /** Region code: NA (us-east-1), EU (eu-west-1), FE (us-west-2). */
  region: oneOf(REGIONS),
  service_name: nonEmptyString(),
  pipeline_version: nonEmptyString(),
  /** Model class, e.g. xgboost or pytorch; part of the pipeline name. */
  model_class: nonEmptyString().default('xgboost'),
  /** Framework version (the step config may override: PyTorch 2.1.0, XGBoost 1.7-1, ...). */
  framework_version: nonEmptyString().default('2.1.0'),
  py_version: nonEmptyString().default('py310'),
  /** Folder of the step's own scripts (inference scripts for packaging); local path or s3://. */
  source_dir: pathOrS3Uri().optional(),
  /** Folder that relative paths resolve against; defaults to the config file's folder. */
  project_root: nonEmptyString().optional(),
  /** Cache the step's results (CacheConfig, 30 days). */
  enable_caching: bool().default(false),
  /** StoppingCondition.MaxRuntimeInSeconds of the step's job. */
  max_runtime_seconds: positiveInt().default(172800),
  /** Default of the VPC_SUBNET pipeline parameter (the jobs' VpcConfig), e.g. subnet-0abc123. */
  vpc_subnet: awsId('a subnet id such as subnet-0abc123').optional(),
  /** Default of the SECURITY_GROUP_ID pipeline parameter, e.g. sg-0abc123. */
  security_group_id: awsId('a security group id such as sg-0abc123').optional(),
  /** Default of the KMS_ENCRYPTION_KEY_PARAM pipeline parameter (job outputs' KMS key). */
  kms_key_id: nonEmptyString().optional(),
  /** Informational (cursus writes it); never used to compute anything. */
  current_date: z.string({ error: 'expected a string' }).optional(),
};

export const BasePipelineConfig = z.strictObject(basePipelineShape);
export type BasePipelineConfig = z.infer<typeof BasePipelineConfig>;
export type BasePipelineConfigInput = z.input<typeof BasePipelineConfig>;

/** Fields computed from the others; never read from a file (cursus's copies are ignored). */
export interface DerivedFields {
  /** AWS region of `region`. */
  aws_region: string;
  /** `<author>-<service_name>-<model_class>-<region>` */
  pipeline_name: string;
  /** `<service_name> <model_class> Model <region>` */
  pipeline_description: string;
  /** `s3://<bucket>/MODS/<pipeline_name>_<pipeline_version>` */
  pipeline_s3_loc: string;
}

/** The names of {@link DerivedFields}. */
export const DERIVED_FIELD_NAMES = ['aws_region', 'pipeline_name', 'pipeline_description', 'pipeline_s3_loc'] as const;

type BaseLike = Pick<BasePipelineConfig, 'author' | 'bucket' | 'region' | 'service_name' | 'model_class' | 'pipeline_version'>;

/** Computes the derived fields of a parsed config. */
export function deriveFields(config: BaseLike): DerivedFields {
  const pipelineName = `${config.author}-${config.service_name}-${config.model_class}-${config.region}`;
  return {
    aws_region: AWS_REGION_BY_CODE[config.region],
    pipeline_name: pipelineName,
    pipeline_description: `${config.service_name} ${config.model_class} Model ${config.region}`,
    pipeline_s3_loc: `s3://${config.bucket}/MODS/${pipelineName}_${config.pipeline_version}`,
  };
}

/** A parsed config with its derived fields filled in. */
export type WithDerived<T> = T & DerivedFields;

/** Returns a copy of `config` with the derived fields added. */
export function withDerivedFields<T extends BaseLike>(config: T): WithDerived<T> {
  return { ...config, ...deriveFields(config) };
}
