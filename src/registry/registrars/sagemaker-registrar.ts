/**
 * Registers in the SageMaker Model Registry: one model package group per domain and objective
 * (created on first use), one versioned model package per registration
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html).
 *
 * SageMaker keeps a reference to the artifact, not a copy, so when a store is given the
 * registrar first copies the model (and payload) from the caller's temporary location to a
 * permanent prefix; the caller may then delete its temporary upload as with the inventory.
 */
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  SageMakerClient,
  type DescribeModelPackageCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { randomUUID } from 'node:crypto';
import { createSageMakerClient } from '../../aws/clients.js';
import { AwsError, InventoryError } from '../../errors.js';
import { isAlreadyExists, isMissingResource, toAwsError } from '../../store/aws-errors.js';
import { joinS3Uri, parseS3Uri, type ObjectStore } from '../../store/index.js';
import { parseOrThrow } from '../model/parse-request.js';
import { registrationRequestSchema, type NormalizedRegistrationRequest, type RegistrationRequest } from '../model/request-schema.js';
import { copyObject } from './copy-object.js';
import {
  DEFAULT_WAIT_TIMEOUT_MS,
  type ModelRegistrar,
  type RegistrationHandle,
  type RegistrationOutcome,
  type RegistrationStarted,
  type WaitOptions,
} from './model-registrar.js';
import { modelPackageGroupName } from './model-package-group-name.js';
import { pollUntil } from './poll-until.js';

export interface SageMakerRegistrarOptions {
  region: string;
  /** e.g. a moto_server URL; default the AWS endpoint (or AWS_ENDPOINT_URL through the SDK). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Store to copy artifacts with; without it the request's URIs are registered as they are. */
  store?: ObjectStore;
  /** Permanent prefix for the copies; default `s3://<bucket of the model artifact>/sagewire-registry`. */
  artifactPrefix?: string;
}

/** A failed SageMaker call, read by the one AWS error mapping (store/aws-errors.ts). */
function awsError(action: string, err: unknown): Error {
  return toAwsError(err, `call SageMaker ${action}`);
}

function metadataOf(req: NormalizedRegistrationRequest): Record<string, string> {
  const props: Record<string, string> = {
    model_domain: req.model_domain,
    model_objective: req.model_objective,
    model_owner: req.model_owner,
    model_registration_region: req.model_registration_region,
    input_variable_list: JSON.stringify(req.source_model_inference_input_variable_list),
    output_variable_list: JSON.stringify(req.source_model_inference_output_variable_list),
    ...(req.workflow_execution_id ? { workflow_execution_id: req.workflow_execution_id } : {}),
    // lineage as lineage_<field> (SageMaker's own lineage tracking is not written to)
    ...Object.fromEntries(Object.entries(req.lineage ?? {}).map(([k, v]) => [`lineage_${k}`, Array.isArray(v) ? v.join(' ') : String(v)])),
  };
  // CustomerMetadataProperties values are limited to 256 characters.
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v.length <= 256));
}

export class SageMakerRegistrar implements ModelRegistrar {
  readonly client: SageMakerClient;
  readonly description: string;

