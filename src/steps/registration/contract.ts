import { defineContract } from '../../spec/contract.js';
import type { VariableList } from '../payload/contract.js';

/**
 * Registration (seed 002): registers the packaged model (and payload samples) with the model
 * inventory or the SageMaker Model Registry. No outputs: registering is the side effect.
 */
export const REGISTRATION_CONTRACT = defineContract({
  entryPoint: 'register.mjs',
  inputs: {
    /** Exactly one file: the packaged model.tar.gz. */
    packaged_model_input: '/opt/ml/processing/input/model',
    /** Optional: payload.tar.gz. */
    payload_input: '/opt/ml/processing/mims_payload',
    /** A file path, written from the config at compile time: a {@link RegistrationScriptConfig}. */
    registration_config: '/opt/ml/processing/config/config',
    /** Optional performance metadata. */
    performance_metadata: '/opt/ml/processing/input/metadata',
  },
  outputs: {},
  requiredEnv: [],
  optionalEnv: {
    MODS_WORKFLOW_EXECUTION_ID: '',
    PERFORMANCE_METADATA_PATH: '',
    /** Where to register: an inventory URL, or `sagemaker` for the SageMaker Model Registry. */
    SAGEWIRE_REGISTRAR: '',
    /** For local runs only; a compiled definition never holds a token. */
    SAGEWIRE_INVENTORY_TOKEN: '',
    /** Secrets Manager secret holding the inventory token, read at run time. */
    SAGEWIRE_INVENTORY_TOKEN_SECRET: '',
    /** `iam`: authenticate with the job's IAM identity (presigned sts:GetCallerIdentity). */
    SAGEWIRE_INVENTORY_AUTH: '',
    /** Temporary upload prefix (s3://... or file://...); defaults from the model input. */
    SAGEWIRE_TEMP_PREFIX: '',
    /** Lineage the job cannot find out itself (SageMaker does not tell a processing container). */
    SAGEWIRE_PIPELINE_NAME: '',
    SAGEWIRE_PIPELINE_EXECUTION_ARN: '',
    SAGEWIRE_STEP_NAME: '',
  },
  frameworkRequirements: { node: '>=20' },
  description: 'Registers the packaged model with the model inventory and waits until done',
});

/** The registration config JSON (seed 002's required fields plus seed 003's extras). */
export interface RegistrationScriptConfig {
  model_domain: string;
  model_objective: string;
  source_model_inference_content_types: string[];
  source_model_inference_response_types: string[];
  source_model_inference_input_variable_list: VariableList;
  source_model_inference_output_variable_list: VariableList;
  model_registration_region: string;
  model_owner: string;
  source_model_inference_image_arn: string;
  source_model_region?: string;
  source_model_environment_variable_map?: Record<string, string>;
  load_testing_info_map?: {
    sample_payload_s3_bucket?: string;
    sample_payload_s3_key?: string;
    expected_tps?: number;
    max_latency_in_millisecond?: number;
    instance_type_list?: string[];
    max_acceptable_error_rate?: number;
  };
}

/** The fields a registration config must have; the script lists every one that is missing. */
export const REQUIRED_REGISTRATION_FIELDS = [
  'model_domain',
  'model_objective',
  'source_model_inference_content_types',
  'source_model_inference_response_types',
  'source_model_inference_input_variable_list',
  'source_model_inference_output_variable_list',
  'model_registration_region',
  'model_owner',
  'source_model_inference_image_arn',
] as const;
