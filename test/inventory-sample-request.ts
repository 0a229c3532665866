/** A valid registration request for tests (seed 003's field values, shortened). */
import type { RegistrationConfig, RegistrationRequest } from '../src/registry/model/request-schema.js';

export function sampleConfig(overrides: Partial<Record<keyof RegistrationConfig, unknown>> = {}): RegistrationConfig {
  return {
    model_domain: 'buyer_abuse',
    model_objective: 'risk_scoring',
    source_model_inference_content_types: ['text/csv', 'application/json'],
    source_model_inference_response_types: ['application/json'],
    source_model_inference_input_variable_list: [
      ['amount', 'NUMERIC'],
      ['country', 'TEXT'],
    ],
    source_model_inference_output_variable_list: [['score', 'NUMERIC']],
    model_registration_region: 'us-east-1',
    model_owner: 'team-risk',
    source_model_inference_image_arn: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310',
    source_model_environment_variable_map: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
    ...overrides,
  } as RegistrationConfig;
}

export function sampleRequest(overrides: Partial<Record<keyof RegistrationRequest, unknown>> = {}): RegistrationRequest {
  return { ...sampleConfig(), model_artifact_uri: 's3://caller-bucket/tmp/model.tar.gz', ...overrides } as RegistrationRequest;
}
