/**
 * RegisterModel steps into the sagewire inventory: SageMaker's model package arguments are
 * mapped onto an inventory registration request. Fields SageMaker does not have (domain,
 * objective, owner, variable lists) come from `CustomerMetadataProperties` when set there,
 * else from the model package group name and generic defaults. The artifacts are registered
 * `opaque`: kept and hashed, never opened, as SageMaker's registry treats model data.
 */
import { InventoryError } from '../errors.js';
import { InventoryClient, InventoryRegistrar } from '../registry/index.js';
import type { RegistrationRequest } from '../registry/index.js';
import type { Json, JsonObject } from './definition.js';
import type { ModelPackageRegistrar } from './step-context.js';

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const strings = (v: Json | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function variableList(raw: Json | undefined, fallback: [string, 'NUMERIC' | 'TEXT'][]): RegistrationRequest['source_model_inference_input_variable_list'] {
  if (typeof raw !== 'string') return fallback;
  try {
    return JSON.parse(raw) as RegistrationRequest['source_model_inference_input_variable_list'];
  } catch {
    return fallback;
  }
}

/** The inventory request for a RegisterModel step's (resolved) arguments. */
export function registrationRequestFor(args: JsonObject, executionId: string): RegistrationRequest {
  const group = typeof args.ModelPackageGroupName === 'string' ? args.ModelPackageGroupName : 'local-models';
  const meta = obj(args.CustomerMetadataProperties);
  const spec = obj(args.InferenceSpecification);
  const container = obj((Array.isArray(spec.Containers) ? spec.Containers : [])[0]);
  const text = (k: string, d: string) => (typeof meta[k] === 'string' && meta[k] ? (meta[k] as string) : d);
  const env = Object.fromEntries(Object.entries(obj(container.Environment)).map(([k, v]) => [k, String(v)]));
  return {
    model_domain: text('model_domain', group),
    model_objective: text('model_objective', group),
    source_model_inference_content_types: strings(spec.SupportedContentTypes).length ? strings(spec.SupportedContentTypes) : ['text/csv'],
    source_model_inference_response_types: strings(spec.SupportedResponseMIMETypes).length ? strings(spec.SupportedResponseMIMETypes) : ['application/json'],
    source_model_inference_input_variable_list: variableList(meta.input_variable_list, [['features', 'TEXT']]),
    source_model_inference_output_variable_list: variableList(meta.output_variable_list, [['prediction', 'NUMERIC']]),
    model_registration_region: text('model_registration_region', 'us-east-1'),
    model_owner: text('model_owner', 'local'),
    source_model_inference_image_arn: typeof container.Image === 'string' ? container.Image : 'local',
    model_artifact_uri: String(container.ModelDataUrl ?? ''),
    ...(typeof args.SamplePayloadUrl === 'string' ? { payload_artifact_uri: args.SamplePayloadUrl } : {}),
    // SageMaker's registry never opens a model package's artifacts; neither does the inventory here.
    model_artifact_format: 'opaque',
    ...(Object.keys(env).length ? { source_model_environment_variable_map: env } : {}),
    workflow_execution_id: executionId,
  };
}

/** CreateModelPackage's ModelApprovalStatus values; a version starts PendingManualApproval. */
const APPROVAL_STATUSES = ['Approved', 'Rejected', 'PendingManualApproval'] as const;
const DEFAULT_APPROVAL = 'PendingManualApproval';

/**
 * A registrar for RegisterModel steps that registers into the inventory at `url`, waits, and
 * gives the version the step's ModelApprovalStatus (as CreateModelPackage does).
 */
export function inventoryModelPackageRegistrar(url: string, executionId: string, token?: string): ModelPackageRegistrar {
  const registrar = new InventoryRegistrar(url, token);
  const client = new InventoryClient(url, token ? { token } : {});
  return async (args, step) => {
    const approval = typeof args.ModelApprovalStatus === 'string' ? args.ModelApprovalStatus : DEFAULT_APPROVAL;
    if (!(APPROVAL_STATUSES as readonly string[]).includes(approval)) {
      throw new InventoryError(`step ${step}: ModelApprovalStatus is ${JSON.stringify(approval)}; SageMaker takes ${APPROVAL_STATUSES.join(', ')}`);
    }
    const started = await registrar.register(registrationRequestFor(args, executionId));
    const done = await registrar.waitForDone(started.handle, { pollInterval: 100 });
    if (done.status !== 'REGISTERED') {
      throw new InventoryError(`step ${step}: the inventory refused the model: ${done.reason ?? 'no reason given'}`);
    }
    if (approval !== DEFAULT_APPROVAL && done.modelVersion) {
      await client.setApproval(done.modelId, done.modelVersion, approval as (typeof APPROVAL_STATUSES)[number], `ModelApprovalStatus of RegisterModel step ${step}, execution ${executionId}`);
    }
    return {
      ModelPackageArn: done.executionArn,
      ModelPackageName: done.modelId,
      ModelPackageGroupName: typeof args.ModelPackageGroupName === 'string' ? args.ModelPackageGroupName : 'local-models',
      ModelPackageVersion: done.modelVersion ?? 1,
      ModelApprovalStatus: approval,
      ModelPackageStatus: 'Completed',
      InferenceSpecification: (args.InferenceSpecification ?? {}) as Json,
    };
  };
}
