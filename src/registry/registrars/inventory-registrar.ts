/** Registers through the sagewire inventory's HTTP API. */
import { InventoryClient, type InventoryAuth } from '../client/inventory-client.js';
import type { RetryOptions } from '../client/retry.js';
import { isTerminal, type Registration } from '../model/records.js';
import type { RegistrationRequest } from '../model/request-schema.js';
import {
  DEFAULT_WAIT_TIMEOUT_MS,
  type ModelRegistrar,
  type RegistrationHandle,
  type RegistrationOutcome,
  type RegistrationStarted,
  type WaitOptions,
} from './model-registrar.js';
import { pollUntil } from './poll-until.js';

export class InventoryRegistrar implements ModelRegistrar {
  readonly client: InventoryClient;
  readonly description: string;

  /**
   * @param url the inventory, e.g. `http://127.0.0.1:8479`
   * @param auth a writer token, or `{kind: 'iam'}` / `{kind: 'token', token}` (see InventoryAuth)
   */
  constructor(url: string, auth?: string | InventoryAuth, opts: { retry?: RetryOptions } = {}) {
    const resolved: InventoryAuth | undefined = typeof auth === 'string' ? { kind: 'token', token: auth } : auth;
    this.client = new InventoryClient(url, { ...(resolved ? { auth: resolved } : {}), ...(opts.retry ? { retry: opts.retry } : {}) });
    this.description = `inventory ${this.client.baseUrl}`;
  }

  async uploadArtifact(path: string, known?: { sha256: string } | { checking: Promise<string> }): Promise<string> {
    return (await this.client.uploadArtifact(path, known)).uri;
  }

  async register(request: RegistrationRequest): Promise<RegistrationStarted> {
    const accepted = await this.client.register(request);
    const handle: RegistrationHandle = {
      registrar: 'inventory',
      id: accepted.registrationId,
      executionArn: accepted.executionArn,
      modelId: accepted.modelId,
    };
    return { executionArn: accepted.executionArn, modelId: accepted.modelId, handle };
  }

  async waitForDone(handle: RegistrationHandle, opts: WaitOptions = {}): Promise<RegistrationOutcome> {
    const final = await pollUntil<Registration>(
      () => this.client.getRegistration(handle.id),
      (r) => isTerminal(r.status),
      (r) => r.status,
      { timeout: opts.timeout ?? DEFAULT_WAIT_TIMEOUT_MS, pollInterval: opts.pollInterval ?? 500, what: `registration ${handle.id}` },
    );
    return {
      status: final.status as 'REGISTERED' | 'FAILED',
      ...(final.reason ? { reason: final.reason } : {}),
      executionArn: final.executionArn,
      modelId: final.modelId,
      ...(final.modelVersion !== null ? { modelVersion: final.modelVersion } : {}),
    };
  }
}
