/**
 * One interface over the places a model can be registered: the sagewire inventory (over HTTP)
 * and the SageMaker Model Registry.
 */
import type { RegistrationRequest } from '../model/request-schema.js';

/** What `waitForDone` needs to find the registration again; opaque to callers. */
export interface RegistrationHandle {
  registrar: 'inventory' | 'sagemaker';
  /** Inventory registration id, or the model package ARN. */
  id: string;
  executionArn: string;
  modelId: string;
}

export interface RegistrationStarted {
  /** Printed by the register script: the inventory execution ARN, or the model package ARN. */
  executionArn: string;
  /** Inventory model id (`model-<hex>`), or the model package group name. */
  modelId: string;
  handle: RegistrationHandle;
}

export interface RegistrationOutcome {
  status: 'REGISTERED' | 'FAILED';
  /** Why it failed (every problem the registrar found). */
  reason?: string;
  executionArn: string;
  modelId: string;
  /** Inventory model version, or the model package version. */
  modelVersion?: number;
}

export interface WaitOptions {
  /** Milliseconds to wait before giving up with an InventoryError (default 600000). */
  timeout?: number;
  /** Milliseconds between polls (default 500). */
  pollInterval?: number;
}

export interface ModelRegistrar {
  /** `inventory <url>` or `sagemaker <region>`, for logs. */
  readonly description: string;
  /**
   * When present, the registrar takes the files itself (the inventory: `POST /v1/artifacts`)
   * and answers the URI a request names them by; the caller then needs no object store.
   * `known.sha256`: the file's digest from the caller's own validating pass, so it is not read
   * once more to hash it (the receiver checks the bytes it gets against it). `known.checking`:
   * that pass, still running; the upload goes on beside it and completes only if it passes,
   * answering its digest (InventoryClient.uploadArtifact).
   */
  uploadArtifact?(path: string, known?: { sha256: string } | { checking: Promise<string> }): Promise<string>;
  /** Starts a registration; the artifacts must stay where the request says until `waitForDone` returns. */
  register(request: RegistrationRequest): Promise<RegistrationStarted>;
  /** Polls until REGISTERED or FAILED; throws an InventoryError on timeout. */
  waitForDone(handle: RegistrationHandle, opts?: WaitOptions): Promise<RegistrationOutcome>;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;
