/**
 * The registration config JSON (a RegistrationScriptConfig), built at compile time from the
 * Registration config and, when the DAG has one, the Payload config (seed 003's execution
 * document config). The same object is the registration step's STEP_CONFIG in the execution
 * document.
 */
import type { WithDerived } from '../../config/base-config.js';
import { ConfigError } from '../../errors.js';
import { pytorchImageUri, sklearnImageUri, xgboostImageUri } from '../../images/image-uri.js';
import { getSamplePayloadS3Key, type PayloadConfig } from '../payload/config.js';
import type { ModelRegistrationConfig } from './config.js';
import type { RegistrationScriptConfig } from './contract.js';

/** The inference image of the registered model, by `framework`. */
export function inferenceImageUri(stepName: string, c: WithDerived<ModelRegistrationConfig>): string {
  const req = { region: c.aws_region, version: c.framework_version, instanceType: c.inference_instance_type, field: `${stepName}.framework_version` };
  switch (c.framework) {
    case 'xgboost':
      return xgboostImageUri(req);
    case 'sklearn':
      return sklearnImageUri(req);
    case 'pytorch':
      return pytorchImageUri('inference', { ...req, pyVersion: c.py_version });
    default:
      throw new ConfigError(`${stepName}.framework: no inference image table for ${JSON.stringify(c.framework)} (supported: xgboost, sklearn, pytorch)`);
  }
}

export function registrationScriptConfig(
  stepName: string,
  c: WithDerived<ModelRegistrationConfig>,
  payload?: WithDerived<PayloadConfig>,
): RegistrationScriptConfig {
  const out: RegistrationScriptConfig = {
    model_domain: c.model_domain,
    model_objective: c.model_objective,
    source_model_inference_content_types: [...c.source_model_inference_content_types],
    source_model_inference_response_types: [...c.source_model_inference_response_types],
    source_model_inference_input_variable_list: c.source_model_inference_input_variable_list,
    source_model_inference_output_variable_list: c.source_model_inference_output_variable_list,
    model_registration_region: c.region,
    model_owner: c.model_owner,
    source_model_inference_image_arn: inferenceImageUri(stepName, c),
    source_model_region: c.aws_region,
    source_model_environment_variable_map: {
      SAGEMAKER_CONTAINER_LOG_LEVEL: '20',
      SAGEMAKER_PROGRAM: c.inference_entry_point,
      SAGEMAKER_REGION: c.aws_region,
      SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
    },
  };
  if (payload) {
    out.load_testing_info_map = {
      sample_payload_s3_bucket: payload.bucket,
      sample_payload_s3_key: getSamplePayloadS3Key(payload),
      expected_tps: payload.expected_tps,
      max_latency_in_millisecond: payload.max_latency_in_millisecond,
      instance_type_list: [c.inference_instance_type],
      max_acceptable_error_rate: payload.max_acceptable_error_rate,
    };
  }
  return out;
}
