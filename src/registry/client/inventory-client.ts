/**
 * HTTP client of the inventory. Retries 5xx answers and connection errors with backoff (POSTs
 * carry an Idempotency-Key, so a retried registration is never recorded twice); a 4xx is an
 * InventoryError with the server's message and every field issue it listed.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { InventoryError, NotFoundError, type Issue } from '../../errors.js';
import { sha256File } from '../../fs/sha256-file.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { Alias, Approval, AuditEntry, Model, ModelVersion, ModelWithVersions, Registration, RegistrationStatus, VersionMatch } from '../model/records.js';
import type { ApprovalStatus } from '../model/registry-rules.js';
import type { RegistrationRequest } from '../model/request-schema.js';
import { iamAuthorization, type IamAuthOptions } from './iam-identity.js';
import { RetryableError, withRetries, type RetryOptions } from './retry.js';

/** Reads of an uploaded file: 1 MiB, not the default 64 KiB (a 1 GiB model is 1024 reads). */
const UPLOAD_CHUNK = 1024 * 1024;

/** A file as a request body; `endAfter`: its last chunk waits for this (see uploadArtifact). */
interface FileBody {
  file: string;
  endAfter?: Promise<unknown>;
}

/** The caller's check failed while the file was being sent: the request was cut short. */
class UploadAbandoned extends Error {
  constructor(readonly reason: unknown) {
    super('upload abandoned: the check of the file failed');
  }
}

/**
 * The file's chunks, the last one only once `gate` resolves. A gate that rejects stops the
 * reading at once (not at the end of the file); `onAbandon` hears why.
 */
async function* heldEnd(file: string, gate: Promise<unknown>, onAbandon: (reason: unknown) => void): AsyncGenerator<Buffer> {
  const stream = createReadStream(file, { highWaterMark: UPLOAD_CHUNK });
  gate.catch((reason: unknown) => {
    onAbandon(reason);
    stream.destroy(reason instanceof Error ? reason : new Error(String(reason)));
  });
  let held: Buffer | undefined;
  for await (const chunk of stream) {
    if (held) yield held;
    held = chunk as Buffer;
  }
  await gate;
  if (held) yield held;
}

/**
 * Sends a file as the body with node's own HTTP client and answers a fetch Response. fetch
 * turns any streamed body into a web stream and copies every chunk into it, which with the
 * server's side was most of the CPU of a 1 GiB upload; node's client writes the file's
 * buffers to the socket as they are read. A server that answers before the body is all sent
 * (a refusal) is heard: its answer wins over the broken pipe.
 */
async function requestWithFile(url: string, method: string, headers: Record<string, string>, body: FileBody): Promise<Response> {
  const target = new URL(url);
  const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method, headers });
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  let abandoned: UploadAbandoned | undefined;
  const gate = body.endAfter ?? Promise.resolve();
  const sent = pipeline(heldEnd(body.file, gate, (reason) => (abandoned = new UploadAbandoned(reason))), request).then(
    () => undefined,
    (err: unknown) => err,
  );
  const res = await answer.catch((err: unknown) => {
    throw abandoned ?? err;
  });
  const status = res.statusCode ?? 500;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  // A refusal: the rest of the body is not wanted (and the socket cannot be reused).
  if (status >= 300) request.destroy();
  const failed = await sent;
  if (failed !== undefined && status < 300) throw failed;
  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') answerHeaders.set(name, value);
  return new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: answerHeaders });
}

/** The answer to an upload: `uri` is `inventory://artifacts/<sha256>`. */
export interface UploadedArtifact {
  uri: string;
  sha256: string;
  size: number;
}

/** The 202 answer to a registration. */
export interface RegistrationAccepted {
  registrationId: string;
  executionArn: string;
  modelId: string;
  status: RegistrationStatus;
}

/**
 * How the client proves who it is: a bearer token from the inventory's token file, or an IAM
 * identity (a presigned sts:GetCallerIdentity from the AWS credential chain, for jobs that
 * hold a role and no token; see iam-identity.ts).
 */
export type InventoryAuth = { kind: 'token'; token: string } | ({ kind: 'iam' } & IamAuthOptions);

export interface InventoryClientOptions {
  /** Bearer token (reader for reads, writer for registering). Same as `auth: {kind: 'token', token}`. */
  token?: string;
  auth?: InventoryAuth;
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

  /** `PUT …/versions/<n>/approval` (writer). */
  setApproval(modelId: string, version: number, status: ApprovalStatus, reason?: string): Promise<{ modelId: string; version: number; approval: Approval }> {
    return this.call('PUT', `${this.versionPath(modelId, version)}/approval`, { status, ...(reason !== undefined ? { reason } : {}) });
  }

  /** `PUT /v1/models/<id>/aliases/<alias>` (writer): points the alias at `version`. */
  setAlias(modelId: string, alias: string, version: number): Promise<Alias> {
    return this.call('PUT', this.aliasPath(modelId, alias), { version });
  }

  getAlias(modelId: string, alias: string): Promise<Alias> {
    return this.call('GET', this.aliasPath(modelId, alias));
  }

  deleteAlias(modelId: string, alias: string): Promise<{ deleted: Alias }> {
    return this.call('DELETE', this.aliasPath(modelId, alias));
  }

  /** `PATCH …/versions/<n>` (writer): tags merged (null removes one), the card replaced (null removes it). */
  patchVersion(modelId: string, version: number, patch: { tags?: Record<string, string | null>; model_card?: string | null }): Promise<ModelVersion> {
    return this.call('PATCH', this.versionPath(modelId, version), patch);
  }

