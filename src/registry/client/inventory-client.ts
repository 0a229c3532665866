/**
 * HTTP client of the inventory. Retries 5xx answers and connection errors with backoff (POSTs
 * carry an Idempotency-Key, so a retried registration is never recorded twice); a 4xx is an
 * InventoryError with the server's message and every field issue it listed.
 */
import { randomUUID } from 'node:crypto';
import { InventoryError, NotFoundError, type Issue } from '../../errors.js';
import type { Model, ModelVersion, ModelWithVersions, Registration, RegistrationStatus } from '../model/records.js';
import type { RegistrationRequest } from '../model/request-schema.js';
import { RetryableError, withRetries, type RetryOptions } from './retry.js';

/** The 202 answer to a registration. */
export interface RegistrationAccepted {
  registrationId: string;
  executionArn: string;
  modelId: string;
  status: RegistrationStatus;
}

export interface InventoryClientOptions {
  /** Bearer token (reader for reads, writer for registering). */
  token?: string;
  retry?: RetryOptions;
}

interface ErrorBody {
  error?: { code?: string; message?: string; issues?: Issue[] };
}

export class InventoryClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly opts: InventoryClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** `POST /v1/registrations`. The idempotency key defaults to a fresh UUID (it makes retries safe). */
  register(request: RegistrationRequest, idempotencyKey: string = randomUUID()): Promise<RegistrationAccepted> {
    return this.call<RegistrationAccepted>('POST', '/v1/registrations', request, { 'Idempotency-Key': idempotencyKey });
  }

  getRegistration(id: string): Promise<Registration> {
    return this.call('GET', `/v1/registrations/${encodeURIComponent(id)}`);
  }

  listRegistrations(filter: { status?: RegistrationStatus; limit?: number } = {}): Promise<Registration[]> {
    const q = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
    return this.call<{ registrations: Registration[] }>('GET', `/v1/registrations?${q}`).then((r) => r.registrations);
  }

  listModels(filter: { domain?: string; objective?: string } = {}): Promise<Model[]> {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[string, string]>);
    return this.call<{ models: Model[] }>('GET', `/v1/models?${q}`).then((r) => r.models);
  }

  getModel(modelId: string): Promise<ModelWithVersions> {
    return this.call('GET', `/v1/models/${encodeURIComponent(modelId)}`);
  }

  getVersion(modelId: string, version: number): Promise<ModelVersion> {
    return this.call('GET', `/v1/models/${encodeURIComponent(modelId)}/versions/${version}`);
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const init: RequestInit = {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    return withRetries(async () => {
      let res: Response;
      try {
        res = await fetch(url, init);
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new RetryableError(`${method} ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
      }
      const text = await res.text();
      if (res.status >= 500) throw new RetryableError(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
      if (res.ok) return JSON.parse(text) as T;
      let parsed: ErrorBody = {};
      try {
        parsed = JSON.parse(text) as ErrorBody;
      } catch {
        // not JSON: keep the raw text in the message
      }
      const message = parsed.error?.message ?? text.slice(0, 200);
      if (res.status === 404) throw new NotFoundError(`inventory ${method} ${path}: ${message}`);
      throw new InventoryError(`inventory refused ${method} ${path} (HTTP ${res.status}): ${message}`, parsed.error?.issues ?? [], {
        status: res.status,
      });
    }, this.opts.retry).catch((err: unknown) => {
      if (err instanceof RetryableError) {
        throw new InventoryError(`inventory at ${this.baseUrl} unreachable or failing after retries: ${err.message}`, [], { cause: err });
      }
      throw err;
    });
  }
}