  constructor(private readonly opts: SageMakerRegistrarOptions) {
    // The project's client: adaptive retries for throttling and 5xx, as deploy uses.
    this.client = createSageMakerClient({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
    this.description = `sagemaker model registry (${opts.region}${opts.endpoint ? ` at ${opts.endpoint}` : ''})`;
  }

  async register(input: RegistrationRequest): Promise<RegistrationStarted> {
    const req = parseOrThrow(registrationRequestSchema, input, 'registration request');
    const group = modelPackageGroupName(req.model_domain, req.model_objective);
    await this.ensureGroup(group, req);
    const { modelUrl, payloadUrl } = await this.permanentArtifacts(req, group);
    let arn: string | undefined;
    try {
      const out = await this.client.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: group,
          ModelPackageDescription: `${req.model_domain}/${req.model_objective} by ${req.model_owner}`,
          ModelApprovalStatus: 'PendingManualApproval',
          InferenceSpecification: {
            Containers: [
              {
                Image: req.source_model_inference_image_arn,
                ModelDataUrl: modelUrl,
                ...(req.source_model_environment_variable_map ? { Environment: req.source_model_environment_variable_map } : {}),
              },
            ],
            SupportedContentTypes: req.source_model_inference_content_types,
            SupportedResponseMIMETypes: req.source_model_inference_response_types,
            ...(req.load_testing_info_map?.instance_type_list
              ? { SupportedRealtimeInferenceInstanceTypes: req.load_testing_info_map.instance_type_list as never }
              : {}),
          },
          ...(payloadUrl ? { SamplePayloadUrl: payloadUrl } : {}),
          CustomerMetadataProperties: metadataOf(req),
          ClientToken: randomUUID(),
        }),
      );
      arn = out.ModelPackageArn;
    } catch (err) {
      throw awsError('CreateModelPackage', err);
    }
    if (!arn) throw new AwsError('SageMaker CreateModelPackage returned no ModelPackageArn');
    const handle: RegistrationHandle = { registrar: 'sagemaker', id: arn, executionArn: arn, modelId: group };
    return { executionArn: arn, modelId: group, handle };
  }

  async waitForDone(handle: RegistrationHandle, opts: WaitOptions = {}): Promise<RegistrationOutcome> {
    const final = await pollUntil<DescribeModelPackageCommandOutput>(
      async () => {
        try {
          return await this.client.send(new DescribeModelPackageCommand({ ModelPackageName: handle.id }));
        } catch (err) {
          throw awsError('DescribeModelPackage', err);
        }
      },
      (d) => d.ModelPackageStatus === 'Completed' || d.ModelPackageStatus === 'Failed',
      (d) => d.ModelPackageStatus ?? 'unknown',
      { timeout: opts.timeout ?? DEFAULT_WAIT_TIMEOUT_MS, pollInterval: opts.pollInterval ?? 2000, what: `model package ${handle.id}` },
    );
    const failed = final.ModelPackageStatus === 'Failed';
    const reasons = (final.ModelPackageStatusDetails?.ValidationStatuses ?? [])
      .concat(final.ModelPackageStatusDetails?.ImageScanStatuses ?? [])
      .filter((s) => s.FailureReason)
      .map((s) => `${s.Name}: ${s.FailureReason}`);
    return {
      status: failed ? 'FAILED' : 'REGISTERED',
      ...(failed ? { reason: reasons.join('; ') || 'SageMaker reports the model package as Failed' } : {}),
      executionArn: handle.executionArn,
      modelId: handle.modelId,
      ...(final.ModelPackageVersion !== undefined ? { modelVersion: final.ModelPackageVersion } : {}),
    };
  }

  private async ensureGroup(group: string, req: NormalizedRegistrationRequest): Promise<void> {
    try {
      await this.client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }));
      return;
    } catch (err) {
      if (!isMissingResource(err)) throw awsError('DescribeModelPackageGroup', err);
    }
    try {
      await this.client.send(
        new CreateModelPackageGroupCommand({
          ModelPackageGroupName: group,
          ModelPackageGroupDescription: `sagewire: ${req.model_domain} / ${req.model_objective}`,
        }),
      );
    } catch (err) {
      // Another registration created it in between: fine.
      if (!isAlreadyExists(err)) throw awsError('CreateModelPackageGroup', err);
    }
  }

  private async permanentArtifacts(req: NormalizedRegistrationRequest, group: string): Promise<{ modelUrl: string; payloadUrl?: string }> {
    const store = this.opts.store;
    if (!store) return { modelUrl: req.model_artifact_uri, ...(req.payload_artifact_uri ? { payloadUrl: req.payload_artifact_uri } : {}) };
    const prefix = this.opts.artifactPrefix ?? `s3://${parseS3Uri(req.model_artifact_uri).bucket}/sagewire-registry`;
    const base = joinS3Uri(prefix, `${group}/${randomUUID()}`);
    try {
      const modelUrl = await copyObject(store, req.model_artifact_uri, joinS3Uri(base, 'model.tar.gz'));
      const payloadUrl = req.payload_artifact_uri ? await copyObject(store, req.payload_artifact_uri, joinS3Uri(base, 'payload.tar.gz')) : undefined;
      return { modelUrl, ...(payloadUrl ? { payloadUrl } : {}) };
    } catch (err) {
      throw new InventoryError(`copying the artifacts to ${base} failed: ${(err as Error).message}`, [], { cause: err });
    }
  }
}