  /** `GET /v1/models?tag=k:v&status=…&q=…`: the versions matching every condition. */
  search(filter: { tags?: Array<[string, string]>; status?: ApprovalStatus; q?: string; limit?: number }): Promise<{ models: Model[]; versions: VersionMatch[] }> {
    const q = new URLSearchParams();
    for (const [key, value] of filter.tags ?? []) q.append('tag', `${key}:${value}`);
    if (filter.status) q.set('status', filter.status);
    if (filter.q) q.set('q', filter.q);
    if (filter.limit) q.set('limit', String(filter.limit));
    return this.call<{ models: Model[]; versions?: VersionMatch[] }>('GET', `/v1/models?${q}`).then((r) => ({ models: r.models, versions: r.versions ?? [] }));
  }

  /** `GET /v1/audit`: one page, oldest first; pass `next` as `after` for the following one. */
  listAudit(opts: { after?: number; limit?: number; modelId?: string } = {}): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const q = new URLSearchParams();
    if (opts.after !== undefined) q.set('after', String(opts.after));
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.modelId) q.set('model', opts.modelId);
    return this.call('GET', `/v1/audit?${q}`);
  }

  private versionPath(modelId: string, version: number): string {
    return `/v1/models/${encodeURIComponent(modelId)}/versions/${version}`;
  }

  private aliasPath(modelId: string, alias: string): string {
    return `/v1/models/${encodeURIComponent(modelId)}/aliases/${encodeURIComponent(alias)}`;
  }

  /**
   * `POST /v1/artifacts`: streams the file to the inventory and returns
   * `inventory://artifacts/<sha256>` for a registration (uploads are content-addressed, so a
   * retried upload is harmless).
   * - `known.sha256` (from a pass that already read the file) saves hashing it again here; the
   *   inventory refuses bytes that do not match it.
   * - `known.checking`: the caller's own check of the file, running now; the upload goes on
   *   beside it but holds back its last chunk until the check settles. A failed check abandons
   *   the upload (the inventory keeps nothing) and this rejects with the check's error; a passed
   *   one must have read the bytes the inventory received (its sha256, compared after).
   */
  async uploadArtifact(path: string, known?: { sha256: string } | { checking: Promise<string> }): Promise<UploadedArtifact> {
    const { size } = await stat(path);
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(size) };
    if (known && 'checking' in known) {
      const answer = await this.call<UploadedArtifact>('POST', '/v1/artifacts', undefined, headers, { file: path, endAfter: known.checking });
      const checked = await known.checking;
      if (answer.sha256 !== checked) {
        throw new InventoryError(`${path}: the inventory received bytes with sha256 ${answer.sha256}, the check here read ${checked}: the file changed while it was sent`);
      }
      return answer;
    }
    const sha256 = known?.sha256 ?? (await sha256File(path)).sha256;
    return this.call<UploadedArtifact>('POST', '/v1/artifacts', undefined, { ...headers, 'x-content-sha256': sha256 }, { file: path });
  }

  /**
   * Writes the bytes of a version's model.tar.gz (`artifact`) or payload.tar.gz (`payload`) to
   * `dest` atomically; throws unless they have the sha256 the inventory recorded.
   */
  async downloadArtifact(modelId: string, version: number, kind: 'artifact' | 'payload', dest: string): Promise<{ sha256: string; size: number }> {
    const path = `/v1/models/${encodeURIComponent(modelId)}/versions/${version}/${kind}`;
    const res = await this.send('GET', path, { accept: 'application/gzip' });
    const expected = res.headers.get('x-content-sha256');
    await writeFileAtomic(dest, Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream));
    const got = await sha256File(dest);
    if (expected && got.sha256 !== expected) {
      throw new InventoryError(`inventory GET ${path}: received bytes with sha256 ${got.sha256}, the inventory recorded ${expected}`);
    }
    return { sha256: got.sha256, size: (await stat(dest)).size };
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    upload?: FileBody,
  ): Promise<T> {
    const res = await this.send(method, path, {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    }, body === undefined ? upload : JSON.stringify(body));
    return JSON.parse(await res.text()) as T;
  }

  /** One request with retries; answers a 2xx response, throws for anything else. */
  private async send(method: string, path: string, headers: Record<string, string>, body?: string | FileBody): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    return withRetries(async () => {
      const all = { ...(await this.authHeaders()), ...headers };
      let res: Response;
      try {
        res = typeof body === 'object' ? await requestWithFile(url, method, all, body) : await fetch(url, { method, headers: all, ...(body === undefined ? {} : { body }) });
      } catch (err) {
        // The caller's check failed: its error, not a network problem to retry.
        if (err instanceof UploadAbandoned) throw err.reason;
        // fetch names the network error in its cause; node's client throws it as it is.
        const cause = (err as { cause?: { code?: string; message?: string } }).cause ?? (err as { code?: string; message?: string });
        throw new RetryableError(`${method} ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
      }
      if (res.ok) return res;
      const text = await res.text();
      if (res.status >= 500) throw new RetryableError(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
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

  /** The Authorization header, fresh for every attempt. */
  private async authHeaders(): Promise<Record<string, string>> {
    const auth = this.opts.auth ?? (this.opts.token ? { kind: 'token' as const, token: this.opts.token } : undefined);
    if (!auth) return {};
    if (auth.kind === 'token') return { authorization: `Bearer ${auth.token}` };
    const { kind: _kind, ...iam } = auth;
    return { authorization: await iamAuthorization(this.baseUrl, iam) };
  }
}
