/**
 * Seed 002's registration flow: check the package (and payload) here, upload them to a
 * temporary location, register, wait, and delete the temporary objects in every case. Returns
 * the two lines the script prints.
 */
import { ScriptError, SagewireError } from '../../errors.js';
import type { Lineage } from '../../registry/model/registry-rules.js';
import type { RegistrationConfig, RegistrationRequest } from '../../registry/model/request-schema.js';
import type { ModelRegistrar, RegistrationOutcome } from '../../registry/registrars/model-registrar.js';
import { checkModelPackage, readPayloadArchive } from '../../registry/workflow/archive-checks.js';
import { validatePayloadSamples } from '../../registry/workflow/validate-payload.js';
import { joinS3Uri, type ObjectStore } from '../../store/index.js';

export interface RegisterModelInput {
  modelFile: string;
  payloadFile?: string;
  config: RegistrationConfig;
  registrar: ModelRegistrar;
  /** For a registrar that takes no uploads (SageMaker): the store of the temporary copies. */
  store?: ObjectStore;
  /** With `store`: `s3://.../<uuid>/`; everything uploaded goes under it and is deleted at the end. */
  tempPrefix?: string;
  workflowExecutionId?: string;
  performanceMetadata?: Record<string, unknown>;
  /** Where the model came from (see lineage-from-env.ts). */
  lineage?: Lineage;
  /** Tags and model card the new version starts with (the inventory; the SageMaker registry ignores them). */
  tags?: Record<string, string>;
  modelCard?: string;
  /** How long to wait for the registration (ms). */
  timeout?: number;
  pollInterval?: number;
  log?: (line: string) => void;
}

export interface RegisterModelResult extends RegistrationOutcome {
  /** The temporary objects, all deleted by the time this returns. */
  temporaryObjects: string[];
  /** The exact lines seed 002 prints. */
  lines: [string, string];
}

export function outputLines(executionArn: string, modelId: string): [string, string] {
  return [`Workflow execution arn for model registration process: ${executionArn}`, `Model id for model being registered: ${modelId}`];
}

/** Checks the model (and payload) in one validating pass each; returns their sha256, hashed in the same pass. */
async function checkLocally(input: RegisterModelInput): Promise<{ model: string; payload?: string }> {
  const program = input.config.source_model_environment_variable_map?.SAGEMAKER_PROGRAM ?? 'inference.py';
  const model = await checkModelPackage(input.modelFile, program, `model ${input.modelFile}`);
  if (!input.payloadFile) return { model };
  const { samples, sha256 } = await readPayloadArchive(input.payloadFile, `payload ${input.payloadFile}`);
  validatePayloadSamples(samples, input.config.source_model_inference_input_variable_list, input.config.source_model_inference_content_types);
  return { model, payload: sha256 };
}

export async function registerModel(input: RegisterModelInput): Promise<RegisterModelResult> {
  const log = input.log ?? (() => {});
  const checking = checkLocally(input).catch((err: unknown) => {
    if (err instanceof SagewireError) throw new ScriptError(err.message, err.issues, { cause: err });
    throw err;
  });
  checking.catch(() => undefined);
  const uploaded: string[] = [];
  try {
    let modelUri: string;
    let payloadUri: string | undefined;
    let digests: { model: string; payload?: string };
    if (input.registrar.uploadArtifact) {
      // The model goes to the inventory while it is checked here (one read each, side by side):
      // the upload holds back its last chunk until every check has passed, so a model or payload
      // that fails is never kept; the inventory checks what it received once more.
      log(`uploading ${input.modelFile} to ${input.registrar.description} while checking it`);
      [digests, modelUri] = await Promise.all([checking, input.registrar.uploadArtifact(input.modelFile, { checking: checking.then((d) => d.model) })]);
      if (input.payloadFile) {
        log(`uploading ${input.payloadFile} to ${input.registrar.description}`);
        payloadUri = await input.registrar.uploadArtifact(input.payloadFile, digests.payload ? { sha256: digests.payload } : undefined);
      }
    } else {
      // A temporary copy in the caller's bucket is a real upload: only after the checks.
      digests = await checking;
      const { store, tempPrefix } = input;
      if (!store || !tempPrefix) throw new ScriptError(`${input.registrar.description} takes no uploads: a store and a temporary prefix are needed`);
      modelUri = joinS3Uri(tempPrefix, 'model.tar.gz');
      log(`uploading ${input.modelFile} to ${modelUri}`);
      uploaded.push(modelUri);
      await store.putFile(modelUri, input.modelFile);
      if (input.payloadFile) {
        payloadUri = joinS3Uri(tempPrefix, 'payload.tar.gz');
        log(`uploading ${input.payloadFile} to ${payloadUri}`);
        uploaded.push(payloadUri);
        await store.putFile(payloadUri, input.payloadFile);
      }
    }
    const request: RegistrationRequest = {
      ...input.config,
      model_artifact_uri: modelUri,
      ...(payloadUri ? { payload_artifact_uri: payloadUri } : {}),
      ...(input.performanceMetadata ? { performance_metadata: input.performanceMetadata } : {}),
      ...(input.workflowExecutionId ? { workflow_execution_id: input.workflowExecutionId } : {}),
      ...(input.lineage && Object.keys(input.lineage).length > 0 ? { lineage: input.lineage } : {}),
      ...(input.tags && Object.keys(input.tags).length > 0 ? { tags: input.tags } : {}),
      ...(input.modelCard !== undefined ? { model_card: input.modelCard } : {}),
    };
    log(`registering with ${input.registrar.description}`);
    const started = await input.registrar.register(request);
    log(`registration started: ${started.executionArn}; waiting`);
    const outcome = await input.registrar.waitForDone(started.handle, {
      ...(input.timeout ? { timeout: input.timeout } : {}),
      ...(input.pollInterval ? { pollInterval: input.pollInterval } : {}),
    });
    if (outcome.status === 'FAILED') {
      throw new ScriptError(`registration ${started.executionArn} FAILED: ${outcome.reason ?? 'no reason given'}`);
    }
    return { ...outcome, temporaryObjects: uploaded, lines: outputLines(outcome.executionArn, outcome.modelId) };
  } finally {
    let deleted = 0;
    for (const uri of uploaded) {
      try {
        await input.store!.delete(uri);
        deleted++;
      } catch (err) {
        log(`warning: could not delete temporary ${uri}: ${(err as Error).message}`);
      }
    }
    if (uploaded.length > 0) {
      const left = uploaded.length - deleted;
      log(`deleted ${deleted} of ${uploaded.length} temporary object(s) under ${input.tempPrefix}${left > 0 ? `; ${left} left behind (see the warnings above)` : ''}`);
    }
  }
}
