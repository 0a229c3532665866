/**
 * The registration config JSON (a RegistrationScriptConfig), built at compile time from the
 * Registration config and, when the DAG has one, the Payload config (seed 003's execution
 * document config). The same object is the registration step's STEP_CONFIG in the execution
 * document.
 */
import type { WithDerived } from '../../config/base-config.js';
import { ConfigError } from '../../errors.js';
import { pytorchImageUri, sklearnImageUri, xgboostImageUri } from '../../images/image-uri.js';
import type { PayloadConfig } from '../payload/config.js';
import { getSamplePayloadS3Key } from '../payload/s3-key.js';
import { variablePairs } from '../../config/variable-pairs.js';
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

/**
 * The payload samples are validated against the registration's content types and input
 * variables when the model is registered; a mismatch found only then costs a whole run.
 * Checked here, at compile time, naming both fields.
 */
function checkPayloadAgreement(
  stepName: string,
  c: WithDerived<ModelRegistrationConfig>,
  payloadStep: string,
  payload: WithDerived<PayloadConfig>,
): void {
  const issues: Array<{ path: string; message: string }> = [];
  const accepted = new Set<string>(c.source_model_inference_content_types);
  const extra = payload.source_model_inference_content_types.filter((t) => !accepted.has(t));
  if (extra.length > 0) {
    issues.push({
      path: `${payloadStep}.source_model_inference_content_types`,
      message: `makes samples of ${extra.join(', ')}, which ${stepName}.source_model_inference_content_types (${[...accepted].join(', ')}) does not accept: add them there or drop them here`,
    });
  }
  const payloadVars = payload.source_model_inference_input_variable_list;
  if (payloadVars !== undefined) {
    const names = (l: Parameters<typeof variablePairs>[0]) => variablePairs(l).map(([n, t]) => `${n}:${t}`);
    const want = names(c.source_model_inference_input_variable_list);
    const got = names(payloadVars);
    if (want.join(',') !== got.join(',')) {
      issues.push({
        path: `${payloadStep}.source_model_inference_input_variable_list`,
        message: `(${got.join(', ')}) differs from ${stepName}.source_model_inference_input_variable_list (${want.join(', ')}): the samples would not match the registered model's inputs`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(`${stepName}: the payload step ${payloadStep} does not agree with the registration`, issues);
  }
}

export function registrationScriptConfig(
  stepName: string,
  c: WithDerived<ModelRegistrationConfig>,
  payload?: WithDerived<PayloadConfig>,
  payloadStep = 'Payload',
  /** The Package step's processing instance type (seed 003's load-test instance type). */
  packageInstanceType?: string,
): RegistrationScriptConfig {
  if (payload) checkPayloadAgreement(stepName, c, payloadStep, payload);
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
      instance_type_list: payload.load_test_instance_type_list
        ? [...payload.load_test_instance_type_list]
        : [packageInstanceType ?? c.inference_instance_type],
      max_acceptable_error_rate: payload.max_acceptable_error_rate,
    };
  }
  return out;
}
