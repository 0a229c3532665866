/**
 * Registration with `registrar: sagemaker`: SageMaker's own RegisterModel step (no container,
 * no script). The model package group comes from domain and objective; the inference image,
 * its environment and the content types from the registration config; seed 002's other fields
 * travel as CustomerMetadataProperties.
 * See https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html
 */
import type { BuildContext } from '../kit/build-context.js';
import type { ModelRegistrationConfig } from './config.js';
import { executionVariable, join, type Value } from '../../dsl/expressions.js';
import { RegisterModelStep } from '../../dsl/steps/register-model-step.js';
import { ConfigError } from '../../errors.js';
import { modelPackageGroupName } from '../../spec/model-package-group-name.js';
import type { RegistrationScriptConfig } from './contract.js';

/** CreateModelPackage limits: 50 keys, values of at most 256 characters. */
const MAX_METADATA_VALUE = 256;

function customerMetadata(stepName: string, sc: RegistrationScriptConfig): Record<string, Value> {
  const fields: Record<string, [string, string]> = {
    model_domain: ['model_domain', sc.model_domain],
    model_objective: ['model_objective', sc.model_objective],
    model_owner: ['model_owner', sc.model_owner],
    model_registration_region: ['region', sc.model_registration_region],
    input_variable_list: ['source_model_inference_input_variable_list', JSON.stringify(sc.source_model_inference_input_variable_list)],
    output_variable_list: ['source_model_inference_output_variable_list', JSON.stringify(sc.source_model_inference_output_variable_list)],
  };
  const issues = Object.entries(fields)
    .filter(([, [, v]]) => v.length > MAX_METADATA_VALUE)
    .map(([key, [field, v]]) => ({
      path: `${stepName}.${field}`,
      message: `becomes CustomerMetadataProperties.${key}, ${v.length} characters; SageMaker takes at most ${MAX_METADATA_VALUE}`,
    }));
  if (issues.length > 0) throw new ConfigError(`${stepName}: too long for a SageMaker model package (registrar "sagemaker")`, issues);
  return {
    ...Object.fromEntries(Object.entries(fields).map(([k, [, v]]) => [k, v])),
    workflow_execution_id: executionVariable('PipelineExecutionId'),
  };
}

export function registerModelStep(
  ctx: BuildContext<ModelRegistrationConfig>,
  sc: RegistrationScriptConfig,
  packagedModel: Value,
  payload: Value | undefined,
): RegisterModelStep {
  const c = ctx.config;
  return new RegisterModelStep({
    name: ctx.stepName,
    modelPackageGroupName: modelPackageGroupName(c.model_domain, c.model_objective),
    containers: [
      {
        image: sc.source_model_inference_image_arn,
        modelDataUrl: join('/', [packagedModel, 'model.tar.gz']),
        environment: { ...(sc.source_model_environment_variable_map ?? {}) },
      },
    ],
    contentTypes: sc.source_model_inference_content_types,
    responseTypes: sc.source_model_inference_response_types,
    realtimeInstanceTypes: [c.inference_instance_type],
    approvalStatus: c.model_approval_status,
    modelPackageDescription: `${c.model_domain} ${c.model_objective} (owner ${c.model_owner})`,
    customerMetadata: customerMetadata(ctx.stepName, sc),
    ...(payload !== undefined ? { samplePayloadUrl: join('/', [payload, 'payload.tar.gz']) } : {}),
  });
}
